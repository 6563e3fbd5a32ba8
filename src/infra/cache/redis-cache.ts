import type { Redis } from 'ioredis';
import type { Cache } from './cache.ts';

/** The cache every process shares: JSON strings under `<prefix>:cache:`, expired by Redis itself. */
export class RedisCache implements Cache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.redis.get(this.keyOf(key));
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.redis.set(this.keyOf(key), JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    const full = this.keyOf(key);
    const results = await this.redis
      .multi()
      .incr(full)
      .pexpire(full, Math.max(1, Math.round(ttlMs)))
      .exec();
    const [err, value] = results?.[0] ?? [new Error('Redis transaction aborted'), undefined];
    if (err) throw err;
    return Number(value);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.keyOf(key));
  }

  private keyOf(key: string): string {
    return `${this.prefix}:cache:${key}`;
  }
}
