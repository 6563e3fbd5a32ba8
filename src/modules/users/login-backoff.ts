import crypto from 'node:crypto';
import type { Cache } from '../../infra/cache/cache.ts';
import type { Logger } from '../../infra/logger.ts';

/** Failures are forgotten this long after the last one (or at a successful login). */
const FORGET_AFTER_MS = 24 * 3_600_000;
/** How long the memory stands in before the shared cache is tried again. */
const SHARED_RETRY_MS = 5_000;
/** The first lockout; each further failure doubles it, up to `maxMs`. */
const FIRST_LOCK_MS = 1_000;

/**
 * Per-account backoff on password logins, whatever IP the attempts come from: after `freeFailures`
 * failed logins for one e-mail, each further failure locks that e-mail for 1 s, 2 s, 4 s ... up to
 * `maxMs`; while locked, even the right password is refused. Counters live in the shared cache (Redis
 * when REDIS_URL is set), keyed by a hash of the e-mail, and unknown e-mails count exactly like known
 * ones, so the lockout says nothing about which accounts exist. While the shared cache does not answer
 * (Redis down), the counters live in this process's memory, like the login rate limit: logins still
 * answer, and the backoff still holds per process.
 */
export class LoginBackoff {
  private fallbackActive = false;
  /** While the shared cache is failing, it is tried again only after this time, so logins do not each wait for its timeout. */
  private sharedRetryAt = 0;

  constructor(
    private readonly shared: Cache,
    private readonly fallback: Cache,
    private readonly options: { freeFailures: number; maxMs: number },
    private readonly log: Logger,
  ) {}

  /** How long logins for this (normalized) e-mail are still refused; 0 when they are not. */
  async lockedForMs(email: string): Promise<number> {
    const until = await this.withCache((cache) => cache.get<number>(this.key('login-lock', email)));
    return until === undefined ? 0 : Math.max(0, until - Date.now());
  }

  async failed(email: string): Promise<void> {
    const failures = await this.withCache((cache) => cache.increment(this.key('login-failures', email), FORGET_AFTER_MS));
    const over = failures - this.options.freeFailures;
    if (over <= 0) return;
    const lockMs = Math.min(this.options.maxMs, FIRST_LOCK_MS * 2 ** Math.min(over - 1, 30));
    await this.withCache((cache) => cache.set(this.key('login-lock', email), Date.now() + lockMs, lockMs));
  }

  async succeeded(email: string): Promise<void> {
    await this.withCache((cache) => Promise.all([cache.delete(this.key('login-failures', email)), cache.delete(this.key('login-lock', email))]));
  }

  /** The shared cache, or this process's memory while the shared one fails (one log line each way). */
  private async withCache<T>(use: (cache: Cache) => Promise<T>): Promise<T> {
    if (this.fallbackActive && Date.now() < this.sharedRetryAt) return use(this.fallback);
    try {
      const result = await use(this.shared);
      if (this.fallbackActive) {
        this.fallbackActive = false;
        this.log.info('login backoff counters are shared again');
      }
      return result;
    } catch (err) {
      this.sharedRetryAt = Date.now() + SHARED_RETRY_MS;
      if (!this.fallbackActive) {
        this.fallbackActive = true;
        this.log.warn({ err }, 'login backoff counters fall back to memory: the shared cache does not answer');
      }
      return use(this.fallback);
    }
  }

  /** E-mails stay out of Redis keys and memory dumps. */
  private key(kind: string, email: string): string {
    return `${kind}:${crypto.createHash('sha256').update(email).digest('hex').slice(0, 32)}`;
  }
}
