import { BudgetExhaustedError, type RateBudget } from '../../infra/budget/rate-budget.ts';
import type { Logger } from '../../infra/logger.ts';
import type { KaspiSessionManager } from '../../kaspi/session-manager.ts';
import type { StoreSessionsService } from '../stores/index.ts';

/** Stores one tick claims at most; the rest wait for the next tick. */
const BATCH = 50;
/** How long a check waits for a slot of the merchant's cabinet-read budget; a busy merchant is checked next period. */
const BUDGET_WAIT_MS = 2_000;

/**
 * The session watch: every `periodMs` each linked store's session gets one light cabinet read
 * (`GET /s/m`, within the merchant's cabinet-read budget), so a dead session is found without waiting
 * for the store's next sync. A dead one is renewed at once in the background (or the store marked
 * needs_reauth when the renewal needs the user). Every worker ticks; claims in the stores table make
 * each store checked by one of them per period.
 */
export class SessionWatch {
  constructor(
    private readonly storeSessions: StoreSessionsService,
    private readonly sessions: KaspiSessionManager,
    private readonly cabinetReads: RateBudget,
    private readonly options: { periodMs: number },
    private readonly log: Logger,
  ) {}

  /** How often a worker looks for due stores: often enough that a due store waits at most 15 s more. */
  get tickMs(): number {
    return Math.min(this.options.periodMs, 15_000);
  }

  async tick(): Promise<void> {
    const due = await this.storeSessions.claimSessionChecks(new Date(Date.now() - this.options.periodMs), BATCH);
    await Promise.all(due.map((store) => this.check(store)));
  }

  private async check(store: Awaited<ReturnType<StoreSessionsService['claimSessionChecks']>>[number]): Promise<void> {
    try {
      await this.cabinetReads.take(store.merchantId, BUDGET_WAIT_MS);
      if (await this.sessions.probe(store)) return;
      this.log.info({ storeId: store.id, merchantId: store.merchantId }, 'session watch: kaspi session dead; renewing');
      this.sessions.renewInBackground(store);
      this.storeSessions.renewing(store);
    } catch (err) {
      if (err instanceof BudgetExhaustedError) return;
      this.log.warn({ err, storeId: store.id }, 'session watch: check failed');
    }
  }
}
