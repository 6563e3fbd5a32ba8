import type { PricefeedClient } from '../../kaspi/pricefeed-client.ts';
import type { LiveEvents } from '../events/index.ts';
import type { FeedService } from '../feed/index.ts';
import type { StorefrontSnapshots } from '../market/index.ts';
import type { AppModule, Infra } from '../module.ts';
import type { RepricerAlerts } from '../notifications/index.ts';
import type { OwnCityPrices, PriceChangesService, ProductChecksService, ProductsService } from '../products/index.ts';
import type { StoresService } from '../stores/index.ts';
import { type ProposalNotifier, silentNotifier } from './proposals/proposal-notifier.ts';
import { ProposalsRepository } from './proposals/proposals.repository.ts';
import { proposalsRoutes } from './proposals/proposals.routes.ts';
import { ProposalsService } from './proposals/proposals.service.ts';
import { RepricerSettingsRepository } from './repricer-settings.repository.ts';
import { repricerSettingsRoutes } from './repricer-settings.routes.ts';
import { RepricerSettingsService } from './repricer-settings.service.ts';
import { RepricerMarketReader } from './runner/market-reader.ts';
import { ProductChecker } from './runner/product-check.ts';
import { DemperApprovals } from './runner/proposals.ts';
import { RepricerRunner } from './runner/repricer-runner.ts';
import { RepricerStatsRepository } from './runner/repricer-stats.repository.ts';
import { SchedulePlanner } from './scheduler/schedule-planner.ts';

export type { NotifiedCityPrice, ProposalNotifier } from './proposals/proposal-notifier.ts';
export type { ProposalsService, ProposalVia } from './proposals/proposals.service.ts';
export type { RepricerSettingsService } from './repricer-settings.service.ts';
export type { RepricerRunner } from './runner/repricer-runner.ts';
export type { SchedulePlanner } from './scheduler/schedule-planner.ts';

export interface RepricerModuleDeps {
  stores: StoresService;
  products: ProductsService;
  productChecks: ProductChecksService;
  priceChanges: PriceChangesService;
  ownCityPrices: OwnCityPrices;
  storefrontSnapshots: StorefrontSnapshots;
  pricefeed: PricefeedClient;
  feed: FeedService;
  liveEvents: LiveEvents;
  /** Tells sellers of proposals (`approve`) and pushes (`notify`); default: nobody is told. */
  proposalNotifier?: ProposalNotifier;
  /** The seller's alerts (notifications module); none: the repricer tells nobody. */
  repricerAlerts?: RepricerAlerts;
}

export interface RepricerModuleServices {
  /** The store's demper settings and status. */
  repricerSettings: RepricerSettingsService;
  /** This process's repricer loop (started by workers when DEMPER_RUN is on). */
  repricer: RepricerRunner;
  /** Approval mode: the demper's proposals, approved or rejected by the seller (API, Telegram buttons). */
  proposals: ProposalsService;
  /** The adaptive scheduler's plan (the read budget's water levels), shared by every process. */
  schedulePlanner: SchedulePlanner;
}

/**
 * The repricer ("demper"; tables store_demper_settings and demper_stats): every worker process (or
 * the embedded server) claims due products and checks them with the pure engine (src/engine/),
 * reading the storefront within the read budget and pushing within the write budget.
 */
export function createRepricerModule(infra: Infra, deps: RepricerModuleDeps): AppModule<RepricerModuleServices> {
  const { config, db, log } = infra;
  const settingsRepo = new RepricerSettingsRepository(db);
  const proposalsRepo = new ProposalsRepository(db);
  const planner = new SchedulePlanner(
    deps.productChecks,
    infra.cache,
    {
      readsPerSecond: config.budgets.storefrontReadsPerSecond,
      poolSize: config.kaspiProxies.length,
      share: config.demper.readBudgetShare,
      minSeconds: config.demper.minIntervalSeconds,
      everyMs: config.demper.planMs,
    },
    log,
  );
  const repricerSettings = new RepricerSettingsService(
    settingsRepo,
    deps.stores,
    deps.productChecks,
    {
      minIntervalSeconds: config.demper.minIntervalSeconds,
    },
    deps.liveEvents,
    deps.feed,
    () => planner.current(),
    proposalsRepo,
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
      approvals: new DemperApprovals(proposalsRepo, deps.proposalNotifier ?? silentNotifier, log, (store) => deps.liveEvents.store(store.userId, { store_id: store.id, reason: 'demper' })),
      plan: () => planner.current(),
      ...(deps.repricerAlerts && { alerts: deps.repricerAlerts }),
      log,
    },
    {
      verifyDelayMs: config.demper.verifyDelayMs,
      retryMs: config.demper.retryMs,
      leaseMs: config.demper.leaseMs,
      writeWaitMs: 3_000,
      feedVerifyMs: config.feed.verifyMs,
      minIntervalSeconds: config.demper.minIntervalSeconds,
    },
  );
  const proposals = new ProposalsService(
    {
      repo: proposalsRepo,
      stores: deps.stores,
      products: deps.products,
      productChecks: deps.productChecks,
      settingsOf: (storeId) => settingsRepo.find(storeId),
      // An approval compares the market with a read of now, never a shared snapshot.
      market: new RepricerMarketReader(infra.kaspi.storefront, deps.storefrontSnapshots, { maxAgeMs: 0, proxyPool: config.kaspiProxies, budgetWaitMs: 10_000 }),
      checker,
      countChange: (storeId) => stats.addStats(new Date(Math.floor(Date.now() / 60_000) * 60_000), new Map([[storeId, { checks: 0, changes: 1, errors: 0 }]])),
    },
    { maxAgeMs: config.demper.proposalMaxAgeMs, verifyDelayMs: config.demper.verifyDelayMs, approveAllLimit: 500 },
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
    services: { repricerSettings, repricer, proposals, schedulePlanner: planner },
    routes: async (app) => {
      await app.register(repricerSettingsRoutes);
      await app.register(proposalsRoutes);
    },
    start() {
      if (!config.demper.run) return;
      planner.start();
      repricer.start();
    },
    async stop() {
      await repricer.stop();
      await planner.stop();
    },
  };
}
