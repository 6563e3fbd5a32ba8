/**
 * Request budgets towards Kaspi, shared by every process: cabinet writes per merchant account,
 * storefront reads per egress IP. A budget spaces requests evenly (GCRA: each request reserves the
 * next free slot), so a burst can never exceed the configured rate the way two back-to-back fixed
 * windows can; Kaspi bans on short bursts (3 writes or 15 reads within one second).
 *
 * A reserved slot is not yet a request sent: a taker can wake up late (a busy event loop, a long GC)
 * and send right before the next taker's on-time request, two requests far closer than the rate, and
 * Kaspi counts arrivals. So each taker, once its slot is due, also checks in at send time: the store
 * keeps a second schedule of the requests actually sent and holds a taker until it is an interval after
 * the last send (the same GCRA, burst included); a late send pushes the sends after it back.
 *
 * A key can also be paused (a 403 or 429 came back anyway): every taker waits out the pause or gives
 * up, a taker already waiting for its slot included.
 */
export interface BudgetRule {
  /** Sustained requests per second. */
  ratePerSecond: number;
  /** Requests allowed back to back before spacing applies (1 = strictly spaced). */
  burst: number;
}

export type Reservation = { kind: 'granted'; waitMs: number } | { kind: 'paused'; waitMs: number } | { kind: 'too_long'; waitMs: number };

/** At send time: recorded as sent, or too early after the last send (wait and ask again), or paused. */
export type SendCheck = { kind: 'sent' } | { kind: 'early'; waitMs: number } | { kind: 'paused'; waitMs: number } | { kind: 'too_long'; waitMs: number };

/** Where budget state lives: Redis (all processes) or memory (one process). */
export interface BudgetStore {
  reserve(key: string, intervalMs: number, toleranceMs: number, maxWaitMs: number): Promise<Reservation>;
  /**
   * Records a request sent now when it keeps the spacing to the requests recorded before (GCRA on the
   * actual send times), and moves the reservation schedule past it; otherwise records nothing.
   */
  markSent(key: string, intervalMs: number, toleranceMs: number): Promise<SendCheck>;
  pause(key: string, ms: number): Promise<void>;
  pausedForMs(key: string): Promise<number>;
  /** Keys under `prefix` in use now: reserved ahead of now or paused. For the admin's view, not the hot path. */
  usage(prefix: string): Promise<KeyUsage[]>;
}

/** One key of a budget store: how far ahead its slots are reserved and how long it stays paused. */
export interface KeyUsage {
  key: string;
  aheadMs: number;
  pausedForMs: number;
}

/** One key of a budget as the admin sees it: slots reserved from now on against the slots of a window. */
export interface BudgetUsage {
  name: string;
  key: string;
  /** Requests granted whose slot has not passed yet (the one just sent included); above `limit`, takers wait longer than the window. */
  used: number;
  /** Slots the budget grants per window. */
  limit: number;
  windowMs: number;
  pausedForMs: number;
}

const USAGE_WINDOW_MS = 1_000;

export class BudgetExhaustedError extends Error {
  override name = 'BudgetExhaustedError';
  constructor(
    readonly key: string,
    readonly reason: 'paused' | 'busy',
    readonly retryInMs: number,
  ) {
    super(`${key}: ${reason === 'paused' ? 'paused after a ban' : 'budget busy'}, retry in ${Math.ceil(retryInMs / 1000)} s`);
  }
}

/** How a taker waits for its slot; tests pass a slow one to play a process that wakes up late. */
export type Sleep = (ms: number) => Promise<void>;

const sleepOnTimer: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class RateBudget {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly sleep: Sleep;

  constructor(
    private readonly store: BudgetStore,
    private readonly namespace: string,
    rule: BudgetRule,
    options: { sleep?: Sleep } = {},
  ) {
    this.sleep = options.sleep ?? sleepOnTimer;
    if (!(rule.ratePerSecond > 0) || !(rule.burst >= 1)) throw new Error(`Invalid budget rule for ${namespace}`);
    this.intervalMs = 1000 / rule.ratePerSecond;
    this.toleranceMs = this.intervalMs * (Math.floor(rule.burst) - 1);
  }

  /**
   * Takes one request's slot for `key`, waiting for it when it is in the near future. Throws
   * BudgetExhaustedError when the key is paused or the wait would exceed `maxWaitMs`; then no slot is used.
   */
  async take(key: string, maxWaitMs = 30_000): Promise<void> {
    const storeKey = `${this.namespace}:${key}`;
    const deadline = Date.now() + maxWaitMs;
    const reservation = await this.store.reserve(storeKey, this.intervalMs, this.toleranceMs, maxWaitMs);
    if (reservation.kind === 'paused') throw new BudgetExhaustedError(key, 'paused', reservation.waitMs);
    if (reservation.kind === 'too_long') throw new BudgetExhaustedError(key, 'busy', reservation.waitMs);
    if (reservation.waitMs > 0) await this.sleep(reservation.waitMs);
    while (true) {
      const check = await this.store.markSent(storeKey, this.intervalMs, this.toleranceMs);
      if (check.kind === 'sent') return;
      if (check.kind === 'paused') throw new BudgetExhaustedError(key, 'paused', check.waitMs);
      // The deadline stays the caller's: a write must not go out after the caller stopped waiting
      // for it (the repricer's lease, say). The reserved slot then stays unused, which is safe.
      if (check.kind === 'too_long' || check.waitMs > deadline - Date.now()) throw new BudgetExhaustedError(key, 'busy', check.waitMs);
      await this.sleep(check.waitMs);
    }
  }

  /** Nobody uses `key` for `ms` (the length of a ban Kaspi handed out). */
  pause(key: string, ms: number): Promise<void> {
    return this.store.pause(`${this.namespace}:${key}`, ms);
  }

  pausedForMs(key: string): Promise<number> {
    return this.store.pausedForMs(`${this.namespace}:${key}`);
  }

  /** Every key of this budget in use now (slots reserved ahead, or paused). */
  async usage(): Promise<BudgetUsage[]> {
    const keys = await this.store.usage(`${this.namespace}:`);
    return keys.map((k) => ({
      name: this.namespace,
      key: k.key.slice(this.namespace.length + 1),
      used: Math.ceil(Math.max(0, k.aheadMs) / this.intervalMs),
      limit: Math.round((USAGE_WINDOW_MS / this.intervalMs) * 100) / 100,
      windowMs: USAGE_WINDOW_MS,
      pausedForMs: Math.max(0, k.pausedForMs),
    }));
  }
}
