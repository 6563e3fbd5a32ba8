import { conflict, invalid, notFound } from '../../errors/domain-error.ts';
import { BudgetExhaustedError } from '../../infra/budget/rate-budget.ts';
import type { StoreRow } from '../../infra/db/schema.ts';
import { busyFromBudget } from '../../kaspi/kaspi-busy.ts';
import type { StorefrontClient } from '../../kaspi/storefront-client.ts';
import type { ProductsService } from '../products/index.ts';
import type { StoresService } from '../stores/index.ts';
import type { Actor } from '../users/index.ts';
import { type CityMarketView, cityMarketView, type MarketSnapshot } from './market-view.ts';
import type { StorefrontSnapshots } from './storefront-snapshots.ts';

export interface MarketOptions {
  /** How long one storefront read of (product, city) serves every seller of the product. */
  cacheTtlMs: number;
}

export interface ProductMarketView {
  product_id: string;
  store_id: string;
  merchant_id: string;
  external_kaspi_id: string;
  cities: CityMarketView[];
}

/** The cities where a store sells: those of its enabled pickup points, in the cabinet's order. */
export function salesCities(store: StoreRow): { id: string; name: string | null }[] {
  const cities = new Map<string, string | null>();
  for (const point of store.points) {
    if (point.enabled && point.city_id && !cities.has(point.city_id)) cities.set(point.city_id, point.city_name);
  }
  return [...cities].map(([id, name]) => ({ id, name }));
}

/** Product market data ("parsing"): the competing offers of a product, city by city. */
export class MarketService {
  constructor(
    private readonly products: ProductsService,
    private readonly stores: StoresService,
    private readonly storefront: StorefrontClient,
    private readonly proxyOf: (store: StoreRow) => string | undefined,
    private readonly snapshots: StorefrontSnapshots,
    private readonly options: MarketOptions,
  ) {}

  async offersByProduct(actor: Actor, productId: string, cityFilter?: string): Promise<ProductMarketView> {
    const product = await this.products.getOwned(actor, productId);
    const externalId = product.externalKaspiId;
    if (!externalId) {
      throw conflict(
        `This product is not repriceable: ${product.notRepriceableReason ?? 'it has no public Kaspi product id (external_kaspi_id)'}, so its competitors cannot be looked up.`,
        'not_repriceable',
      );
    }
    const store = await this.stores.findById(product.storeId);
    if (!store) throw notFound('Product');
    let cities = salesCities(store);
    if (cityFilter !== undefined) {
      cities = cities.filter((c) => c.id === cityFilter);
      if (!cities.length) throw invalid({ city: `The shop does not sell in city ${cityFilter}: no enabled pickup point there.` });
    }
    if (!cities.length) throw conflict('The shop has no enabled pickup point with a city, so it sells nowhere yet; link or resync the shop.', 'no_sales_cities');

    // The owner's other shops are not competitors (an admin looking sees the owner's view).
    const sellerMerchantIds = new Set(await this.stores.merchantIdsOfUser(store.userId));
    const proxy = this.proxyOf(store);
    const snapshots = await Promise.all(cities.map((city) => this.snapshot(externalId, city.id, proxy)));
    return {
      product_id: product.id,
      store_id: store.id,
      merchant_id: store.merchantId,
      external_kaspi_id: externalId,
      cities: cities.map((city, i) => cityMarketView(snapshots[i]!, city, store.merchantId, sellerMerchantIds)),
    };
  }

  /** One storefront read per (product, city) per TTL, whoever asks; errors are never cached. */
  private async snapshot(externalId: string, cityId: string, proxy: string | undefined): Promise<MarketSnapshot> {
    try {
      const { offers, total, fetchedAt } = await this.snapshots.get(externalId, cityId, this.options.cacheTtlMs, () => this.storefront.offers(externalId, cityId, proxy));
      return { offers, total, fetched_at: new Date(fetchedAt).toISOString() };
    } catch (err) {
      if (err instanceof BudgetExhaustedError) throw busyFromBudget(err, 'Market data', "Kaspi's storefront refused our reads a moment ago");
      throw err;
    }
  }
}
