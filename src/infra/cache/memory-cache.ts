import { LRUCache } from 'lru-cache';
import type { Cache } from './cache.ts';

/**
 * One process's cache: entries expire after their TTL, and past `maxEntries` the least recently used
 * go first, so a burst of distinct keys cannot grow memory without bound.
 */
export class MemoryCache implements Cache {
  /** Entries are JSON text, as in Redis: readers get their own copy, and both backends behave alike. */
  private readonly entries: LRUCache<string, string>;

  constructor(options: { maxEntries: number }) {
    this.entries = new LRUCache({ max: options.maxEntries });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const raw = this.entries.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.entries.set(key, JSON.stringify(value), { ttl: Math.max(1, Math.round(ttlMs)) });
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    const raw = this.entries.get(key);
    const value = (raw === undefined ? 0 : Number(JSON.parse(raw)) || 0) + 1;
    await this.set(key, value, ttlMs);
    return value;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
