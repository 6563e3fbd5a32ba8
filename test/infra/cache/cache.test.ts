import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { Cache } from '../../../src/infra/cache/cache.ts';
import { MemoryCache } from '../../../src/infra/cache/memory-cache.ts';
import { ReadThroughCache } from '../../../src/infra/cache/read-through-cache.ts';
import { RedisCache } from '../../../src/infra/cache/redis-cache.ts';
import { redisUrl } from '../../helpers/app.ts';

const log = pino({ level: 'silent' });
const connections: Redis[] = [];
after(() => {
  for (const c of connections) c.disconnect();
});

function redisCache(prefix = `test-${crypto.randomBytes(4).toString('hex')}`): RedisCache {
  const redis = new Redis(redisUrl);
  connections.push(redis);
  return new RedisCache(redis, prefix);
}

// The cache behind market data: the same contract in memory and in Redis.
for (const [name, make] of [
  ['memory', () => new MemoryCache({ maxEntries: 100 })],
  ['redis', () => redisCache()],
] as const) {
  describe(`${name} cache`, () => {
    test('stores JSON values until their TTL ends', async () => {
      const cache: Cache = make();
      await cache.set('a', { offers: [{ id: '1', price: 10 }], total: 1 }, 60_000);
      await cache.set('short', [1, 2], 30);
      await cache.set('null', null, 60_000);
      assert.deepEqual(await cache.get('a'), { offers: [{ id: '1', price: 10 }], total: 1 });
      assert.deepEqual(await cache.get('short'), [1, 2]);
      assert.equal(await cache.get('null'), null);
      assert.equal(await cache.get('missing'), undefined);
      await sleep(80);
      assert.equal(await cache.get('short'), undefined, 'expired');
      assert.deepEqual(await cache.get('a'), { offers: [{ id: '1', price: 10 }], total: 1 });
    });

    test('a value read back is a copy: changing it does not change the cache', async () => {
      const cache: Cache = make();
      const value = { list: [1] };
      await cache.set('k', value, 60_000);
      value.list.push(2);
      const read = await cache.get<{ list: number[] }>('k');
      read!.list.push(3);
      assert.deepEqual(await cache.get('k'), { list: [1] });
    });

    test('counters: concurrent increments all count, the TTL restarts with each, delete resets', async () => {
      const cache: Cache = make();
      const counts = await Promise.all(Array.from({ length: 10 }, () => cache.increment('failures', 60_000)));
      assert.deepEqual(
        [...counts].sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      );
      await cache.delete('failures');
      assert.equal(await cache.increment('failures', 60_000), 1);
      await cache.increment('brief', 40);
      await sleep(80);
      assert.equal(await cache.increment('brief', 40), 1, 'expired, counting again from 1');
    });
  });
}

describe('memory cache size cap', () => {
  test('past maxEntries the least recently used entries go first', async () => {
    const cache = new MemoryCache({ maxEntries: 100 });
    for (let i = 0; i < 100; i++) await cache.set(`k${i}`, i, 60_000);
    await cache.get('k0'); // recently used: survives
    for (let i = 100; i < 150; i++) await cache.set(`k${i}`, i, 60_000);
    assert.equal(cache.size, 100);
    assert.equal(await cache.get('k0'), 0);
    assert.equal(await cache.get('k1'), undefined);
    assert.equal(await cache.get('k149'), 149);
  });
});

describe('read-through cache', () => {
  test('concurrent misses for one key share one load; later reads hit the cache', async () => {
    const reader = new ReadThroughCache(new MemoryCache({ maxEntries: 100 }), log);
    let loads = 0;
    const load = async () => {
      loads++;
      await sleep(30);
      return { n: loads };
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => reader.getOrLoad('k', 60_000, load)));
    assert.equal(loads, 1);
    assert.ok(results.every((r) => r.n === 1));
    assert.deepEqual(await reader.getOrLoad('k', 60_000, load), { n: 1 });
    assert.equal(loads, 1);
    await reader.getOrLoad('other', 60_000, load);
    assert.equal(loads, 2, 'another key loads on its own');
  });

  test('a failed load is shared by its waiters but not cached', async () => {
    const reader = new ReadThroughCache(new MemoryCache({ maxEntries: 100 }), log);
    let calls = 0;
    const failing = async () => {
      calls++;
      await sleep(10);
      throw new Error('kaspi down');
    };
    const settled = await Promise.allSettled([reader.getOrLoad('k', 60_000, failing), reader.getOrLoad('k', 60_000, failing)]);
    assert.deepEqual(
      settled.map((s) => s.status),
      ['rejected', 'rejected'],
    );
    assert.equal(calls, 1);
    assert.equal(await reader.getOrLoad('k', 60_000, async () => 'fresh'), 'fresh');
  });

  test('a TTL of 0 never caches; a broken cache only costs the cache', async () => {
    const reader = new ReadThroughCache(new MemoryCache({ maxEntries: 100 }), log);
    let loads = 0;
    await reader.getOrLoad('k', 0, async () => ++loads);
    await reader.getOrLoad('k', 0, async () => ++loads);
    assert.equal(loads, 2);

    const down = async () => Promise.reject(new Error('redis down'));
    const broken: Cache = { get: down, set: down, increment: down, delete: down };
    assert.equal(await new ReadThroughCache(broken, log).getOrLoad('k', 60_000, async () => 'loaded'), 'loaded');
  });
});
