import { E_TIMEOUT, Mutex, type MutexInterface, withTimeout } from 'async-mutex';
import { type LockManager, LockTimeoutError } from './lock-manager.ts';

/** Keyed locks for one process (embedded mode: there is no other process to exclude). */
export class InProcessLockManager implements LockManager {
  private readonly mutexes = new Map<string, { mutex: Mutex; users: number }>();

  async withLock<T>(key: string, fn: () => Promise<T>, options: { ttlMs: number; waitMs: number }): Promise<T> {
    let entry = this.mutexes.get(key);
    if (!entry) {
      entry = { mutex: new Mutex(), users: 0 };
      this.mutexes.set(key, entry);
    }
    entry.users++;
    try {
      const timed: MutexInterface = withTimeout(entry.mutex, options.waitMs);
      let release: MutexInterface.Releaser;
      try {
        release = await timed.acquire();
      } catch (err) {
        if (err === E_TIMEOUT) throw new LockTimeoutError(key, options.waitMs);
        throw err;
      }
      try {
        return await fn();
      } finally {
        release();
      }
    } finally {
      // Drop the mutex once nobody holds or waits for it, so keys do not pile up.
      if (--entry.users === 0) this.mutexes.delete(key);
    }
  }
}
