import crypto from 'node:crypto';
import type { Cache } from '../../infra/cache/cache.ts';

/** Failures are forgotten this long after the last one (or at a successful login). */
const FORGET_AFTER_MS = 24 * 3_600_000;
/** The first lockout; each further failure doubles it, up to `maxMs`. */
const FIRST_LOCK_MS = 1_000;

/**
 * Per-account backoff on password logins, whatever IP the attempts come from: after `freeFailures`
 * failed logins for one e-mail, each further failure locks that e-mail for 1 s, 2 s, 4 s ... up to
 * `maxMs`; while locked, even the right password is refused. Counters live in the shared cache (Redis
 * when REDIS_URL is set), keyed by a hash of the e-mail, and unknown e-mails count exactly like known
 * ones, so the lockout says nothing about which accounts exist.
 */
export class LoginBackoff {
  constructor(
    private readonly cache: Cache,
    private readonly options: { freeFailures: number; maxMs: number },
  ) {}

  /** How long logins for this (normalized) e-mail are still refused; 0 when they are not. */
  async lockedForMs(email: string): Promise<number> {
    const until = await this.cache.get<number>(this.key('login-lock', email));
    return until === undefined ? 0 : Math.max(0, until - Date.now());
  }

  async failed(email: string): Promise<void> {
    const failures = await this.cache.increment(this.key('login-failures', email), FORGET_AFTER_MS);
    const over = failures - this.options.freeFailures;
    if (over <= 0) return;
    const lockMs = Math.min(this.options.maxMs, FIRST_LOCK_MS * 2 ** Math.min(over - 1, 30));
    await this.cache.set(this.key('login-lock', email), Date.now() + lockMs, lockMs);
  }

  async succeeded(email: string): Promise<void> {
    await Promise.all([this.cache.delete(this.key('login-failures', email)), this.cache.delete(this.key('login-lock', email))]);
  }

  /** E-mails stay out of Redis keys and memory dumps. */
  private key(kind: string, email: string): string {
    return `${kind}:${crypto.createHash('sha256').update(email).digest('hex').slice(0, 32)}`;
  }
}
