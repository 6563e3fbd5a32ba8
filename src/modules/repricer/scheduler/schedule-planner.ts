import type { Cache } from '../../../infra/cache/cache.ts';
import type { Logger } from '../../../infra/logger.ts';
import type { ProductChecksService } from '../../products/index.ts';
import { buildPlan, type PlanOptions, type SchedulePlan } from './schedule-plan.ts';

export interface SchedulePlannerOptions extends PlanOptions {
  /** The plan is made again this often (by whichever process finds it old first). */
  everyMs: number;
}

const PLAN_KEY = 'demper:schedule-plan';

/**
 * Keeps the scheduler's plan fresh for every process: the first process to find the shared plan (in
 * the cache: Redis, or memory when embedded) older than `everyMs` makes it again from one light scan
 * of the products. Two processes doing it at once only waste a scan. A check reads the plan from this
 * process's copy, renewed from the cache at most every few seconds.
 */
export class SchedulePlanner {
  private local: { plan: SchedulePlan | null; readAt: number } = { plan: null, readAt: 0 };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly checks: ProductChecksService,
    private readonly cache: Cache,
    private readonly options: SchedulePlannerOptions,
    private readonly log: Logger,
  ) {}

  /** The current plan (null before the first one): the product checks' water levels. */
  async current(): Promise<SchedulePlan | null> {
    const now = Date.now();
    if (now - this.local.readAt < Math.min(5_000, this.options.everyMs)) return this.local.plan;
    const shared = await this.cache.get<SchedulePlan>(PLAN_KEY).catch(() => undefined);
    this.local = { plan: shared ?? this.local.plan, readAt: now };
    return this.local.plan;
  }

  /** Makes the plan now (tests, and the loop when the shared one is old). */
  async refresh(): Promise<SchedulePlan> {
    const rows = await this.checks.planRows();
    const plan = buildPlan(rows, this.options, Date.now());
    await this.cache.set(PLAN_KEY, plan, this.options.everyMs * 4);
    this.local = { plan, readAt: Date.now() };
    return plan;
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      if (this.running) return;
      this.running = this.refreshIfOld()
        .catch((err: unknown) => this.log.warn({ err }, 'could not make the demper schedule plan'))
        .finally(() => {
          this.running = undefined;
        });
    };
    tick();
    this.timer = setInterval(tick, Math.max(1_000, this.options.everyMs / 3));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async refreshIfOld(): Promise<void> {
    const shared = await this.cache.get<SchedulePlan>(PLAN_KEY);
    if (shared && Date.now() - shared.at < this.options.everyMs) {
      this.local = { plan: shared, readAt: Date.now() };
      return;
    }
    await this.refresh();
  }
}
