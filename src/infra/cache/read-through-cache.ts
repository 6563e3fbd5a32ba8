import type { Logger } from '../logger.ts';
import type { Cache } from './cache.ts';

/**
 * `getOrLoad`: the cached value, or the loader's, stored for `ttlMs`. Concurrent misses for one key in
 * this process share one load (a page opened by many sellers at once costs one Kaspi read). A failed
 * load is not cached, and a cache that is down only costs the cache: the value is loaded directly.
 */
export class ReadThroughCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly cache: Cache,
    private readonly log: Logger,
  ) {}

  /** `isFresh`: a cached value it refuses is loaded again (readers that need younger data than the TTL). */
  async getOrLoad<T>(key: string, ttlMs: number, load: () => Promise<T>, isFresh: (value: T) => boolean = () => true): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const loading = this.lookUpOrLoad(key, ttlMs, load, isFresh).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, loading);
    return loading;
  }

  private async lookUpOrLoad<T>(key: string, ttlMs: number, load: () => Promise<T>, isFresh: (value: T) => boolean): Promise<T> {
    try {
      const hit = await this.cache.get<T>(key);
      if (hit !== undefined && isFresh(hit)) return hit;
    } catch (err) {
      this.log.warn({ err, key }, 'cache read failed; loading directly');
    }
    const value = await load();
    if (ttlMs > 0) {
      await this.cache.set(key, value, ttlMs).catch((err: unknown) => this.log.warn({ err, key }, 'cache write failed'));
    }
    return value;
  }
}
