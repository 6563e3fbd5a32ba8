import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DomainError } from '../../../src/errors/domain-error.ts';
import { RunAgainLater } from '../../../src/modules/jobs/job-handler.ts';
import { LOST_RUNS_ERROR } from '../../../src/modules/jobs/jobs.service.ts';
import { redisUrl, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { runCli } from '../../helpers/process.ts';
import { waitFor } from '../../helpers/wait.ts';

async function jobState(t: TestApp, user: TestUser, id: string) {
  const res = await t.app.inject({ url: `/api/v1/jobs/${id}/`, headers: user.headers });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { id: string; type: string; state: string; progress: Record<string, unknown>; result: Record<string, unknown> | null; error: string | null };
}

const finished = (t: TestApp, user: TestUser, id: string, timeoutMs = 15_000) =>
  waitFor(
    async () => {
      const job = await jobState(t, user, id);
      return job.state === 'completed' || job.state === 'failed' ? job : undefined;
    },
    { timeoutMs, what: `job ${id} to finish` },
  );

/**
 * The first write of `completed` for jobs of `type` fails inside PostgreSQL, as when the connection
 * drops at that moment: the run did its work but could not say so. (A sequence, because its
 * nextval survives the failed statement's rollback.)
 */
async function failFirstCompletion(t: TestApp, type: string, name: string): Promise<void> {
  await t.sql(`create sequence ${name}`);
  await t.sql(
    `create function ${name}() returns trigger language plpgsql as $$
     begin
       if new.type = '${type}' and new.state = 'completed' and nextval('${name}') = 1 then raise exception 'connection lost'; end if;
       return new;
     end $$`,
  );
  await t.sql(`create trigger ${name} before update on jobs for each row execute function ${name}()`);
}

/** Submits a job whose final write fails; resolves once its one run is over, the job left running. */
async function jobWithLostFinish(t: TestApp, user: TestUser, type: string, dedupeKey: string) {
  const counter = { runs: 0 };
  t.container.services.jobs.register({
    type,
    async run() {
      counter.runs++;
      return { runs: counter.runs };
    },
  });
  const job = await t.container.services.jobs.submit({ type, userId: user.id, dedupeKey });
  await waitFor(() => (counter.runs === 1 ? true : undefined), { what: 'the first run' });
  await new Promise((r) => setTimeout(r, 300)); // its final write is tried and fails meanwhile
  assert.equal((await jobState(t, user, job.id)).state, 'running', 'the run is over but the job still says running');
  return { job, counter };
}

for (const backend of ['in-process', 'bullmq'] as const) {
  describe(`jobs on the ${backend} queue`, () => {
    let t: TestApp;
    let alice: TestUser;
    let bob: TestUser;
    before(async () => {
      t = await startTestApp({ redis: backend === 'bullmq', env: { WORKER_CONCURRENCY: '1' } });
      assert.equal(t.container.queue.kind, backend);
      await t.container.startWorkers();
      alice = await registerUser(t.app);
      bob = await registerUser(t.app);
    });
    after(() => t.close());

    test('a submitted job runs and GET /api/v1/jobs/{id}/ reports its result', async () => {
      const job = await t.container.services.jobs.submit({ type: 'system.ping', userId: alice.id, payload: { hello: 'world' } });
      const done = await finished(t, alice, job.id);
      assert.equal(done.state, 'completed');
      assert.equal(done.type, 'system.ping');
      assert.deepEqual(done.result?.['echo'], { hello: 'world' });
      assert.deepEqual(done.progress, { step: 'pinged' });
      assert.equal(done.error, null);
    });

    test('progress is visible while the job runs', async () => {
      const job = await t.container.services.jobs.submit({ type: 'system.ping', userId: alice.id, payload: { delay_ms: 1500 } });
      // The handler reports progress a moment after the job is claimed; wait for that report.
      const running = await waitFor(
        async () => {
          const s = await jobState(t, alice, job.id);
          return s.progress['step'] === 'started' ? s : undefined;
        },
        { what: 'progress report' },
      );
      assert.equal(running.state, 'running');
      assert.equal((await finished(t, alice, job.id)).state, 'completed');
    });

    test('a job of an unknown type fails with a reason', async () => {
      const job = await t.container.services.jobs.submit({ type: 'nobody.handles.this', userId: alice.id });
      const done = await finished(t, alice, job.id);
      assert.equal(done.state, 'failed');
      assert.match(done.error ?? '', /No handler/);
    });

    test('a polling job runs again later without holding the worker slot, keeping its dedupe key while it waits', async () => {
      const runs: number[] = [];
      const type = `test.poll.${backend}`;
      t.container.services.jobs.register({
        type,
        async run({ job }) {
          runs.push(Date.now());
          const n = Number(job.progress['runs'] ?? 0) + 1;
          return n < 3 ? new RunAgainLater(800, { runs: n }) : { runs: n };
        },
      });
      const job = await t.container.services.jobs.submit({ type, userId: alice.id, dedupeKey: `${type}:1` });
      const waiting = await waitFor(
        async () => {
          const s = await jobState(t, alice, job.id);
          return s.progress['runs'] === 1 ? s : undefined;
        },
        { what: 'the first run' },
      );
      assert.equal(waiting.state, 'queued', 'between runs the job is queued, not running');
      const again = await t.container.services.jobs.submit({ type, userId: alice.id, dedupeKey: `${type}:1` });
      assert.equal(again.id, job.id, 'the waiting job still holds its dedupe key');
      // One worker slot (WORKER_CONCURRENCY=1): another job runs while the poller waits.
      const ping = await t.container.services.jobs.submit({ type: 'system.ping', userId: alice.id });
      assert.equal((await finished(t, alice, ping.id)).state, 'completed');
      assert.equal(runs.length, 1, 'the ping ran before the poller ran again');
      const done = await finished(t, alice, job.id);
      assert.deepEqual([done.state, done.result], ['completed', { runs: 3 }]);
      assert.equal(runs.length, 3);
      for (let i = 1; i < runs.length; i++) assert.ok(runs[i]! - runs[i - 1]! >= 780, `runs ${runs[i]! - runs[i - 1]!} ms apart`);
    });

    test('a job whose final write failed is taken back when its lease runs out: a new sync request gets it running again', async () => {
      const type = `test.lost-finish.${backend.replace('-', '_')}`;
      await failFirstCompletion(t, type, 'fail_lost_finish');
      const { job, counter } = await jobWithLostFinish(t, alice, type, `${type}:store-1`);
      // While its lease holds, the run may still be finishing: the one-per-key rule returns it.
      assert.equal((await t.container.services.jobs.submit({ type, userId: alice.id, dedupeKey: `${type}:store-1` })).id, job.id);
      // The lease runs out (JOB_LEASE_SECONDS later; here at once).
      await t.sql(`update jobs set lease_until = now() - interval '1 second' where id = $1`, [job.id]);
      const again = await t.container.services.jobs.submit({ type, userId: alice.id, dedupeKey: `${type}:store-1` });
      assert.equal(again.id, job.id, 'the job is taken back and queued again, not handed out dead');
      const done = await finished(t, alice, job.id);
      assert.deepEqual([done.state, done.result, counter.runs], ['completed', { runs: 2 }, 2]);
    });

    test('a job whose final write failed is run again by the recovery a worker does at start, under a fresh queue id', async () => {
      const type = `test.lost-recovery.${backend.replace('-', '_')}`;
      await failFirstCompletion(t, type, 'fail_lost_recovery');
      const { job, counter } = await jobWithLostFinish(t, alice, type, `${type}:store-1`);
      await t.sql(`update jobs set lease_until = now() - interval '1 second' where id = $1`, [job.id]);
      // BullMQ still holds the first delivery (as failed) under the job's id, and ignores that id.
      await t.container.services.jobs.recoverUnfinished();
      const done = await finished(t, alice, job.id);
      assert.deepEqual([done.state, done.result, counter.runs], ['completed', { runs: 2 }, 2]);
    });

    test("a failed job's error is a message for its owner, not an internal exception", async () => {
      const type = `test.errors.${backend}`;
      t.container.services.jobs.register({
        type,
        async run({ job }) {
          if (job.payload['refuse']) throw new DomainError('not_repriceable', 'This product has no Kaspi product id.');
          throw new Error('Failed query: select "secret" from "users" where "email" = $1\nparams: someone@example.kz');
        },
      });
      const refused = await t.container.services.jobs.submit({ type, userId: alice.id, payload: { refuse: true } });
      assert.equal((await finished(t, alice, refused.id)).error, 'This product has no Kaspi product id.');
      const crashed = await t.container.services.jobs.submit({ type, userId: alice.id });
      const error = (await finished(t, alice, crashed.id)).error ?? '';
      assert.match(error, /internal error/);
      assert.doesNotMatch(error, /someone@example|select/);
    });

    test("someone else's job is a 404", async () => {
      const job = await t.container.services.jobs.submit({ type: 'system.ping', userId: alice.id });
      const res = await t.app.inject({ url: `/api/v1/jobs/${job.id}/`, headers: bob.headers });
      assert.equal(res.statusCode, 404);
    });
  });
}

describe('jobs survive restarts', () => {
  test('embedded: jobs left queued or running by a dead process run when workers start again', async () => {
    const t = await startTestApp();
    try {
      const alice = await registerUser(t.app);
      // Rows as a crashed process leaves them: one queued, one running; no queue holds them.
      const rows = await t.sql<{ id: string }>(`insert into jobs (user_id, type, state) values ($1, 'system.ping', 'queued'), ($1, 'system.ping', 'running') returning id`, [alice.id]);
      await t.container.startWorkers();
      for (const { id } of rows) assert.equal((await finished(t, alice, id)).state, 'completed');
    } finally {
      await t.close();
    }
  });

  test('a job whose runs keep being lost is failed with a message, and no longer holds its key', async () => {
    const t = await startTestApp({ env: { JOB_LOST_RUN_RETRIES: '2' } });
    try {
      const alice = await registerUser(t.app);
      const [lost] = await t.sql<{ id: string }>(
        `insert into jobs (user_id, type, state, dedupe_key, lost_runs, lease_until) values ($1, 'system.ping', 'running', 'ping:lost', 2, now() - interval '1 second') returning id`,
        [alice.id],
      );
      const fresh = await t.container.services.jobs.submit({ type: 'system.ping', userId: alice.id, dedupeKey: 'ping:lost' });
      assert.notEqual(fresh.id, lost!.id, 'a new job, not the dead one');
      const old = await jobState(t, alice, lost!.id);
      assert.deepEqual([old.state, old.error], ['failed', LOST_RUNS_ERROR]);
    } finally {
      await t.close();
    }
  });
});

describe('worker process on BullMQ/Redis', () => {
  let t: TestApp;
  let alice: TestUser;
  before(async () => {
    t = await startTestApp({ redis: true });
    alice = await registerUser(t.app);
  });
  after(() => t.close());

  const workerEnv = () => ({
    DATABASE_URL: t.database.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: t.container.config.redisPrefix,
    SECRET_KEY: t.container.config.secretKey,
    MIGRATE_ON_START: 'false',
  });

  test('`worker` consumes jobs the API submitted and finishes a running one on SIGTERM', async () => {
    const worker = runCli(['worker'], workerEnv());
    try {
      await waitFor(() => (worker.output().includes('worker consuming jobs') ? true : undefined), { timeoutMs: 90_000, what: 'worker start' });
      const quick = await t.container.services.jobs.submit({ type: 'system.ping', userId: alice.id });
      const done = await finished(t, alice, quick.id);
      assert.equal(done.result?.['pid'], worker.child.pid, 'the worker process ran it, not the API');

      const slow = await t.container.services.jobs.submit({ type: 'system.ping', userId: alice.id, payload: { delay_ms: 2000 } });
      await waitFor(async () => ((await jobState(t, alice, slow.id)).state === 'running' ? true : undefined), { what: 'slow job running' });
      worker.child.kill('SIGTERM');
      assert.equal(await worker.exited, 0, worker.output());
      assert.equal((await jobState(t, alice, slow.id)).state, 'completed', 'graceful shutdown let the running job finish');
    } finally {
      worker.child.kill('SIGKILL');
    }
  });

  test('`worker` without REDIS_URL refuses to start with a clear message', async () => {
    const worker = runCli(['worker'], { ...workerEnv(), REDIS_URL: '' });
    assert.equal(await worker.exited, 1);
    assert.match(worker.output(), /needs REDIS_URL/);
  });
});
