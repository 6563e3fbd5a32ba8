import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/index.ts';
import type { BrowserPool } from '../infra/browser/browser-pool.ts';
import type { RateBudget } from '../infra/budget/rate-budget.ts';
import type { Cache } from '../infra/cache/cache.ts';
import type { SecretBox } from '../infra/crypto/secret-box.ts';
import type { Database, DatabaseHandle } from '../infra/db/database.ts';
import type { EventBus } from '../infra/events/event-bus.ts';
import type { ProxyDispatchers } from '../infra/http/proxy-dispatchers.ts';
import type { LockManager } from '../infra/locks/lock-manager.ts';
import type { Logger } from '../infra/logger.ts';
import type { JobQueue } from '../infra/queue/job-queue.ts';
import type { KaspiAuthenticator } from '../kaspi/auth/kaspi-authenticator.ts';
import type { McClient } from '../kaspi/mc-client.ts';
import type { StorefrontClient } from '../kaspi/storefront-client.ts';
import type { JobHandler } from './jobs/job-handler.ts';

/** Request budgets towards Kaspi (see src/infra/budget/rate-budget.ts), shared by every process. */
export interface KaspiBudgets {
  /** Per merchant account: the offer list and other cabinet reads. */
  cabinetReads: RateBudget;
  /** Per merchant account: pricefeed writes (Kaspi bans the account for ~30 min at ~3/s). */
  cabinetWrites: RateBudget;
  /** Per egress IP (proxy or direct): storefront reads (Kaspi answers 403 for ~10 s at ~15/s). */
  storefrontReads: RateBudget;
}

/** The Kaspi clients that need no session of ours: modules build the session-bound ones on them. */
export interface KaspiClients {
  mc: McClient;
  storefront: StorefrontClient;
  authenticator: KaspiAuthenticator;
  dispatchers: ProxyDispatchers;
}

/**
 * What the composition root builds before any module: connections, caches, locks, budgets and the
 * Kaspi clients. Only src/container.ts knows which implementation (embedded or production) is behind
 * each; modules see these interfaces.
 */
export interface Infra {
  config: AppConfig;
  log: Logger;
  database: DatabaseHandle;
  db: Database;
  secrets: SecretBox;
  queue: JobQueue;
  /** Set when REDIS_URL is. */
  redis: Redis | undefined;
  /** Short-lived shared data (storefront snapshots): Redis when REDIS_URL is set, else memory. */
  cache: Cache;
  locks: LockManager;
  /** Live events for the browser: Redis pub/sub when REDIS_URL is set, else this process. */
  events: EventBus;
  budgets: KaspiBudgets;
  browserPool: BrowserPool;
  kaspi: KaspiClients;
  /** Aborted when the process shuts down: long jobs stop between items. */
  shutdown: AbortSignal;
}

/**
 * A feature: what it offers other modules (`services`), the long work it runs (`jobs`), its HTTP API
 * (`routes`, registered inside the authenticated context; `openRoutes` outside it) and the loops a
 * worker process runs (`start`/`stop`). Its repositories stay inside its folder.
 */
export interface AppModule<S extends object = object> {
  name: string;
  services: S;
  jobs?: JobHandler[];
  routes?: FastifyPluginAsyncTypebox;
  openRoutes?: FastifyPluginAsyncTypebox;
  /** Background loops of a worker process (schedulers, the repricer). */
  start?(): void;
  stop?(): Promise<void>;
}
