import type { Database } from '../../infra/db/database.ts';
import type { ProductDemperState, ProductSchedule } from '../../infra/db/schema.ts';
import type { ClaimedProduct, ProductCheckCounts, ProductChecksRepository, SchedulePlanRow, StoreScheduleSummary } from './product-checks.repository.ts';

/**
 * The repricer's queue, which lives in the products table (`next_check_at`, claims with leases):
 * the repricer claims due products, gives them back with their next check, and makes a store's
 * products due when its settings change. The products module owns the table; this is its door.
 */
export class ProductChecksService {
  constructor(private readonly repo: ProductChecksRepository) {}

  claimDue(workerId: string, limit: number, leaseMs: number): Promise<ClaimedProduct[]> {
    return this.repo.claimDue(workerId, limit, leaseMs);
  }

  /** Gives the product back with its next check time and what the check found; only our own claim. */
  release(productId: string, workerId: string, next: { nextCheckAt: Date; checkedAt: Date | null; state: ProductDemperState | null; schedule?: ProductSchedule | null }): Promise<void> {
    return this.repo.release(productId, workerId, next);
  }

  /** Extends our claim just before calling Kaspi; false when another worker has the product now. */
  renew(productId: string, workerId: string, leaseMs: number): Promise<boolean> {
    return this.repo.renew(productId, workerId, leaseMs);
  }

  releaseAll(workerId: string): Promise<void> {
    return this.repo.releaseAll(workerId);
  }

  /** Other shops' checks of this product come forward onto a read still in the cache. */
  pullForward(externalId: string, exceptStoreId: string, moved = false): Promise<number> {
    return this.repo.pullForward(externalId, exceptStoreId, moved);
  }

  /** Every product the demper may check, light, for the scheduler's plan. */
  planRows(): Promise<SchedulePlanRow[]> {
    return this.repo.planRows();
  }

  scheduleSummary(storeId: string): Promise<StoreScheduleSummary> {
    return this.repo.scheduleSummary(storeId);
  }

  makeStoreDue(storeId: string, intervals: { checkIntervalSeconds: number; priorityIntervalSeconds: number }, tx?: Database): Promise<void> {
    return this.repo.makeStoreDue(storeId, intervals, tx);
  }

  /** Makes the product due by `at` at the latest (a check due sooner stays). */
  checkBy(productId: string, at: Date): Promise<void> {
    return this.repo.checkBy(productId, at);
  }

  counts(storeId: string): Promise<ProductCheckCounts> {
    return this.repo.counts(storeId);
  }
}
