import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { MemoryBudgetStore } from '../../../src/infra/budget/memory-budget-store.ts';
import { BudgetExhaustedError, type BudgetStore, RateBudget } from '../../../src/infra/budget/rate-budget.ts';
import { RedisBudgetStore } from '../../../src/infra/budget/redis-budget-store.ts';
import { redisUrl } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/wait.ts';
import { type RedisServer, startRedisServer } from '../../helpers/worker-process.ts';

const connections: Redis[] = [];
after(() => {
  for (const c of connections) c.disconnect();
});

function redisStore(prefix: string): BudgetStore {
  const redis = new Redis(redisUrl);
  connections.push(redis);
  return new RedisBudgetStore(redis, prefix);
}

/** The most grants that fall inside any window of `windowMs`. */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const backends: [string, () => BudgetStore[]][] = [
  [
    'memory',
    () => {
      const s = new MemoryBudgetStore();
      return [s, s];
    },
  ],
  // Two stores on two connections: two processes sharing one budget.
  [
    'redis',
    () => {
      const prefix = `test-${crypto.randomBytes(4).toString('hex')}`;
      return [redisStore(prefix), redisStore(prefix)];
    },
  ],
];

for (const [name, makeStores] of backends) {
  describe(`rate budget on ${name}`, () => {
    test('requests from several takers are spaced to the rate, never bunched at a window edge', async () => {
      const [a, b] = makeStores();
      const rule = { ratePerSecond: 20, burst: 1 };
      const budgets = [new RateBudget(a!, 'reads', rule), new RateBudget(b!, 'reads', rule)];
      const started = Date.now();
      const grants: number[] = [];
      await Promise.all(Array.from({ length: 24 }, (_, i) => budgets[i % 2]!.take('ip-1').then(() => grants.push(Date.now()))));
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 23 * 50 - 30, `24 requests at 20/s take at least ~1.15 s, took ${elapsed} ms`);
      // 10 fit in any 500 ms at 20/s; a window-edge limiter would let 20 through at once. The margin
      // is for the event loop, which under load can deliver grants that were spaced a little together.
      assert.ok(maxInWindow(grants, 500) <= 13, `at most 10 (+3 event-loop jitter) in any 500 ms: ${maxInWindow(grants, 500)}`);
    });

    test('keys are independent; a burst allowance lets that many through at once', async () => {
      const [store] = makeStores();
      const budget = new RateBudget(store!, 'writes', { ratePerSecond: 2, burst: 3 });
      const started = Date.now();
      await Promise.all([budget.take('m1'), budget.take('m1'), budget.take('m1'), budget.take('m2')]);
      assert.ok(Date.now() - started < 200, 'three for m1 in the burst, and m2 has its own');
      await assert.rejects(budget.take('m1', 100), (err: unknown) => err instanceof BudgetExhaustedError && err.reason === 'busy');
    });

    // Kaspi counts requests when they arrive, not when their slot was reserved: a taker that wakes up
    // late (a busy event loop, a long GC) must not end up right before the next taker's on-time send.
    test('a taker that sends late pushes the next sends back: sends stay an interval apart', async () => {
      const [store] = makeStores();
      const rule = { ratePerSecond: 1.5, burst: 1 };
      const intervalMs = 1000 / rule.ratePerSecond;
      const lateMs = 500;
      const onTime = new RateBudget(store!, 'writes', rule);
      const late = new RateBudget(store!, 'writes', rule, { sleep: (ms) => new Promise((r) => setTimeout(r, ms + lateMs)) });
      const sends: [string, number][] = [];
      const send = (name: string, budget: RateBudget) => budget.take('m1').then(() => sends.push([name, Date.now()]));
      // Reserved in this order: a now, b at +667 ms (wakes at +1167), c at +1333, d at +2000.
      await Promise.all([send('a', onTime), send('b', late), send('c', onTime), send('d', onTime)]);
      sends.sort((x, y) => x[1] - y[1]);
      const gaps = sends.slice(1).map(([name, at], i) => [`${sends[i]![0]}->${name}`, at - sends[i]![1]] as const);
      // Without the check at send time c follows b by ~170 ms. The margin is for timers firing late under load.
      for (const [pair, gap] of gaps) assert.ok(gap >= intervalMs * 0.75, `${pair} ${gap} ms apart, want ~${Math.round(intervalMs)}: ${JSON.stringify(gaps)}`);
    });

    test('a key paused while a taker waits for its slot stops that taker before it sends', async () => {
      const [a, b] = makeStores();
      const budget = new RateBudget(a!, 'writes', { ratePerSecond: 4, burst: 1 });
      const other = new RateBudget(b!, 'writes', { ratePerSecond: 4, burst: 1 });
      await budget.take('m1');
      const waiting = budget.take('m1'); // its slot is ~250 ms away
      await other.pause('m1', 2_000); // a 429 for the request just sent
      await assert.rejects(waiting, (err: unknown) => err instanceof BudgetExhaustedError && err.reason === 'paused');
    });

    test('a paused key refuses every taker until the pause ends; other keys carry on', async () => {
      const [a, b] = makeStores();
      const one = new RateBudget(a!, 'writes', { ratePerSecond: 100, burst: 1 });
      const other = new RateBudget(b!, 'writes', { ratePerSecond: 100, burst: 1 });
      await one.pause('banned', 400);
      await assert.rejects(other.take('banned'), (err: unknown) => err instanceof BudgetExhaustedError && err.reason === 'paused' && err.retryInMs > 200);
      await other.take('fine');
      assert.ok((await other.pausedForMs('banned')) > 0);
      await new Promise((r) => setTimeout(r, 450));
      await other.take('banned');
      assert.equal(await other.pausedForMs('banned'), 0);
    });
  });
}

describe('rate budget when Redis goes away', () => {
  let server: RedisServer;
  let redis: Redis;
  let store: RedisBudgetStore;
  const holdMs = 1500;
  const rule = { ratePerSecond: 1, burst: 1 };

  before(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url, { maxRetriesPerRequest: 2 });
    redis.on('error', () => {}); // refused reconnects while the server is down
    store = new RedisBudgetStore(redis, 'restart-test', holdMs);
    await waitFor(() => (redis.status === 'ready' ? true : undefined), { what: 'the connection' });
  });
  after(async () => {
    redis?.disconnect();
    await server?.kill();
  });

  const busy = (err: unknown) => err instanceof BudgetExhaustedError && err.reason === 'busy';

  test('a reconnect to the same server keeps the schedule and holds nothing', async () => {
    const budget = new RateBudget(store, 'writes', { ratePerSecond: 0.2, burst: 1 });
    await budget.take('blip');
    const reconnected = new Promise((resolve) => redis.once('ready', resolve));
    const admin = new Redis(server.url);
    try {
      await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    } finally {
      admin.disconnect();
    }
    await reconnected;
    await budget.take('other-key', 2_000); // waits out the reconnect check; a hold would refuse it
    assert.equal(store.holdingForMs(), 0);
    await assert.rejects(budget.take('blip', 0), busy, 'the slot taken before the blip still counts (next one in 5 s)');
  });

  test('while Redis is down a taker hears "busy" within its wait, instead of hanging', async () => {
    const budget = new RateBudget(store, 'writes', rule);
    await server.kill();
    await waitFor(() => (redis.status !== 'ready' ? true : undefined), { what: 'the client to notice' });
    const started = Date.now();
    await assert.rejects(budget.take('down', 300), busy);
    assert.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`);
    await server.start();
    await waitFor(() => (redis.status === 'ready' && store.holdingForMs() > 0 ? true : undefined), { what: 'the reconnect to the restarted server' });
  });

  test('after a restart (schedule lost) every key holds, then grants again', async () => {
    const budget = new RateBudget(store, 'writes', rule);
    await assert.rejects(budget.take('fresh-key', 100), (err: unknown) => busy(err) && (err as BudgetExhaustedError).retryInMs > 0);
    await new Promise((r) => setTimeout(r, store.holdingForMs() + 50));
    await budget.take('fresh-key', 0);
  });
});
