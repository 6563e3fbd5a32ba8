// Redis stops answering while the API serves: requests that need it answer 503 with Retry-After
// within seconds, instead of waiting for Redis to come back; sign-up and login keep their limit
// (counted in memory meanwhile) and pass. On a Redis server of this file's own, so stopping it
// disturbs no other test file.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SecretBox } from '../../src/infra/crypto/secret-box.ts';
import { StoresRepository } from '../../src/modules/stores/stores.repository.ts';
import { createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';
import { type RedisServer, startRedisServer } from '../helpers/worker-process.ts';

/** The answer, or a failure naming the request when it takes longer than `ms`: a hang fails, it does not stall the file. */
async function within(ms: number, what: string, request: Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>) {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    const res = await Promise.race([request, timeout]);
    return { ...res, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

describe('Redis stops answering', () => {
  let redis: RedisServer;
  let t: TestApp;
  let alice: TestUser;
  let storeId: string;
  before(async () => {
    redis = await startRedisServer();
    t = await startTestApp({ env: { REDIS_URL: redis.url, REDIS_PREFIX: 'outage', REDIS_COMMAND_TIMEOUT_MS: '1000', AUTH_RATE_LIMIT_PER_MINUTE: '50' } });
    assert.equal(t.container.queue.kind, 'bullmq');
    alice = await registerUser(t.app);
    // A store with a session, so a sync may be asked for (no worker runs it here).
    storeId = (await createStore(t.app, alice)).id;
    const secrets = new SecretBox(t.container.config.secretKey!);
    await new StoresRepository(t.container.database.db).update(storeId, { sessionEncrypted: secrets.seal('[]'), lastLogin: new Date() });
  });
  after(async () => {
    redis.thaw();
    await t?.close();
    await redis?.kill();
  });

  const sync = () => t.app.inject({ method: 'POST', url: `/api/v1/kaspi/stores/${storeId}/sync/`, headers: alice.headers });
  const login = () => t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: alice.email, password: 'correct horse battery' } });

  async function assertAnswersWithoutRedis() {
    const refused = await within(5_000, 'POST sync', sync());
    assert.equal(refused.statusCode, 503, refused.body);
    assert.equal(JSON.parse(refused.body).code, 'queue_unavailable');
    assert.ok(Number(refused.headers['retry-after']) >= 1, `Retry-After: ${refused.headers['retry-after']}`);
    // The refused sync is failed, not left queued: it holds no store's one-sync slot.
    const [job] = await t.sql<{ state: string; error: string }>(`select state, error from jobs where store_id = $1 order by created_at desc limit 1`, [storeId]);
    assert.deepEqual(job, { state: 'failed', error: 'The job queue is unavailable.' });

    const signedIn = await within(5_000, 'POST login', login());
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    const signedUp = await within(
      5_000,
      'POST register',
      t.app.inject({ method: 'POST', url: '/api/v1/auth/register/', payload: { email: `late-${Date.now()}@example.kz`, password: 'correct horse battery' } }),
    );
    assert.equal(signedUp.statusCode, 202, signedUp.body);
  }

  test('with Redis up, a sync is queued and login passes', async () => {
    const res = await sync();
    assert.ok([200, 202].includes(res.statusCode), res.body);
    assert.equal((await login()).statusCode, 200);
    // Out of the way of the next tests' syncs (one per store at a time).
    await t.sql(`update jobs set state = 'completed' where store_id = $1`, [storeId]);
  });

  test('a frozen Redis (no answer at all): 503 with Retry-After within seconds, login and register pass', async () => {
    redis.freeze();
    try {
      await assertAnswersWithoutRedis();
    } finally {
      redis.thaw();
    }
  });

  test('a Redis that is gone (connection refused): the same', async () => {
    await redis.kill();
    await assertAnswersWithoutRedis();
  });

  test('the login limit still holds while Redis is gone, counted in memory', async () => {
    let limited: { statusCode: number; headers: Record<string, unknown> } | undefined;
    for (let i = 0; i < 60 && !limited; i++) {
      const res = await login();
      if (res.statusCode === 429) limited = res;
    }
    assert.ok(limited, 'the 51st login within a minute is refused');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
  });

  test('Redis back: syncs are queued again once the clients have reconnected', async () => {
    await redis.start();
    const res = await waitFor(
      async () => {
        const answer = await within(5_000, 'POST sync', sync());
        return answer.statusCode === 503 ? undefined : answer;
      },
      { timeoutMs: 15_000, what: 'a sync accepted again' },
    );
    assert.ok([200, 202].includes(res.statusCode), res.body);
  });
});
