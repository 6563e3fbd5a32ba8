import type { PreorderWarehouse, ProductAvailability, ProductRow, StoreRow } from '../../infra/db/schema.ts';
import { currentAvailabilities, type OfferPush, offerPush } from '../products/index.ts';

/**
 * The offer's pickup points as they are now, with their stock; points the store knows but the offer
 * does not list are added as not available, so a chosen one can be switched on.
 */
function currentPoints(product: ProductRow, store: StoreRow): ProductAvailability[] {
  const points = currentAvailabilities(product, store);
  for (const p of store.points) {
    if (!points.some((q) => q.point === p.name)) points.push({ point: p.name, available: false, stock_count: 0, preorder_days: 0 });
  }
  return points;
}

/**
 * Puts the chosen points on preorder (available, `days`, the quantity as stock) and takes `released`
 * points (chosen before, not any more) back to normal stock; every other point is sent exactly as it
 * is, so the pricefeed (which replaces the offer's availability) changes nothing else. Prices are
 * the offer's current base and city prices (the one builder, offerPush): a preorder never changes
 * what the buyer pays. Throws PricefeedBodyError for a body Kaspi would refuse.
 */
export function preorderPush(product: ProductRow, store: StoreRow, change: { chosen: PreorderWarehouse[]; days: number; released: string[] }): OfferPush {
  const chosen = new Map(change.chosen.map((w) => [w.point, w.quantity]));
  const released = new Set(change.released.filter((p) => !chosen.has(p)));
  const availabilities = currentPoints(product, store).map((a): ProductAvailability => {
    if (chosen.has(a.point)) return { point: a.point, available: true, stock_count: chosen.get(a.point)!, preorder_days: change.days };
    if (released.has(a.point)) return { ...a, preorder_days: 0 };
    return a;
  });
  return offerPush(product, store, { availabilities });
}

/** The cities whose storefront must show the preorder: those of the chosen points. */
export function preorderCities(store: StoreRow, warehouses: PreorderWarehouse[]): string[] {
  const cityOf = new Map(store.points.map((p) => [p.name, p.city_id]));
  return [...new Set(warehouses.map((w) => cityOf.get(w.point)).filter((c): c is string => !!c))];
}
