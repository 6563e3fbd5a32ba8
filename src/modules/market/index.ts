import { ReadThroughCache } from '../../infra/cache/read-through-cache.ts';
import type { StoreRow } from '../../infra/db/schema.ts';
import type { KaspiSessionManager } from '../../kaspi/session-manager.ts';
import type { JobHandler, JobsService } from '../jobs/index.ts';
import type { AppModule, Infra } from '../module.ts';
import type { ProductsService } from '../products/index.ts';
import type { StoresService } from '../stores/index.ts';
import { withCardRefresh } from './card-refresh-after-sync.ts';
import { marketRoutes } from './market.routes.ts';
import { MarketService } from './market.service.ts';
import { productCardsJob } from './product-cards.job.ts';
import { StorefrontSnapshots } from './storefront-snapshots.ts';

export { type MarketService, salesCities } from './market.service.ts';
export type { StorefrontSnapshot, StorefrontSnapshots } from './storefront-snapshots.ts';

export interface MarketModuleServices {
  /** Product market data ("parsing"): competitors per city, cached and shared. */
  market: MarketService;
  /** The storefront reads every reader shares, per (product, city). */
  storefrontSnapshots: StorefrontSnapshots;
  /** A catalogue sync that queues a refresh of the store's product cards when it ends. */
  refreshCardsAfter(sync: JobHandler): JobHandler;
}

/**
 * What the storefront shows about a product: competing offers per city and the public product
 * card. No table of its own: cards are saved on products through the products module.
 */
export function createMarketModule(infra: Infra, deps: { stores: StoresService; products: ProductsService; jobs: JobsService; kaspiSessions: KaspiSessionManager }): AppModule<MarketModuleServices> {
  const { config, cache, log, shutdown } = infra;
  const { storefront } = infra.kaspi;
  const proxyOf = (store: StoreRow) => deps.kaspiSessions.proxyOf(store);
  // Entries are kept as long as the most patient reader (the market API or the repricer) accepts them.
  const storefrontSnapshots = new StorefrontSnapshots(new ReadThroughCache(cache, log), Math.max(config.market.cacheTtlMs, config.demper.marketMaxAgeMs));
  const market = new MarketService(deps.products, deps.stores, storefront, proxyOf, storefrontSnapshots, { cacheTtlMs: config.market.cacheTtlMs });
  const cards = productCardsJob({ stores: deps.stores, products: deps.products, storefront, proxyOf, maxAgeMs: config.market.cardMaxAgeMs, shutdown });
  return {
    name: 'market',
    services: {
      market,
      storefrontSnapshots,
      refreshCardsAfter: (sync) => (config.market.cardsAfterSync ? withCardRefresh(sync, deps.jobs) : sync),
    },
    jobs: [cards],
    routes: marketRoutes,
  };
}
