import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { Logger } from '../infra/logger.ts';

// One window per key: the first request of a window sets its expiry; the answer is the count and the ms left.
const INCREMENT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {current, ttl}`;

/** Fixed windows in this process's memory, the stand-in while Redis does not answer. */
class MemoryWindows {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  increment(key: string, windowMs: number): { current: number; ttl: number } {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size >= 10_000) this.prune(now);
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return { current: window.count, ttl: window.resetAt - now };
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    // Still full (an address sweep): the oldest windows go; Map keeps insertion order.
    for (const key of this.windows.keys()) {
      if (this.windows.size < 10_000) break;
      this.windows.delete(key);
    }
  }
}

/** Whether the counters are in memory now: one log line when that starts and when it ends, not one per request. */
interface Fallback {
  memory: MemoryWindows;
  active: boolean;
  log: Logger;
}

class RedisWithFallbackStore implements FastifyRateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly fallback: Fallback,
  ) {}

  incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
    const fullKey = `${this.prefix}${key}`;
    const fallback = this.fallback;
    // Known to be down (reconnecting): no need to wait for the command to time out.
    const answer = this.redis.status === 'ready' ? this.redis.eval(INCREMENT, 1, fullKey, timeWindow) : Promise.reject(new Error(`Redis is ${this.redis.status}`));
    answer.then(
      (reply) => {
        if (fallback.active) fallback.log.info('rate limits are counted in Redis again');
        fallback.active = false;
        const [current, ttl] = reply as [number, number];
        callback(null, { current, ttl });
      },
      (err: unknown) => {
        if (!fallback.active) fallback.log.warn({ err }, 'Redis did not answer: rate limits are counted in this process until it does');
        fallback.active = true;
        callback(null, fallback.memory.increment(fullKey, timeWindow));
      },
    );
  }

  child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
    // The plugin hands each route's options with its method and path, as its own Redis store keys them.
    const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
    return new RedisWithFallbackStore(this.redis, `${this.prefix}${String(route?.method ?? routeOptions.method)}${String(route?.url ?? routeOptions.url)}-`, this.fallback);
  }
}

/**
 * The rate-limit counters of @fastify/rate-limit in Redis, shared by every API process. While Redis
 * does not answer (each command is bounded by the client's commandTimeout), the limit is counted in
 * this process's memory instead: sign-up and login neither fail (closed) nor go unlimited (open);
 * with N API processes a client gets at most N times the limit during the outage.
 */
export function redisWithMemoryFallbackStore(redis: Redis, nameSpace: string, log: Logger): FastifyRateLimitStoreCtor {
  const fallback: Fallback = { memory: new MemoryWindows(), active: false, log };
  return class extends RedisWithFallbackStore {
    constructor() {
      super(redis, nameSpace, fallback);
    }
  };
}
