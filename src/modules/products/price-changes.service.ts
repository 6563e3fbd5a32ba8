import type { PriceHistoryRow, ProductCityPrice } from '../../infra/db/schema.ts';
import type { PriceChangeEvent } from '../events/index.ts';
import type { CityChangeHistory, NewRepricerChange, OfferPrices, PriceHistoryRepository } from './price-history.repository.ts';

/**
 * The repricer's side of the price history: changes recorded before the call, settled by Kaspi's
 * answer and by what the storefront later shows, and the prices the product then holds. The
 * products module owns both tables; this is its door.
 */
export class PriceChangesService {
  constructor(private readonly repo: PriceHistoryRepository) {}

  unverified(productId: string): Promise<PriceHistoryRow[]> {
    return this.repo.unverified(productId);
  }

  settle(ids: string[], outcome: { status: 'applied' | 'superseded' | 'failed'; actualPosition: number | null; error: string | null }): Promise<void> {
    return this.repo.settle(ids, outcome);
  }

  cityHistory(productId: string, dayStart: Date): Promise<Map<string, CityChangeHistory>> {
    return this.repo.cityHistory(productId, dayStart);
  }

  recordSending(changes: NewRepricerChange[]): Promise<string[]> {
    return this.repo.recordSending(changes);
  }

  recordPushed(productId: string, ids: string[], prices: OfferPrices): Promise<void> {
    return this.repo.recordPushed(productId, ids, prices);
  }

  discard(ids: string[]): Promise<void> {
    return this.repo.discard(ids);
  }

  recordFailed(ids: string[], error: string): Promise<void> {
    return this.repo.recordFailed(ids, error);
  }

  adoptCityPrices(productId: string, cityPrices: ProductCityPrice[], basePrice: number): Promise<void> {
    return this.repo.adoptCityPrices(productId, cityPrices, basePrice);
  }
}

/** A price_history row as the live `price_change` event carries it. */
export function priceChangeEvent(row: PriceHistoryRow, productName: string): PriceChangeEvent {
  return {
    id: row.id,
    store_id: row.storeId,
    product_id: row.productId,
    product_name: productName,
    city_id: row.cityId,
    old_price: row.oldPrice,
    new_price: row.newPrice,
    source: row.source,
    reason: row.reason,
    status: row.status,
    at: (row.verifiedAt ?? row.createdAt).toISOString(),
  };
}
