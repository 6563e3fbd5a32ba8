import type { BudgetStore, KeyUsage, Reservation, SendCheck } from './rate-budget.ts';

/** Embedded mode: one process, so budget state in memory is shared by everything that uses Kaspi. */
export class MemoryBudgetStore implements BudgetStore {
  /** Theoretical arrival time of the next request per key (GCRA). */
  private readonly tat = new Map<string, number>();
  /** The same for the requests actually sent (see RateBudget: a taker may send later than its slot). */
  private readonly sentTat = new Map<string, number>();
  private readonly pausedUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async reserve(key: string, intervalMs: number, toleranceMs: number, maxWaitMs: number): Promise<Reservation> {
    const now = this.now();
    const paused = this.pausedUntil.get(key) ?? 0;
    if (paused > now) return { kind: 'paused', waitMs: paused - now };
    const tat = Math.max(this.tat.get(key) ?? 0, now);
    const waitMs = Math.max(0, tat - toleranceMs - now);
    if (waitMs > maxWaitMs) return { kind: 'too_long', waitMs };
    this.tat.set(key, tat + intervalMs);
    return { kind: 'granted', waitMs };
  }

  async markSent(key: string, intervalMs: number, toleranceMs: number): Promise<SendCheck> {
    const now = this.now();
    const paused = this.pausedUntil.get(key) ?? 0;
    if (paused > now) return { kind: 'paused', waitMs: paused - now };
    const sentTat = Math.max(this.sentTat.get(key) ?? 0, now);
    const waitMs = sentTat - toleranceMs - now;
    if (waitMs > 0) return { kind: 'early', waitMs };
    const next = sentTat + intervalMs;
    this.sentTat.set(key, next);
    this.tat.set(key, Math.max(this.tat.get(key) ?? 0, next));
    return { kind: 'sent' };
  }

  async pause(key: string, ms: number): Promise<void> {
    this.pausedUntil.set(key, Math.max(this.pausedUntil.get(key) ?? 0, this.now() + ms));
  }

  async usage(prefix: string): Promise<KeyUsage[]> {
    const now = this.now();
    const keys = new Set([...this.tat.keys(), ...this.pausedUntil.keys()].filter((k) => k.startsWith(prefix)));
    return [...keys]
      .map((key) => ({ key, aheadMs: Math.max(0, (this.tat.get(key) ?? 0) - now), pausedForMs: Math.max(0, (this.pausedUntil.get(key) ?? 0) - now) }))
      .filter((k) => k.aheadMs > 0 || k.pausedForMs > 0);
  }

  async pausedForMs(key: string): Promise<number> {
    return Math.max(0, (this.pausedUntil.get(key) ?? 0) - this.now());
  }
}
