/**
 * A small key-value cache for data that is cheap to lose and costly to fetch again (storefront
 * reads, session checks, failed-login counters). Values are JSON; every entry has a TTL. Redis shares it across processes; memory serves
 * the embedded mode. Only the composition root picks one.
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  /** Adds 1 to a counter (0 when missing or expired) and returns it; the counter then lives `ttlMs` from now. Atomic. */
  increment(key: string, ttlMs: number): Promise<number>;
  delete(key: string): Promise<void>;
}
