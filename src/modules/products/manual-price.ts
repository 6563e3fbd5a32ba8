import type { ProductCityPrice, ProductRow, StoreRow } from '../../infra/db/schema.ts';
import type { PricefeedOffer } from '../../kaspi/pricefeed-body.ts';
import { pricefeedPoints } from './pricefeed-points.ts';

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
