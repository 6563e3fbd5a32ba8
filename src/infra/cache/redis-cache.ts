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

  private keyOf(key: string): string {
    return `${this.prefix}:cache:${key}`;
  }
}
