import type { Clock } from '../clock/sim-clock.ts';
import type { BanKind, BanRegistry } from './ban-registry.ts';
import type { WindowLimit } from './limits-config.ts';

export type LimitVerdict = { allowed: true } | { allowed: false; until: number; newBan: boolean };

interface KeyState {
  /** Hit times inside the current window, oldest first. */
  hits: number[];
  bannedUntil: number;
}

/**
 * Sliding-window counter with a penalty box: the (limit+1)-th request inside `windowMs` is refused and
 * starts a ban; during the ban every request is refused without extending it (that is what Kaspi does:
 * the ban has a fixed length).
 */
export class RateLimiter {
  private readonly keys = new Map<string, KeyState>();

  constructor(
    private readonly kind: BanKind,
    private readonly config: () => WindowLimit,
    private readonly clock: Clock,
    private readonly bans: BanRegistry,
  ) {}

  hit(key: string): LimitVerdict {
    const cfg = this.config();
    const now = this.clock.now();
    let state = this.keys.get(key);
    if (state && state.bannedUntil > now) return { allowed: false, until: state.bannedUntil, newBan: false };
    if (!cfg.enabled) return { allowed: true };
    if (!state) {
      if (this.keys.size > 50_000) this.sweep(now, cfg.windowMs);
      state = { hits: [], bannedUntil: 0 };
      this.keys.set(key, state);
    }
    const hits = state.hits;
    let drop = 0;
    while (drop < hits.length && hits[drop]! <= now - cfg.windowMs) drop++;
    if (drop > 0) hits.splice(0, drop);
    hits.push(now);
    if (hits.length > cfg.limit) {
      state.bannedUntil = now + cfg.banMs;
      state.hits = [];
      this.bans.record({ kind: this.kind, key, at: now, until: state.bannedUntil });
      return { allowed: false, until: state.bannedUntil, newBan: true };
    }
    return { allowed: true };
  }

  /** Lifts every ban and forgets every window (control API). */
  clear(): void {
    this.keys.clear();
  }

  private sweep(now: number, windowMs: number): void {
    for (const [key, s] of this.keys) {
      if (s.bannedUntil <= now && (s.hits.length === 0 || s.hits.at(-1)! <= now - windowMs)) this.keys.delete(key);
    }
  }
}
