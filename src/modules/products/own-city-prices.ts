import { conflict } from '../../errors/domain-error.ts';
import type { ProductCityPrice, ProductRow, StoreRow } from '../../infra/db/schema.ts';
import type { MarketOffer } from '../../kaspi/parsers/storefront-offers.parser.ts';
import type { ProductsRepository } from './products.repository.ts';

/** One storefront read: the offers of a product in a city. */
export type StorefrontRead = (externalId: string, cityId: string, store: StoreRow) => Promise<{ offers: MarketOffer[] }>;

/**
 * The cities where Kaspi has the offer on sale now: those of its available points as the cabinet
 * listed them. A product never synced (no availabilities) has no Kaspi state of its own to keep.
 */
export function saleCities(product: ProductRow, store: StoreRow): string[] {
  const cityOf = new Map(store.points.map((p) => [p.name, p.city_id]));
  const cities = product.availabilities
    .filter((a) => a.available)
    .map((a) => cityOf.get(a.point))
    .filter((c): c is string => !!c);
  return [...new Set(cities)];
}

/**
 * Our own price in each city, as the storefront shows our offer there. The cabinet's list shows only
 * the lowest price, and Kaspi takes a pricefeed call as the offer's whole price list
 * (kaspi-protocol.md 2.4): a push built on city prices that are unknown or older than `maxAgeMs`
 * would overwrite the seller's other cities, so they are read first (one storefront read per city
 * where the offer is on sale; none for an offer sold in one city, whose price the cabinet shows, nor
 * for a product never synced).
 * When they cannot be read, the push does not guess: DomainError `city_prices_unknown`.
 */
export class OwnCityPrices {
  constructor(
    private readonly repo: ProductsRepository,
    private readonly read: StorefrontRead,
    private readonly maxAgeMs: number,
  ) {}

  /**
   * The product with city prices a push can trust (read and stored when needed). `seen`: our price per
   * city as a storefront read the caller just made shows it (the repricer's own reads), not read again.
   */
  async ensure(product: ProductRow, store: StoreRow, seen: ReadonlyMap<string, number> = new Map()): Promise<ProductRow> {
    if (product.cityPricesSeenAt && Date.now() - product.cityPricesSeenAt.getTime() <= this.maxAgeMs) return product;
    const cities = saleCities(product, store);
    if (cities.length <= 1) return product;
    const learned = await this.learn(product, store, cities, seen);
    await this.repo.recordSeenCityPrices(product.id, learned);
    return { ...product, cityPrices: learned, cityPricesSeenAt: new Date() };
  }

  private async learn(product: ProductRow, store: StoreRow, cities: string[], seen: ReadonlyMap<string, number>): Promise<ProductCityPrice[]> {
    const why = (reason: string) =>
      conflict(`The offer's current price in each city is not known, and a push replaces all of them: ${reason}. Nothing was sent; try again later.`, 'city_prices_unknown');
    const unseen = cities.filter((cityId) => !seen.has(cityId));
    if (unseen.length && !product.externalKaspiId) throw why(`${product.kaspiSku} has no public Kaspi product id to look it up on the storefront`);
    const learned: ProductCityPrice[] = [];
    for (const cityId of cities) {
      const price = seen.get(cityId);
      if (price !== undefined) {
        learned.push({ city_id: cityId, price });
        continue;
      }
      let offers: MarketOffer[];
      try {
        ({ offers } = await this.read(product.externalKaspiId!, cityId, store));
      } catch (err) {
        throw why(`the storefront could not be read in city ${cityId} (${err instanceof Error ? err.message : String(err)})`);
      }
      const ours = offers.find((o) => String(o.merchantId) === store.merchantId);
      if (!ours) throw why(`the storefront does not show our offer in city ${cityId}`);
      learned.push({ city_id: cityId, price: ours.price });
    }
    // Cities priced before but no longer on sale keep their price: the push sends it back unchanged.
    for (const c of product.cityPrices) if (!cities.includes(c.city_id)) learned.push(c);
    return learned;
  }
}
