import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { InProcessLockManager } from '../../../src/infra/locks/in-process-lock.ts';
import { type LockManager, LockTimeoutError } from '../../../src/infra/locks/lock-manager.ts';
import { RedisLockManager } from '../../../src/infra/locks/redis-lock.ts';
import { redisUrl } from '../../helpers/app.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function maxConcurrency(locks: LockManager[], key: string, n: number): Promise<number> {
  let inside = 0;
  let max = 0;
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      locks[i % locks.length]!.withLock(
        key,
        async () => {
          inside++;
          max = Math.max(max, inside);
          await sleep(15);
          inside--;
        },
        { ttlMs: 5000, waitMs: 5000 },
      ),
    ),
  );
  return max;
}

describe('locks', () => {
  const clients: Redis[] = [];
  const redisLocks = (prefix: string) => {
    const client = new Redis(redisUrl);
    clients.push(client);
    return new RedisLockManager(client, prefix, 5);
  };
  after(async () => {
    for (const c of clients) await c.quit();
  });

  test('in process: one holder per key, other keys independent, timeouts, errors release', async () => {
    const locks = new InProcessLockManager();
    assert.equal(await maxConcurrency([locks], 'a', 8), 1);
    const [x, y] = await Promise.all([maxConcurrency([locks], 'x', 4), maxConcurrency([locks], 'y', 4)]);
    assert.deepEqual([x, y], [1, 1]);
    const held = locks.withLock('k', () => sleep(200), { ttlMs: 1000, waitMs: 1000 });
    await assert.rejects(
      locks.withLock('k', async () => 1, { ttlMs: 1000, waitMs: 30 }),
      LockTimeoutError,
    );
    await held;
    await assert.rejects(
      locks.withLock(
        'k',
        async () => {
          throw new Error('boom');
        },
        { ttlMs: 1000, waitMs: 100 },
      ),
      /boom/,
    );
    assert.equal(await locks.withLock('k', async () => 7, { ttlMs: 1000, waitMs: 100 }), 7);
  });

  test('Redis: one holder across two clients (two processes)', async () => {
    const prefix = `test-${crypto.randomBytes(4).toString('hex')}`;
    assert.equal(await maxConcurrency([redisLocks(prefix), redisLocks(prefix)], 'merchant-1', 8), 1);
  });

  test('Redis: a holder past its TTL cannot release the lock someone else took since', async () => {
    const prefix = `test-${crypto.randomBytes(4).toString('hex')}`;
    const a = redisLocks(prefix);
    const b = redisLocks(prefix);
    let bInside = false;
    let bDone!: () => void;
    const bHolding = new Promise<void>((r) => (bDone = r));
    let aInside = false;
    const slow = a.withLock(
      'k',
      async () => {
        aInside = true;
        await sleep(150); // the 50 ms TTL runs out meanwhile, and b takes the lock
      },
      { ttlMs: 50, waitMs: 1000 },
    );
    // b starts only once a holds the lock: under load a's SET can be slower than a fixed pause, and b
    // would then take the lock first and hold it for the rest of the test.
    while (!aInside) await sleep(2);
    const other = b.withLock(
      'k',
      async () => {
        bInside = true;
        await bHolding;
      },
      { ttlMs: 5000, waitMs: 5000 },
    ); // generous: under load the poll that sees a's TTL gone can be late
    await slow; // a's release must not delete b's lock
    assert.equal(bInside, true);
    await assert.rejects(
      a.withLock('k', async () => 1, { ttlMs: 1000, waitMs: 50 }),
      LockTimeoutError,
    );
    bDone();
    await other;
    assert.equal(await a.withLock('k', async () => 2, { ttlMs: 1000, waitMs: 200 }), 2);
  });
});
