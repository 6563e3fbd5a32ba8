import type { PreorderWarehouse, ProductAvailability, ProductRow, StoreRow } from '../../infra/db/schema.ts';
import type { PricefeedOffer, PricefeedPoint } from '../../kaspi/pricefeed-body.ts';
import { pricefeedPoints } from '../products/index.ts';

/** What one preorder push changes: the offer as the pricefeed gets it, and the availabilities to store. */
export interface PreorderPush {
  offer: PricefeedOffer;
  /** Point -> stock count to state on Kaspi (the preorder quantity, or the stock Kaspi holds elsewhere). */
  stock: Map<string, number>;
  /** products.availabilities once Kaspi accepted. */
  availabilities: ProductAvailability[];
}

/**
 * The offer's pickup points as they are now (the synced availabilities, or the store's enabled points
 * for a product never synced), with their stock; points the store knows but the offer does not list
 * are added as not available, so a chosen one can be switched on.
 */
function currentPoints(product: ProductRow, store: StoreRow): ProductAvailability[] {
  const known = new Map(product.availabilities.map((a) => [a.point, a]));
  const points: ProductAvailability[] = pricefeedPoints(product, store).map((p) => ({
    point: p.point,
    available: p.available,
    stock_count: known.get(p.point)?.stock_count ?? 0,
    preorder_days: p.preorderDays ?? 0,
  }));
  for (const p of store.points) {
    if (!points.some((q) => q.point === p.name)) points.push({ point: p.name, available: false, stock_count: 0, preorder_days: 0 });
  }
  return points;
}

/**
 * Puts the chosen points on preorder (available, `days`, the quantity as stock) and takes `released`
 * points (chosen before, not any more) back to normal stock; every other point is sent exactly as it
 * is, so the pricefeed (which replaces the offer's availability) changes nothing else. Prices are
 * the product's current base and city prices: a preorder never changes what the buyer pays.
 */
export function preorderPush(product: ProductRow, store: StoreRow, change: { chosen: PreorderWarehouse[]; days: number; released: string[] }): PreorderPush {
  const chosen = new Map(change.chosen.map((w) => [w.point, w.quantity]));
  const released = new Set(change.released.filter((p) => !chosen.has(p)));
  const availabilities = currentPoints(product, store).map((a): ProductAvailability => {
    if (chosen.has(a.point)) return { point: a.point, available: true, stock_count: chosen.get(a.point)!, preorder_days: change.days };
    if (released.has(a.point)) return { ...a, preorder_days: 0 };
    return a;
  });
  const points: PricefeedPoint[] = availabilities.map((a) => ({ point: a.point, available: a.available, preorderDays: a.preorder_days }));
  return {
    offer: {
      merchantUid: store.merchantId,
      sku: product.kaspiSku,
      model: product.name,
      ...(product.price !== null && { basePrice: product.price }),
      cityPrices: product.cityPrices.map((c) => ({ cityId: c.city_id, price: c.price })),
      points,
    },
    stock: new Map(availabilities.filter((a) => a.available && a.stock_count > 0).map((a) => [a.point, a.stock_count])),
    availabilities,
  };
}

/** The cities whose storefront must show the preorder: those of the chosen points. */
export function preorderCities(store: StoreRow, warehouses: PreorderWarehouse[]): string[] {
  const cityOf = new Map(store.points.map((p) => [p.name, p.city_id]));
  return [...new Set(warehouses.map((w) => cityOf.get(w.point)).filter((c): c is string => !!c))];
}
