import type { PricefeedClient } from '../../kaspi/pricefeed-client.ts';
import type { LiveEvents } from '../events/index.ts';
import type { FeedService } from '../feed/index.ts';
import type { StorefrontSnapshots } from '../market/index.ts';
import type { AppModule, Infra } from '../module.ts';
import type { RepricerAlerts } from '../notifications/index.ts';
import type { OwnCityPrices, PriceChangesService, ProductChecksService } from '../products/index.ts';
import type { StoresService } from '../stores/index.ts';
import { RepricerSettingsRepository } from './repricer-settings.repository.ts';
import { repricerSettingsRoutes } from './repricer-settings.routes.ts';
import { RepricerSettingsService } from './repricer-settings.service.ts';
import { RepricerMarketReader } from './runner/market-reader.ts';
import { ProductChecker } from './runner/product-check.ts';
import { RepricerRunner } from './runner/repricer-runner.ts';
import { RepricerStatsRepository } from './runner/repricer-stats.repository.ts';

export type { RepricerSettingsService } from './repricer-settings.service.ts';
export type { RepricerRunner } from './runner/repricer-runner.ts';

export interface RepricerModuleDeps {
  stores: StoresService;
  productChecks: ProductChecksService;
  priceChanges: PriceChangesService;
  ownCityPrices: OwnCityPrices;
  storefrontSnapshots: StorefrontSnapshots;
  pricefeed: PricefeedClient;
  feed: FeedService;
  liveEvents: LiveEvents;
  /** The seller's alerts (notifications module); none: the repricer tells nobody. */
  repricerAlerts?: RepricerAlerts;
}

export interface RepricerModuleServices {
  /** The store's demper settings and status. */
  repricerSettings: RepricerSettingsService;
  /** This process's repricer loop (started by workers when DEMPER_RUN is on). */
  repricer: RepricerRunner;
}

/**
 * The repricer ("demper"; tables store_demper_settings and demper_stats): every worker process (or
 * the embedded server) claims due products and checks them with the pure engine (src/engine/),
 * reading the storefront within the read budget and pushing within the write budget.
 */
export function createRepricerModule(infra: Infra, deps: RepricerModuleDeps): AppModule<RepricerModuleServices> {
  const { config, db, log } = infra;
  const repricerSettings = new RepricerSettingsService(
    new RepricerSettingsRepository(db),
    deps.stores,
    deps.productChecks,
    {
      minIntervalSeconds: config.demper.minIntervalSeconds,
    },
    deps.liveEvents,
    deps.feed,
  );
  const stats = new RepricerStatsRepository(db);
  const reader = new RepricerMarketReader(infra.kaspi.storefront, deps.storefrontSnapshots, {
    maxAgeMs: config.demper.marketMaxAgeMs,
    proxyPool: config.kaspiProxies,
    budgetWaitMs: 10_000,
  });
  const checker = new ProductChecker(
    {
      claims: deps.productChecks,
      history: deps.priceChanges,
      stats,
      market: reader,
      pricefeed: deps.pricefeed,
      ownCityPrices: deps.ownCityPrices,
      merchantIdsOfUser: (userId) => deps.stores.merchantIdsOfUser(userId),
      ownProxyOf: (store) => deps.stores.ownProxyOf(store),
      storeChanged: (store) => deps.liveEvents.store(store.userId, { store_id: store.id, reason: 'demper' }),
      ...(deps.repricerAlerts && { alerts: deps.repricerAlerts }),
      log,
    },
    { verifyDelayMs: config.demper.verifyDelayMs, retryMs: config.demper.retryMs, leaseMs: config.demper.leaseMs, writeWaitMs: 3_000, feedVerifyMs: config.feed.verifyMs },
  );
  const repricer = new RepricerRunner(
    deps.productChecks,
    stats,
    checker,
    {
      concurrency: config.demper.concurrency,
      claimBatch: config.demper.claimBatch,
      leaseMs: config.demper.leaseMs,
      idlePollMs: 1000,
      statsFlushMs: 5000,
    },
    log,
  );
  return {
    name: 'repricer',
    services: { repricerSettings, repricer },
    routes: repricerSettingsRoutes,
    start() {
      if (config.demper.run) repricer.start();
    },
    stop: () => repricer.stop(),
  };
}
