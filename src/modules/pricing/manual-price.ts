import type { ProductCityPrice, ProductRow, StoreRow } from '../../infra/db/schema.ts';
import type { PricefeedOffer, PricefeedPoint } from '../../kaspi/pricefeed-body.ts';

/**
 * Every pickup point the offer must keep, as the pricefeed needs them (it replaces the offer's
 * availability): the points the cabinet lists for the product, with their preorder days; for a
 * product that has none yet (added by hand, never synced), the store's enabled points, available.
 */
export function pricefeedPoints(product: ProductRow, store: StoreRow): PricefeedPoint[] {
  if (product.availabilities.length) {
    return product.availabilities.map((a) => ({ point: a.point, available: a.available, preorderDays: a.preorder_days }));
  }
  return store.points.filter((p) => p.enabled).map((p) => ({ point: p.name, available: true }));
}

/**
 * A manual price is what the buyer pays everywhere: it becomes the base price and every city price
 * the offer has, all in one call. The city entries are kept (set to the new price), not dropped, so
 * the cities the demper manages stay explicit on Kaspi and in `city_prices`.
 */
export function manualCityPrices(product: ProductRow, price: number): ProductCityPrice[] {
  return product.cityPrices.map((c) => ({ city_id: c.city_id, price }));
}

export function manualPricefeedOffer(product: ProductRow, store: StoreRow, price: number): PricefeedOffer {
  return {
    merchantUid: store.merchantId,
    sku: product.kaspiSku,
    model: product.name,
    basePrice: price,
    cityPrices: manualCityPrices(product, price).map((c) => ({ cityId: c.city_id, price: c.price })),
    points: pricefeedPoints(product, store),
  };
}
