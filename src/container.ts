import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import type { AppConfig } from './config/index.ts';
import { BrowserPool } from './infra/browser/browser-pool.ts';
import { MemoryBudgetStore } from './infra/budget/memory-budget-store.ts';
import { RateBudget, type BudgetStore } from './infra/budget/rate-budget.ts';
import { RedisBudgetStore } from './infra/budget/redis-budget-store.ts';
import type { Cache } from './infra/cache/cache.ts';
import { MemoryCache } from './infra/cache/memory-cache.ts';
import { ReadThroughCache } from './infra/cache/read-through-cache.ts';
import { RedisCache } from './infra/cache/redis-cache.ts';
import { PasswordHasher } from './infra/crypto/passwords.ts';
import { SecretBox } from './infra/crypto/secret-box.ts';
import { loadOrCreateSecretKey } from './infra/crypto/secret-key.ts';
import { openDatabase, type DatabaseHandle } from './infra/db/database.ts';
import { ProxyDispatchers } from './infra/http/proxy-dispatchers.ts';
import { InProcessLockManager } from './infra/locks/in-process-lock.ts';
import type { LockManager } from './infra/locks/lock-manager.ts';
import { RedisLockManager } from './infra/locks/redis-lock.ts';
import { loggerOptions } from './infra/logger.ts';
import { BullmqQueue } from './infra/queue/bullmq-queue.ts';
import { InProcessQueue } from './infra/queue/in-process-queue.ts';
import type { JobQueue } from './infra/queue/job-queue.ts';
import { createMetricsRegistry } from './http/metrics.ts';
import { KaspiAuthenticator } from './kaspi/auth/kaspi-authenticator.ts';
import { McClient } from './kaspi/mc-client.ts';
import { PricefeedClient } from './kaspi/pricefeed-client.ts';
import { PriceListUploader } from './kaspi/price-list-upload.ts';
import { KaspiSessionManager } from './kaspi/session-manager.ts';
import { StorefrontClient } from './kaspi/storefront-client.ts';
import { catalogueSyncJob } from './modules/catalogue/catalogue-sync.job.ts';
import { CatalogueRepository } from './modules/catalogue/catalogue.repository.ts';
import { CatalogueService } from './modules/catalogue/catalogue.service.ts';
import { OfferListReader } from './modules/catalogue/offer-list-reader.ts';
import { RepricerSettingsRepository } from './modules/repricer/repricer-settings.repository.ts';
import { RepricerSettingsService } from './modules/repricer/repricer-settings.service.ts';
import { pingJobHandler } from './modules/jobs/job-handler.ts';
import { JobsRepository } from './modules/jobs/jobs.repository.ts';
import { JobsService } from './modules/jobs/jobs.service.ts';
import { KaspiAuthRepository } from './modules/kaspi-auth/kaspi-auth.repository.ts';
import { KaspiAuthService } from './modules/kaspi-auth/kaspi-auth.service.ts';
import { withCardRefresh } from './modules/market/card-refresh-after-sync.ts';
import { MarketRepository } from './modules/market/market.repository.ts';
import { MarketService } from './modules/market/market.service.ts';
import { productCardsJob } from './modules/market/product-cards.job.ts';
import { PreordersRepository } from './modules/preorders/preorders.repository.ts';
import { PreordersService } from './modules/preorders/preorders.service.ts';
import { preordersVerifyJob } from './modules/preorders/preorders-verify.job.ts';
import { PricingRepository } from './modules/pricing/pricing.repository.ts';
import { PricingService } from './modules/pricing/pricing.service.ts';
import { ProductsRepository } from './modules/products/products.repository.ts';
import { ProductsService } from './modules/products/products.service.ts';
import { RepricerClaimsRepository } from './modules/repricer/runner/claims.repository.ts';
import { RepricerHistoryRepository } from './modules/repricer/runner/repricer-history.repository.ts';
import { RepricerRunner } from './modules/repricer/runner/repricer-runner.ts';
import { RepricerMarketReader } from './modules/repricer/runner/market-reader.ts';
import { ProductChecker } from './modules/repricer/runner/product-check.ts';
import { StoresRepository } from './modules/stores/stores.repository.ts';
import { StoresService } from './modules/stores/stores.service.ts';
import { TokenService } from './modules/users/tokens.ts';
import { UsersRepository } from './modules/users/users.repository.ts';
import { UsersService } from './modules/users/users.service.ts';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export interface Services {
  users: UsersService;
  stores: StoresService;
  products: ProductsService;
  preorders: PreordersService;
  jobs: JobsService;
  kaspiAuth: KaspiAuthService;
  /** Cabinet calls for a store, with session renewal: `kaspiSessions.withCabinet(storeId, (s) => mc.call(s, ...))`. */
  kaspiSessions: KaspiSessionManager;
  catalogue: CatalogueService;
  /** Product market data ("parsing"): competitors per city, cached and shared. */
  market: MarketService;
  /** Manual price changes through the pricefeed, and the price history. */
  pricing: PricingService;
  /** The store's demper settings and status. */
  repricerSettings: RepricerSettingsService;
}

/** The Kaspi clients other modules build on. */
export interface KaspiClients {
  mc: McClient;
  dispatchers: ProxyDispatchers;
  storefront: StorefrontClient;
  /** Price writes within each merchant's write budget; the demper pushes through it too. */
  pricefeed: PricefeedClient;
}

/** Request budgets towards Kaspi (see src/infra/budget/rate-budget.ts). */
export interface KaspiBudgets {
  /** Per merchant account: the offer list and other cabinet reads. */
  cabinetReads: RateBudget;
  /** Per merchant account: pricefeed writes (Kaspi bans the account for ~30 min at ~3/s). */
  cabinetWrites: RateBudget;
  /** Per egress IP (proxy or direct): storefront reads (Kaspi answers 403 for ~10 s at ~15/s). */
  storefrontReads: RateBudget;
}

/** Everything a process needs, built once from config. The only place that knows which mode is on. */
export interface Container {
  config: AppConfig;
  version: string;
  log: FastifyBaseLogger;
  database: DatabaseHandle;
  queue: JobQueue;
  /** Set when REDIS_URL is: rate-limit counters and (later) caches and budgets live there. */
  redis: Redis | undefined;
  /** Short-lived shared data (market snapshots): Redis when REDIS_URL is set, else memory. */
  cache: Cache;
  metrics: Registry;
  services: Services;
  kaspi: KaspiClients;
  budgets: KaspiBudgets;
  locks: LockManager;
  browserPool: BrowserPool;
  /** The repricer loop of this process (started by startWorkers when DEMPER_RUN is on). */
  repricer: RepricerRunner;
  /** Starts consuming jobs in this process. */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

export interface ContainerOptions {
  log?: FastifyBaseLogger;
  /** A browser pool owned by the caller (tests share one across containers); not closed with the container. */
  browserPool?: BrowserPool;
}

export async function createContainer(config: AppConfig, options: ContainerOptions = {}): Promise<Container> {
  const log = options.log ?? pino(loggerOptions(config.logLevel));
  const secretKey = config.secretKey ?? (await loadOrCreateSecretKey(config.dataDir));
  const secrets = new SecretBox(secretKey, config.previousSecretKeys);

  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  if (config.migrateOnStart) await database.migrate();

  let redis: Redis | undefined;
  if (config.redisUrl) {
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
    redis.on('error', (err) => log.debug({ err }, 'redis connection error'));
  }
  const queue: JobQueue = config.redisUrl ? new BullmqQueue(config.redisUrl, config.redisPrefix) : new InProcessQueue();

  const db = database.db;
  const users = new UsersService(new UsersRepository(db), new TokenService(secrets.deriveSubkey('auth-tokens'), config.tokenTtl),
    new PasswordHasher(config.passwordHashLogN),
  );
  const stores = new StoresService(new StoresRepository(db), secrets);
  const jobs = new JobsService(new JobsRepository(db), queue, log);
  jobs.register(pingJobHandler);

  // Kaspi: one browser pool for logins, one HTTP client for the cabinet, sessions renewed under a lock
  // that every process sharing this Redis respects.
  const locks: LockManager = redis ? new RedisLockManager(redis, config.redisPrefix) : new InProcessLockManager();
  const ownsBrowserPool = !options.browserPool;
  const browserPool =
    options.browserPool ??
    new BrowserPool({
      executablePath: config.chromiumPath,
      size: config.browser.poolSize,
      maxUses: config.browser.maxUses,
      // A login is a few page steps of at most timeoutMs each.
      useTimeoutMs: config.kaspiLogin.timeoutMs * 4 + 30_000,
    });
  const dispatchers = new ProxyDispatchers(config.kaspiProxies);
  const mc = new McClient({ baseUrl: config.kaspi.mcUrl, timeoutMs: config.kaspiHttpTimeoutMs }, dispatchers);
  const authenticator = new KaspiAuthenticator(browserPool, { idmcUrl: config.kaspi.idmcUrl, timeoutMs: config.kaspiLogin.timeoutMs });
  const kaspiAuthRepository = new KaspiAuthRepository(db);
  const kaspiSessions = new KaspiSessionManager(kaspiAuthRepository, secrets, mc, authenticator, locks, dispatchers,
    { loginTimeoutMs: config.kaspiLogin.timeoutMs, loginViaProxy: config.kaspiLogin.viaProxy }, log,
  );
  const kaspiAuth = new KaspiAuthService(kaspiAuthRepository, secrets, authenticator, mc, kaspiSessions, stores, locks,
    { pendingTtlSeconds: config.kaspiLogin.pendingTtlSeconds, loginTimeoutMs: config.kaspiLogin.timeoutMs },
  );

  // Budgets towards Kaspi, shared by every process through Redis (or this process's memory).
  const budgetStore: BudgetStore = redis ? new RedisBudgetStore(redis, config.redisPrefix, config.budgets.restartHoldMs) : new MemoryBudgetStore();
  const budgets = {
    cabinetReads: new RateBudget(budgetStore, 'cabinet-reads', { ratePerSecond: config.budgets.cabinetReadsPerSecond, burst: 1 }),
    cabinetWrites: new RateBudget(budgetStore, 'cabinet-writes', { ratePerSecond: config.budgets.cabinetWritesPerSecond, burst: 1 }),
    storefrontReads: new RateBudget(budgetStore, 'storefront-reads', { ratePerSecond: config.budgets.storefrontReadsPerSecond, burst: 1 }),
  };
  const storefront = new StorefrontClient(
    { baseUrl: config.kaspi.shopUrl, timeoutMs: config.kaspiHttpTimeoutMs, banPauseMs: config.budgets.storefrontBanPauseMs },
    dispatchers,
    budgets.storefrontReads,
  );

  // Manual prices and PATCH `price` go through the pricefeed; products need the pricer, so they come after it.
  const productsRepository = new ProductsRepository(db);
  const storesRepository = new StoresRepository(db);
  const pricefeed = new PricefeedClient(kaspiSessions, mc, budgets.cabinetWrites, { banPauseMs: config.budgets.pricefeedBanPauseMs });
  const pricing = new PricingService(new PricingRepository(db), productsRepository, storesRepository, pricefeed, { maxBudgetWaitMs: config.pricing.manualMaxWaitMs });
  const repricerSettingsRepository = new RepricerSettingsRepository(db);
  const repricerSettings = new RepricerSettingsService(repricerSettingsRepository, stores, { minIntervalSeconds: config.demper.minIntervalSeconds });
  const products = new ProductsService(productsRepository, stores, pricing, repricerSettingsRepository);

  // Market data and product cards: storefront reads, cached per (product, city) for every seller.
  const cache: Cache = redis ? new RedisCache(redis, config.redisPrefix) : new MemoryCache({ maxEntries: config.market.memoryCacheMaxEntries });
  const marketRepository = new MarketRepository(db);
  const proxyOf = (store: Parameters<KaspiSessionManager['proxyOf']>[0]) => kaspiSessions.proxyOf(store);
  const market = new MarketService(products, storesRepository, marketRepository, storefront, proxyOf, new ReadThroughCache(cache, log), {
    cacheTtlMs: config.market.cacheTtlMs,
  });
  // Long jobs (card refresh) stop between items when the process shuts down, so close() is not held up.
  const shutdown = new AbortController();
  jobs.register(productCardsJob({ stores: storesRepository, market: marketRepository, storefront, proxyOf, maxAgeMs: config.market.cardMaxAgeMs, shutdown: shutdown.signal }));

  // Preorders: pushed through the same pricefeed and write budget as prices; the price-list upload
  // spends that budget too. A job per preorder watches the storefront until Kaspi shows it.
  const preordersRepository = new PreordersRepository(db);
  const priceListUploader = new PriceListUploader(kaspiSessions, dispatchers, budgets.cabinetWrites,
    { mcUrl: config.kaspi.mcUrl, timeoutMs: config.kaspiHttpTimeoutMs, banPauseMs: config.budgets.pricefeedBanPauseMs },
  );
  const preorders = new PreordersService(preordersRepository, products, stores, pricefeed, priceListUploader, jobs,
    { maxBudgetWaitMs: config.pricing.manualMaxWaitMs, verifyTimeoutMs: config.preorders.verifyTimeoutMs }, log,
  );
  jobs.register(preordersVerifyJob({ preorders: preordersRepository, stores: storesRepository, products: productsRepository, storefront, proxyOf,
    intervalMs: config.preorders.verifyIntervalMs }));

  const catalogueRepository = new CatalogueRepository(db);
  const offerListReader = new OfferListReader(kaspiSessions, mc, budgets.cabinetReads,
    { attemptsPerPage: config.sync.attemptsPerPage, retryDelayMs: config.sync.retryDelayMs }, log,
  );
  const catalogueSync = catalogueSyncJob({ stores: new StoresRepository(db), catalogue: catalogueRepository, reader: offerListReader });
  jobs.register(config.market.cardsAfterSync ? withCardRefresh(catalogueSync, jobs) : catalogueSync);
  const catalogue = new CatalogueService(stores, jobs, catalogueRepository, { syncIntervalMs: config.sync.intervalHours * 3_600_000 }, log);

  // The repricer: every worker process (or the embedded server) claims due products and checks them.
  const demperClaims = new RepricerClaimsRepository(db);
  const demperReader = new RepricerMarketReader(storefront, new ReadThroughCache(cache, log), {
    maxAgeMs: config.demper.marketMaxAgeMs,
    proxyPool: config.kaspiProxies,
    budgetWaitMs: 10_000,
  });
  const checker = new ProductChecker(
    {
      claims: demperClaims,
      history: new RepricerHistoryRepository(db),
      market: demperReader,
      pricefeed,
      merchantIdsOfUser: (userId) => marketRepository.merchantIdsOfUser(userId),
      ownProxyOf: (store) => (store.proxyUrlEncrypted ? secrets.open(store.proxyUrlEncrypted) : undefined),
      log,
    },
    { verifyDelayMs: config.demper.verifyDelayMs, retryMs: config.demper.retryMs, leaseMs: config.demper.leaseMs, writeWaitMs: 3_000 },
  );
  const repricer = new RepricerRunner(demperClaims, checker, {
    concurrency: config.demper.concurrency,
    claimBatch: config.demper.claimBatch,
    leaseMs: config.demper.leaseMs,
    idlePollMs: 1000,
    statsFlushMs: 5000,
  }, log);

  let schedulerTimer: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;
  return {
    config,
    version,
    log,
    database,
    queue,
    redis,
    cache,
    metrics: createMetricsRegistry(),
    services: { users, stores, products, preorders, jobs, kaspiAuth, kaspiSessions, catalogue, market, pricing, repricerSettings },
    kaspi: { mc, dispatchers, storefront, pricefeed },
    budgets,
    locks,
    browserPool,
    repricer,
    async startWorkers() {
      await queue.startConsuming((job) => jobs.process(job), config.workerConcurrency);
      await jobs.recoverUnfinished();
      // Periodic resync. Every worker ticks; the per-store dedupe key makes extra ticks harmless.
      if (config.sync.intervalHours > 0) {
        schedulerTimer = setInterval(() => void catalogue.syncDueStores().catch((err) => log.warn({ err }, 'sync scheduler tick failed')), config.sync.schedulerTickSeconds * 1000);
        schedulerTimer.unref();
      }
      if (config.demper.run) repricer.start();
    },
    close() {
      // Order matters: running jobs finish (they need the database), then connections close.
      closing ??= (async () => {
        clearInterval(schedulerTimer);
        shutdown.abort();
        await repricer.stop();
        await queue.close();
        if (ownsBrowserPool) await browserPool.close();
        await dispatchers.close();
        if (redis?.status === 'ready') await redis.quit().catch(() => redis?.disconnect());
        else redis?.disconnect();
        await database.close();
      })();
      return closing;
    },
  };
}
