import crypto from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../infra/logger.ts';
import type { ClaimedProduct, ProductChecksService } from '../../products/index.ts';
import type { ProductChecker } from './product-check.ts';
import type { RepricerStatsRepository, StoreCounts } from './repricer-stats.repository.ts';

export interface DemperRunnerOptions {
  /** Checks in flight in this process; most of their time is spent waiting for the read budget. */
  concurrency: number;
  claimBatch: number;
  leaseMs: number;
  /** How long to wait before asking again when nothing was due (or the database failed). */
  idlePollMs: number;
  /** Counts go to demper_stats this often. */
  statsFlushMs: number;
}

const STATS_PRUNE_EVERY_MS = 3_600_000;
const STATS_KEPT_MS = 86_400_000;

/**
 * The repricer's loop in one process (a `worker`, or `serve` in embedded mode). It keeps up to
 * `concurrency` product checks running: whenever slots are free it claims that many due products
 * from PostgreSQL (see RepricerClaimsRepository) and checks each. Every process does the same against
 * the same tables; the claims keep them apart and the budgets in Redis keep them, together, under
 * Kaspi's limits. Errors of one check never stop the loop; a database or Redis outage only slows it.
 */
export class RepricerRunner {
  readonly workerId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  private readonly running = new Set<Promise<void>>();
  private readonly counts = new Map<string, StoreCounts>();
  private statsPrunedAt = 0;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private wake: AbortController = new AbortController();
  private checksDone = 0;

  constructor(
    private readonly claims: ProductChecksService,
    private readonly stats: RepricerStatsRepository,
    private readonly checker: ProductChecker,
    private readonly options: DemperRunnerOptions,
    private readonly log: Logger,
  ) {}

  /** Checks finished by this process since it started (for logs and benchmarks). */
  get checks(): number {
    return this.checksDone;
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.run();
    this.flushTimer = setInterval(() => void this.flushStats(), this.options.statsFlushMs);
    this.flushTimer.unref();
    this.log.info({ workerId: this.workerId, concurrency: this.options.concurrency }, 'demper runner started');
  }

  /** Stops claiming, lets running checks finish, gives back nothing-started claims, writes the counts. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.stopping = true;
    this.wake.abort();
    await this.loop;
    await Promise.allSettled([...this.running]);
    clearInterval(this.flushTimer);
    await this.claims.releaseAll(this.workerId).catch((err: unknown) => this.log.warn({ err }, 'could not give back demper claims'));
    await this.flushStats();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const free = this.options.concurrency - this.running.size;
      let claimed: ClaimedProduct[] = [];
      if (free > 0) {
        try {
          claimed = await this.claims.claimDue(this.workerId, Math.min(free, this.options.claimBatch), this.options.leaseMs);
        } catch (err) {
          this.log.warn({ err }, 'demper could not claim products; retrying');
        }
      }
      for (const item of claimed) this.track(this.checkOne(item));
      if (claimed.length === 0 || free - claimed.length <= 0) await this.idle(claimed.length === 0 ? this.pollDelay() : undefined);
    }
  }

  /** Half to all of idlePollMs at random, so idle workers do not poll in lockstep and one take everything. */
  private pollDelay(): number {
    return Math.round(this.options.idlePollMs * (0.5 + Math.random() / 2));
  }

  /** Waits for a slot to free up (or `ms`, when nothing was due), or for stop(). */
  private async idle(ms?: number): Promise<void> {
    if (ms === undefined && this.running.size === 0) return;
    const waits: Promise<unknown>[] = [];
    if (ms !== undefined) waits.push(sleep(ms, undefined, { signal: this.wake.signal }).catch(() => {}));
    if (this.running.size >= this.options.concurrency || ms === undefined) waits.push(Promise.race(this.running));
    if (!waits.length) return;
    await Promise.race(waits);
    if (this.wake.signal.aborted && !this.stopping) this.wake = new AbortController();
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  private async checkOne(item: ClaimedProduct): Promise<void> {
    // Counts are taken after the check: a flush in between swaps the map, and must not lose them.
    try {
      const outcome = await this.checker.check(item, this.workerId);
      const count = this.countsOf(item.store.id);
      count.checks++;
      if (outcome.changed) count.changes++;
      if (outcome.error) count.errors++;
    } catch (err) {
      // The claim runs out by itself; meanwhile nobody else takes the product, which is what we want
      // after an unexpected failure (no hot loop on a broken product).
      this.countsOf(item.store.id).errors++;
      this.log.warn({ err, productId: item.product.id }, 'demper check failed');
    } finally {
      this.checksDone++;
    }
  }

  private countsOf(storeId: string): StoreCounts {
    let c = this.counts.get(storeId);
    if (!c) {
      c = { checks: 0, changes: 0, errors: 0 };
      this.counts.set(storeId, c);
    }
    return c;
  }

  private async flushStats(): Promise<void> {
    // Not awaited: a first prune of a large table must not hold up the counts.
    void this.pruneStats();
    if (!this.counts.size) return;
    const batch = new Map(this.counts);
    this.counts.clear();
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    try {
      await this.stats.addStats(minute, batch);
    } catch (err) {
      // Put them back: the next flush tries again.
      for (const [storeId, c] of batch) {
        const into = this.countsOf(storeId);
        into.checks += c.checks;
        into.changes += c.changes;
        into.errors += c.errors;
      }
      this.log.warn({ err }, 'could not write demper stats');
    }
  }

  /**
   * Once an hour, deletes demper_stats rows older than a day: one row per store and minute (144,000 a
   * day for 100 shops) would otherwise grow without end, and the status reads the last hour only.
   */
  private async pruneStats(): Promise<void> {
    if (Date.now() - this.statsPrunedAt < STATS_PRUNE_EVERY_MS) return;
    this.statsPrunedAt = Date.now();
    try {
      await this.stats.deleteStatsBefore(new Date(Date.now() - STATS_KEPT_MS));
    } catch (err) {
      this.log.warn({ err }, 'could not delete old demper stats');
    }
  }
}
