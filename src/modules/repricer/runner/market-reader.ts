import type { CityMarket } from '../../../engine/types.ts';
import { BudgetExhaustedError } from '../../../infra/budget/rate-budget.ts';
import { StorefrontBanError, type StorefrontClient } from '../../../kaspi/storefront-client.ts';
import type { StorefrontSnapshots } from '../../market/index.ts';

export interface MarketReaderOptions {
  /** A read this young serves every shop that sells the product, in every process sharing the cache. */
  maxAgeMs: number;
  /** The egress IPs storefront reads may use (KASPI_PROXIES); empty = direct. */
  proxyPool: readonly string[];
  /** How long one read may wait for its egress IP's budget before trying the next one. */
  budgetWaitMs: number;
}

/**
 * The repricer's storefront reads: one per (product, city) per `maxAgeMs`, whoever asks (the market
 * API shares the same snapshots, accepting older ones). The storefront is public, so any egress IP can read for
 * any shop: reads rotate over the proxy pool, and an IP that is paused after a 403 (or whose budget
 * is busy) is skipped for the next. A store with its own proxy reads through it alone.
 */
export class RepricerMarketReader {
  private next = 0;

  constructor(
    private readonly storefront: StorefrontClient,
    private readonly snapshots: StorefrontSnapshots,
    private readonly options: MarketReaderOptions,
  ) {}

  /** `restedMs`: Kaspi answered 403 to this read through the store's own proxy, which now rests that long. */
  async read(externalId: string, cityId: string, ownProxy: string | undefined): Promise<CityMarket & { fetchedAt?: number; restedMs?: number }> {
    try {
      const snapshot = await this.snapshots.get(externalId, cityId, this.options.maxAgeMs, () => this.readThroughPool(externalId, cityId, ownProxy));
      return { ok: true, offers: snapshot.offers, fetchedAt: snapshot.fetchedAt };
    } catch (err) {
      // Never "no competitors": the engine holds on an error.
      return { ok: false, error: err instanceof Error ? err.message : String(err), ...(ownProxy && err instanceof StorefrontBanError && { restedMs: err.pauseMs }) };
    }
  }

  private async readThroughPool(externalId: string, cityId: string, ownProxy: string | undefined) {
    const egresses: (string | undefined)[] = ownProxy ? [ownProxy] : this.options.proxyPool.length ? this.rotation() : [undefined];
    let lastError: unknown;
    for (const egress of egresses) {
      try {
        return await this.storefront.offers(externalId, cityId, egress, { maxBudgetWaitMs: this.options.budgetWaitMs });
      } catch (err) {
        if (!(err instanceof BudgetExhaustedError)) throw err;
        lastError = err;
      }
    }
    throw lastError;
  }

  /** The pool, starting one further each call, so reads spread evenly over the egress IPs. */
  private rotation(): string[] {
    const pool = this.options.proxyPool;
    const start = this.next++ % pool.length;
    return [...pool.slice(start), ...pool.slice(0, start)];
  }
}
