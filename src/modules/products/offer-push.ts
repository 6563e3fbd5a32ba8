import type { ProductAvailability, ProductCityPrice, ProductRow, StoreRow } from '../../infra/db/schema.ts';
import { pricefeedBody } from '../../kaspi/pricefeed-body.ts';
import { type StockPricefeedBody, withStockCounts } from '../../kaspi/stock-pricefeed-body.ts';
import { pricefeedPoints } from './pricefeed-points.ts';

/**
 * What a push means to change; everything it does not name is sent as it is now. Kaspi takes a
 * call as the offer's whole state (kaspi-protocol.md 2.4): its price list and its availability.
 */
export interface OfferChange {
  /** A price for every city (`cityId` absent) or for one city only. */
  price?: { value: number; cityId?: string };
  /** New prices for these cities (the demper's moves); the other cities keep theirs. */
  cityPrices?: readonly { cityId: string; price: number }[];
  /** The offer's whole new availability (a preorder); absent = the points as they are now. */
  availabilities?: readonly ProductAvailability[];
}

/** What of a product a push (or the XML feed) is built from. */
export type OfferState = Pick<ProductRow, 'kaspiSku' | 'name' | 'price' | 'cityPrices' | 'availabilities'>;

export interface OfferPush {
  body: StockPricefeedBody;
  /** products.price, products.city_prices and products.availabilities once Kaspi accepted. */
  basePrice: number;
  cityPrices: ProductCityPrice[];
  availabilities: ProductAvailability[];
}

/**
 * The offer's pickup points as they are now, with their stock: the synced availabilities, or the
 * store's enabled points for a product never synced.
 */
export function currentAvailabilities(product: Pick<ProductRow, 'availabilities'>, store: Pick<StoreRow, 'points'>): ProductAvailability[] {
  const known = new Map(product.availabilities.map((a) => [a.point, a]));
  return pricefeedPoints(product, store).map((p) => ({
    point: p.point,
    available: p.available,
    stock_count: known.get(p.point)?.stock_count ?? 0,
    preorder_days: p.preorderDays ?? 0,
  }));
}

/**
 * The one pricefeed call for an offer (manual price, preorder, demper): built from the offer's whole
 * current state (every city price, every point with its stock and preorder days), changing only
 * what `change` names. A call that names some city prices names every city where the offer is on
 * sale: a city left out would get the base price (the lowest), so a city whose own price is not
 * known keeps the product's base price explicitly. Throws PricefeedBodyError for a body Kaspi would
 * refuse.
 */
export function offerPush(product: OfferState, store: Pick<StoreRow, 'points' | 'merchantId'>, change: OfferChange): OfferPush {
  const availabilities = change.availabilities ? [...change.availabilities] : currentAvailabilities(product, store);
  const prices = new Map(product.cityPrices.map((c) => [c.city_id, c.price]));
  let base = product.price;
  if (change.price && change.price.cityId === undefined) {
    base = change.price.value;
    for (const city of prices.keys()) prices.set(city, change.price.value);
  }
  const named: { cityId: string; price: number }[] = [...(change.cityPrices ?? [])];
  if (change.price?.cityId !== undefined) named.push({ cityId: change.price.cityId, price: change.price.value });
  if (named.length && base !== null) {
    // Cities on sale with no price of their own hold the base price: keep it there explicitly.
    const cityOf = new Map(store.points.map((p) => [p.name, p.city_id]));
    for (const a of availabilities) {
      const city = a.available ? cityOf.get(a.point) : undefined;
      if (city && !prices.has(city)) prices.set(city, base);
    }
  }
  for (const c of named) prices.set(c.cityId, c.price);
  const cityPrices = [...prices].map(([city_id, price]) => ({ city_id, price }));
  // With city prices, the base is their lowest (kaspi-protocol.md 2.4); without, the product's price.
  const basePrice = cityPrices.length ? Math.min(...cityPrices.map((c) => c.price)) : base;
  const body = pricefeedBody({
    merchantUid: store.merchantId,
    sku: product.kaspiSku,
    model: product.name,
    ...(basePrice !== null && { basePrice }),
    cityPrices: cityPrices.map((c) => ({ cityId: c.city_id, price: c.price })),
    points: availabilities.map((a) => ({ point: a.point, available: a.available, preorderDays: a.preorder_days })),
  });
  const stock = new Map(availabilities.filter((a) => a.available && a.stock_count > 0).map((a) => [a.point, a.stock_count]));
  return { body: withStockCounts(body, stock), basePrice: body.price, cityPrices, availabilities };
}
