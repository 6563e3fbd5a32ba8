import { createRequire } from 'node:module';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { Registry } from 'prom-client';
import type { AppConfig } from './config/index.ts';
import { createMetricsRegistry } from './http/metrics.ts';
import { BrowserPool } from './infra/browser/browser-pool.ts';
import { MemoryBudgetStore } from './infra/budget/memory-budget-store.ts';
import { type BudgetStore, RateBudget } from './infra/budget/rate-budget.ts';
import { RedisBudgetStore } from './infra/budget/redis-budget-store.ts';
import type { Cache } from './infra/cache/cache.ts';
import { MemoryCache } from './infra/cache/memory-cache.ts';
import { RedisCache } from './infra/cache/redis-cache.ts';
import { SecretBox } from './infra/crypto/secret-box.ts';
import { loadOrCreateSecretKey } from './infra/crypto/secret-key.ts';
import { type DatabaseHandle, openDatabase } from './infra/db/database.ts';
import type { EventBus } from './infra/events/event-bus.ts';
import { MemoryEventBus } from './infra/events/memory-event-bus.ts';
import { RedisEventBus } from './infra/events/redis-event-bus.ts';
import { ProxyDispatchers } from './infra/http/proxy-dispatchers.ts';
import { ProxyAddressPolicy } from './infra/http/proxy-guard.ts';
import { InProcessLockManager } from './infra/locks/in-process-lock.ts';
import type { LockManager } from './infra/locks/lock-manager.ts';
import { RedisLockManager } from './infra/locks/redis-lock.ts';
import { loggerOptions } from './infra/logger.ts';
import { BullmqQueue } from './infra/queue/bullmq-queue.ts';
import { InProcessQueue } from './infra/queue/in-process-queue.ts';
import type { JobQueue } from './infra/queue/job-queue.ts';
import { KaspiAuthenticator } from './kaspi/auth/kaspi-authenticator.ts';
import { McClient } from './kaspi/mc-client.ts';
import { StorefrontClient } from './kaspi/storefront-client.ts';
import { createAdminModule } from './modules/admin/index.ts';
import { createCatalogueModule } from './modules/catalogue/index.ts';
import { createEventsModule } from './modules/events/index.ts';
import { createFeedModule } from './modules/feed/index.ts';
import { createJobsModule } from './modules/jobs/index.ts';
import { createKaspiAuthModule } from './modules/kaspi-auth/index.ts';
import { createMarketModule } from './modules/market/index.ts';
import type { AppModule, Infra, KaspiBudgets, KaspiClients } from './modules/module.ts';
import { createNotificationsModule, proposalNotifier, registerProposalButtons } from './modules/notifications/index.ts';
import { createPreordersModule } from './modules/preorders/index.ts';
import { createProductsModule } from './modules/products/index.ts';
import { createRepricerModule, type ProposalNotifier } from './modules/repricer/index.ts';
import { createStoresModule } from './modules/stores/index.ts';
import { createUsersModule } from './modules/users/index.ts';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * The features, in the order they are built: each takes what the ones before it offer. Adding a
 * feature is its folder and its entry here (built, listed, its services named in `Services`).
 */
function createModules(infra: Infra, options: ContainerOptions) {
  const users = createUsersModule(infra);
  const events = createEventsModule(infra);
  const jobs = createJobsModule(infra, { ...events.services });
  const stores = createStoresModule(infra, { ...events.services });
  const notifications = createNotificationsModule(infra, { ...jobs.services, ...stores.services });
  const kaspiAuth = createKaspiAuthModule(infra, { ...stores.services });
  const products = createProductsModule(infra, { ...stores.services, ...kaspiAuth.services, ...events.services });
  const market = createMarketModule(infra, { ...stores.services, ...products.services, ...jobs.services, ...kaspiAuth.services });
  const catalogue = createCatalogueModule(infra, {
    ...stores.services,
    ...products.services,
    ...jobs.services,
    ...kaspiAuth.services,
    ...events.services,
    alerts: notifications.services.alerts,
    followSync: market.services.refreshCardsAfter,
  });
  const preorders = createPreordersModule(infra, { ...stores.services, ...products.services, ...jobs.services, ...kaspiAuth.services, alerts: notifications.services.alerts });
  const feed = createFeedModule(infra, { ...stores.services });
  const repricer = createRepricerModule(infra, {
    ...stores.services,
    ...products.services,
    ...market.services,
    ...kaspiAuth.services,
    ...events.services,
    ...feed.services,
    // The demper's proposals and pushes reach the seller as alerts; Telegram's buttons approve and reject them.
    proposalNotifier: options.proposalNotifier ?? proposalNotifier(notifications.services.alerts),
    repricerAlerts: notifications.services.repricerAlerts,
  });
  registerProposalButtons(notifications.services.alerts, repricer.services.proposals);
  const admin = createAdminModule(infra, { ...users.services });
  const list = [users, events, jobs, stores, notifications, kaspiAuth, products, market, catalogue, preorders, feed, repricer, admin] as const;
  const services = {
    ...users.services,
    ...events.services,
    ...jobs.services,
    ...stores.services,
    ...notifications.services,
    ...kaspiAuth.services,
    ...products.services,
    ...market.services,
    ...catalogue.services,
    ...preorders.services,
    ...feed.services,
    ...repricer.services,
    ...admin.services,
  };
  return { list: list as readonly AppModule[], services };
}

/** Every service of every module, by name (`services.products`, `services.repricerSettings`, ...). */
export type Services = ReturnType<typeof createModules>['services'];

/** Everything a process needs, built once from config. The only place that knows which mode is on. */
export interface Container {
  config: AppConfig;
  version: string;
  log: FastifyBaseLogger;
  database: DatabaseHandle;
  queue: JobQueue;
  /** Set when REDIS_URL is: rate-limit counters, caches and budgets live there. */
  redis: Redis | undefined;
  cache: Cache;
  metrics: Registry;
  services: Services;
  /** The features in build order: app.ts registers their routes, workers their jobs and loops. */
  modules: readonly AppModule[];
  kaspi: KaspiClients;
  budgets: KaspiBudgets;
  locks: LockManager;
  events: EventBus;
  browserPool: BrowserPool;
  /** Starts consuming jobs and the modules' background loops in this process. */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

export interface ContainerOptions {
  log?: FastifyBaseLogger;
  /** A browser pool owned by the caller (tests share one across containers); not closed with the container. */
  browserPool?: BrowserPool;
  /** Who hears of the demper's proposals and notify-mode pushes (tests); default: nobody. */
  proposalNotifier?: ProposalNotifier;
}

/** Connections, caches, locks, budgets and Kaspi clients: embedded or production, decided here only. */
async function createInfra(config: AppConfig, options: ContainerOptions, log: FastifyBaseLogger, shutdown: AbortSignal): Promise<Infra> {
  const secretKey = config.secretKey ?? (await loadOrCreateSecretKey(config.dataDir));
  const secrets = new SecretBox(secretKey, config.previousSecretKeys);

  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, statementTimeoutMs: config.databaseStatementTimeoutMs });
  if (config.migrateOnStart) await database.migrate();

  let redis: Redis | undefined;
  if (config.redisUrl) {
    // Requests wait on these commands (rate limits, budgets, locks): each fails after
    // redisCommandTimeoutMs when Redis is gone or frozen, and the request answers 503 instead of hanging.
    redis = new Redis(config.redisUrl, {
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      commandTimeout: config.redisCommandTimeoutMs,
      connectTimeout: config.redisCommandTimeoutMs,
    });
    redis.on('error', (err) => log.debug({ err }, 'redis connection error'));
  }
  const queue: JobQueue = config.redisUrl ? new BullmqQueue(config.redisUrl, config.redisPrefix, { commandTimeoutMs: config.redisCommandTimeoutMs }) : new InProcessQueue();
  const cache: Cache = redis ? new RedisCache(redis, config.redisPrefix) : new MemoryCache({ maxEntries: config.market.memoryCacheMaxEntries });
  // Sessions are renewed under a lock that every process sharing this Redis respects.
  const locks: LockManager = redis ? new RedisLockManager(redis, config.redisPrefix) : new InProcessLockManager();
  // Live events: workers publish, API processes stream them to browsers.
  const events: EventBus = redis ? new RedisEventBus(redis, config.redisPrefix, log) : new MemoryEventBus();

  // Budgets towards Kaspi, shared by every process through Redis (or this process's memory).
  const budgetStore: BudgetStore = redis ? new RedisBudgetStore(redis, config.redisPrefix, config.budgets.restartHoldMs) : new MemoryBudgetStore();
  const budgets: KaspiBudgets = {
    cabinetReads: new RateBudget(budgetStore, 'cabinet-reads', { ratePerSecond: config.budgets.cabinetReadsPerSecond, burst: 1 }),
    cabinetWrites: new RateBudget(budgetStore, 'cabinet-writes', { ratePerSecond: config.budgets.cabinetWritesPerSecond, burst: 1 }),
    storefrontReads: new RateBudget(budgetStore, 'storefront-reads', { ratePerSecond: config.budgets.storefrontReadsPerSecond, burst: 1 }),
  };

  // Kaspi: one browser pool for logins, one HTTP client for the cabinet, one for the storefront.
  const browserPool =
    options.browserPool ??
    new BrowserPool({
      executablePath: config.chromiumPath,
      size: config.browser.poolSize,
      maxUses: config.browser.maxUses,
      maxWaitingLogins: config.browser.maxWaitingLogins,
      // A login is a few page steps of at most timeoutMs each.
      useTimeoutMs: config.kaspiLogin.timeoutMs * 4 + 30_000,
    });
  const dispatchers = new ProxyDispatchers({
    pool: config.kaspiProxies,
    timeoutMs: config.kaspiHttpTimeoutMs,
    policy: new ProxyAddressPolicy({ allowedNetworks: config.proxyAllowedNetworks, timeoutMs: config.kaspiHttpTimeoutMs }),
  });
  const kaspi: KaspiClients = {
    dispatchers,
    mc: new McClient({ baseUrl: config.kaspi.mcUrl, timeoutMs: config.kaspiHttpTimeoutMs }, dispatchers),
    authenticator: new KaspiAuthenticator(browserPool, { idmcUrl: config.kaspi.idmcUrl, timeoutMs: config.kaspiLogin.timeoutMs }, dispatchers),
    storefront: new StorefrontClient({ baseUrl: config.kaspi.shopUrl, timeoutMs: config.kaspiHttpTimeoutMs, banPauseMs: config.budgets.storefrontBanPauseMs }, dispatchers, budgets.storefrontReads),
  };
  return { config, log, database, db: database.db, secrets, queue, redis, cache, locks, events, budgets, browserPool, kaspi, shutdown };
}

export async function createContainer(config: AppConfig, options: ContainerOptions = {}): Promise<Container> {
  // Long jobs (card refresh) stop between items when the process shuts down, so close() is not held up.
  const shutdown = new AbortController();
  // Fastify logs through the same pino logger (its loggerInstance), so it stays Fastify's type here.
  const log: FastifyBaseLogger = options.log ?? pino(loggerOptions(config.logLevel));
  const infra = await createInfra(config, options, log, shutdown.signal);
  const modules = createModules(infra, options);
  const { jobs } = modules.services;
  for (const module of modules.list) for (const handler of module.jobs ?? []) jobs.register(handler);

  const { database, queue, redis, cache, locks, events, budgets, browserPool, kaspi } = infra;
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
    services: modules.services,
    modules: modules.list,
    kaspi,
    budgets,
    locks,
    events,
    browserPool,
    async startWorkers() {
      await queue.startConsuming((job) => jobs.process(job), config.workerConcurrency);
      await jobs.recoverUnfinished();
      for (const module of modules.list) module.start?.();
    },
    close() {
      // Order matters: loops stop and running jobs finish (they need the database), then connections close.
      closing ??= (async () => {
        shutdown.abort();
        for (const module of [...modules.list].reverse()) await module.stop?.();
        await queue.close();
        if (!options.browserPool) await browserPool.close();
        await kaspi.dispatchers.close();
        await events.close();
        if (redis?.status === 'ready') await redis.quit().catch(() => redis?.disconnect());
        else redis?.disconnect();
        await database.close();
      })();
      return closing;
    },
  };
}
