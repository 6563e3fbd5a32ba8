import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { type LockManager, LockTimeoutError } from './lock-manager.ts';

// Deletes the key only if it still holds our token: a holder whose TTL ran out must not free the
// lock that someone else has taken since.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A lock on one Redis (SET key token NX PX ttl, token-checked release), shared by every process on
 * every machine that uses the same Redis and prefix. One Redis, not Redlock's quorum: the cost of a
 * rare double hold is one extra login, not corrupted data.
 */
export class RedisLockManager implements LockManager {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly pollMs = 50,
  ) {}

  async withLock<T>(key: string, fn: () => Promise<T>, options: { ttlMs: number; waitMs: number }): Promise<T> {
    const redisKey = `${this.prefix}:lock:${key}`;
    const token = crypto.randomBytes(16).toString('hex');
    const deadline = Date.now() + options.waitMs;
    while (true) {
      const ok = await this.redis.set(redisKey, token, 'PX', options.ttlMs, 'NX');
      if (ok === 'OK') break;
      if (Date.now() >= deadline) throw new LockTimeoutError(key, options.waitMs);
      await new Promise((r) => setTimeout(r, this.pollMs + Math.random() * this.pollMs));
    }
    try {
      return await fn();
    } finally {
      await this.redis.eval(RELEASE, 1, redisKey, token).catch(() => {
        // Redis gone: the TTL frees the lock.
      });
    }
  }
}
