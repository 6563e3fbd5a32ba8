import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { LiveEvent } from '../../../src/infra/events/event-bus.ts';
import { MemoryEventBus } from '../../../src/infra/events/memory-event-bus.ts';
import { RedisEventBus } from '../../../src/infra/events/redis-event-bus.ts';
import { redisUrl } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/wait.ts';
import { startRedisServer } from '../../helpers/worker-process.ts';

const log = pino({ level: 'silent' });
const event = (userId: string, n: number): LiveEvent => ({ userId, type: 'job', data: { n } });

describe('event bus', () => {
  const connections: Redis[] = [];
  const connect = (url = redisUrl) => {
    const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500, connectTimeout: 500, enableOfflineQueue: true });
    redis.on('error', () => {});
    connections.push(redis);
    return redis;
  };
  after(() => {
    for (const c of connections) c.disconnect();
  });

  test('in process: every subscriber gets each event, after the publisher went on; a failing listener spoils nothing', async () => {
    const bus = new MemoryEventBus();
    const got: LiveEvent[] = [];
    bus.subscribe(() => {
      throw new Error('a broken stream');
    });
    const unsubscribe = bus.subscribe((e) => got.push(e));
    bus.publish(event('u1', 1));
    assert.equal(got.length, 0, 'delivery does not run inside publish()');
    await waitFor(() => (got.length === 1 ? true : undefined));
    unsubscribe();
    bus.publish(event('u1', 2));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(
      got.map((e) => e.data['n']),
      [1],
    );
    await bus.close();
  });

  test('Redis: an event published by one process reaches the subscribers of another, and only under the same prefix', async () => {
    const prefix = `test-bus-${crypto.randomBytes(4).toString('hex')}`;
    const api = new RedisEventBus(connect(), prefix, log);
    const worker = new RedisEventBus(connect(), prefix, log);
    const elsewhere = new RedisEventBus(connect(), `${prefix}-other`, log);
    const got: LiveEvent[] = [];
    const strays: LiveEvent[] = [];
    api.subscribe((e) => got.push(e));
    elsewhere.subscribe((e) => strays.push(e));
    await Promise.all([api.ready(), elsewhere.ready()]);
    worker.publish(event('u1', 1));
    worker.publish(event('u2', 2));
    await waitFor(() => (got.length === 2 ? true : undefined), { what: 'both events' });
    assert.deepEqual(got, [event('u1', 1), event('u2', 2)]);
    assert.deepEqual(strays, []);
    await Promise.all([api.close(), worker.close(), elsewhere.close()]);
  });

  test('Redis down: publishing returns at once and throws nothing; the work that publishes never notices', async () => {
    const redis = await startRedisServer();
    const connection = connect(redis.url);
    await connection.ping();
    const bus = new RedisEventBus(connection, 'test-down', log);
    await redis.kill();
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Nothing to wait for: publish returns nothing to await, and 100 of them run without the event
      // loop turning once (a publish that waited on Redis could not). Not a stopwatch: a loaded
      // machine is slow, not wrong.
      let turned = false;
      setImmediate(() => {
        turned = true;
      });
      const results = Array.from({ length: 100 }, (_, i) => bus.publish(event('u1', i)));
      assert.equal(turned, false);
      assert.ok(results.every((r) => r === undefined));
      // The failed sends settle (logged) without an unhandled rejection.
      await new Promise((r) => setTimeout(r, 1500));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await bus.close();
    }
  });
});
