import type { ProductRow, StoreRow } from '../../infra/db/schema.ts';
import type { PricefeedPoint } from '../../kaspi/pricefeed-body.ts';

/**
 * Every pickup point the offer must keep, as the pricefeed needs them (it replaces the offer's
 * availability): the points the cabinet lists for the product, with their preorder days; for a
 * product that has none yet (added by hand, never synced), the store's enabled points, available.
 */
export function pricefeedPoints(product: Pick<ProductRow, 'availabilities'>, store: Pick<StoreRow, 'points'>): PricefeedPoint[] {
  if (product.availabilities.length) {
    return product.availabilities.map((a) => ({ point: a.point, available: a.available, preorderDays: a.preorder_days }));
  }
  return store.points.filter((p) => p.enabled).map((p) => ({ point: p.name, available: true }));
}
