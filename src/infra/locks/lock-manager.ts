/**
 * Mutual exclusion by key across every process that shares the backing store (Redis in production,
 * this process alone in embedded mode). Used so that many workers seeing a dead session run one login.
 */
export interface LockManager {
  /**
   * Runs `fn` while holding the lock on `key`; waits up to `waitMs` for it (then throws LockTimeoutError).
   * `ttlMs` bounds how long a crashed holder can block others; keep it above the longest `fn`.
   */
  withLock<T>(key: string, fn: () => Promise<T>, options: { ttlMs: number; waitMs: number }): Promise<T>;
}

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
  constructor(key: string, waitMs: number) {
    super(`Lock ${key} not acquired within ${waitMs} ms`);
  }
}
