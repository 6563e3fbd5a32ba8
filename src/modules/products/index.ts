import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PricefeedClient } from '../../kaspi/pricefeed-client.ts';
import type { LiveEvents } from '../events/index.ts';
import type { AppModule, Infra } from '../module.ts';
import type { StoresService } from '../stores/index.ts';
import { ListCounts } from './list-counts.ts';
import { OwnCityPrices } from './own-city-prices.ts';
import { PriceChangesService, priceChangeEvent } from './price-changes.service.ts';
import { PriceHistoryRepository } from './price-history.repository.ts';
import { pricingRoutes } from './pricing.routes.ts';
import { PricingService } from './pricing.service.ts';
import { ProductChecksRepository } from './product-checks.repository.ts';
import { ProductChecksService } from './product-checks.service.ts';
import { ProductsRepository } from './products.repository.ts';
import { productsRoutes } from './products.routes.ts';
import { ProductsService } from './products.service.ts';

export { currentAvailabilities, type OfferChange, type OfferPush, type OfferState, offerPush } from './offer-push.ts';
export type { OwnCityPrices } from './own-city-prices.ts';
export type { PriceChangesService } from './price-changes.service.ts';
export type { CityChangeHistory, NewRepricerChange } from './price-history.repository.ts';
export { pricefeedPoints } from './pricefeed-points.ts';
export type { PricingService } from './pricing.service.ts';
export { railProperties } from './pricing-rules.schemas.ts';
export { cityRules, effectiveRails, productRules, railsToRules } from './pricing-rules.ts';
export type { ClaimedProduct, ProductCheckCounts, SchedulePlanRow, StoreScheduleSummary } from './product-checks.repository.ts';
export { VERIFY_WINDOW_SECONDS } from './product-checks.repository.ts';
export type { ProductChecksService } from './product-checks.service.ts';
export { type CatalogueApplied, NO_SHOP_LINK, type SyncedOffer } from './products.repository.ts';
export { Price } from './products.schemas.ts';
export { type ProductsService, type ProductView, toProductView } from './products.service.ts';

export interface ProductsModuleServices {
  products: ProductsService;
  /** Manual price changes through the pricefeed, and the price history. */
  pricing: PricingService;
  /** The repricer's queue in the products table. */
  productChecks: ProductChecksService;
  /** The repricer's price changes and their verification. */
  priceChanges: PriceChangesService;
  /** Our own price in each city, read from the storefront before a push when not known or too old. */
  ownCityPrices: OwnCityPrices;
}

/**
 * The seller's offers and their prices (tables products and price_history): the only module that
 * writes them. Others change a product through the services it returns.
 */
export function createProductsModule(infra: Infra, deps: { stores: StoresService; pricefeed: PricefeedClient; liveEvents: LiveEvents }): AppModule<ProductsModuleServices> {
  const { db, config, log } = infra;
  const productsRepository = new ProductsRepository(db);
  // Every price change, as it is recorded or settled, goes to its owner's live event streams.
  const priceHistory = new PriceHistoryRepository(db, {
    changed: (changes) => {
      for (const { row, productName, userId } of changes) deps.liveEvents.priceChange(userId, priceChangeEvent(row, productName));
    },
    failed: (err) => log.warn({ err }, 'could not announce price changes'),
  });
  // A PATCH of `price` is pushed to Kaspi first: products need the pricer, built on the same tables.
  const ownCityPrices = new OwnCityPrices(
    productsRepository,
    (externalId, cityId, store) => infra.kaspi.storefront.offers(externalId, cityId, deps.stores.ownProxyOf(store), { maxBudgetWaitMs: config.pricing.manualMaxWaitMs }),
    config.pricing.cityPricesMaxAgeMs,
  );
  const pricing = new PricingService(priceHistory, productsRepository, deps.stores, deps.pricefeed, ownCityPrices, { maxBudgetWaitMs: config.pricing.manualMaxWaitMs });
  const products = new ProductsService(productsRepository, deps.stores, pricing, new ListCounts(infra.cache, infra.log));
  // A store's deletion takes its products with it (foreign keys cascade): the owner's counts change.
  deps.stores.onDeleted((store) => products.listsChanged(store.userId));
  const routes: FastifyPluginAsyncTypebox = async (app) => {
    await app.register(productsRoutes);
    await app.register(pricingRoutes);
  };
  return {
    name: 'products',
    services: {
      products,
      pricing,
      productChecks: new ProductChecksService(new ProductChecksRepository(db)),
      priceChanges: new PriceChangesService(priceHistory),
      ownCityPrices,
    },
    routes,
  };
}
