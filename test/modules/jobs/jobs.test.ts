import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RunAgainLater } from '../../../src/modules/jobs/job-handler.ts';
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
      await waitFor(() => (worker.output().includes('worker consuming jobs') ? true : undefined), { timeoutMs: 20_000, what: 'worker start' });
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
