import { PriceListUploader } from '../../kaspi/price-list-upload.ts';
import { PricefeedClient } from '../../kaspi/pricefeed-client.ts';
import { KaspiSessionManager } from '../../kaspi/session-manager.ts';
import type { AppModule, Infra } from '../module.ts';
import type { StoreSessionsService, StoresService } from '../stores/index.ts';
import { KaspiAuthRepository } from './kaspi-auth.repository.ts';
import { kaspiAuthRoutes } from './kaspi-auth.routes.ts';
import { KaspiAuthService } from './kaspi-auth.service.ts';
import { SessionWatch } from './session-watch.ts';

export type { KaspiAuthService } from './kaspi-auth.service.ts';

export interface KaspiAuthModuleServices {
  kaspiAuth: KaspiAuthService;
  /** Cabinet calls for a store, with session renewal: `kaspiSessions.withCabinet(storeId, (s) => mc.call(s, ...))`. */
  kaspiSessions: KaspiSessionManager;
  /** Price writes within each merchant's write budget: manual prices, preorders and the repricer. */
  pricefeed: PricefeedClient;
  /** The XLSX price-list upload, on the same write budget. */
  priceListUploader: PriceListUploader;
}

/**
 * Linking Kaspi shops (table kaspi_pending_logins) and holding their cabinet sessions: every cabinet
 * call that needs a session, price writes included, goes through what this module builds.
 */
export function createKaspiAuthModule(infra: Infra, deps: { stores: StoresService; storeSessions: StoreSessionsService }): AppModule<KaspiAuthModuleServices> {
  const { config, db, secrets, locks, log, budgets } = infra;
  const { mc, authenticator, dispatchers } = infra.kaspi;
  const kaspiSessions = new KaspiSessionManager(
    deps.storeSessions,
    secrets,
    mc,
    authenticator,
    locks,
    dispatchers,
    { loginTimeoutMs: config.kaspiLogin.timeoutMs, loginViaProxy: config.kaspiLogin.viaProxy },
    log,
  );
  const kaspiAuth = new KaspiAuthService(new KaspiAuthRepository(db), secrets, authenticator, mc, kaspiSessions, deps.stores, deps.storeSessions, locks, infra.cache, budgets.cabinetReads, {
    pendingTtlSeconds: config.kaspiLogin.pendingTtlSeconds,
    loginTimeoutMs: config.kaspiLogin.timeoutMs,
    statusCacheMs: config.kaspiLogin.statusCacheMs,
  });
  const pricefeed = new PricefeedClient(kaspiSessions, mc, budgets.cabinetWrites, { banPauseMs: config.budgets.pricefeedBanPauseMs });
  const priceListUploader = new PriceListUploader(kaspiSessions, dispatchers, budgets.cabinetWrites, {
    mcUrl: config.kaspi.mcUrl,
    timeoutMs: config.kaspiHttpTimeoutMs,
    banPauseMs: config.budgets.pricefeedBanPauseMs,
  });
  const watch = new SessionWatch(deps.storeSessions, kaspiSessions, budgets.cabinetReads, { periodMs: config.kaspiLogin.watchMs }, log);

  let watchTimer: NodeJS.Timeout | undefined;
  let watching: Promise<void> | undefined;
  return {
    name: 'kaspi-auth',
    services: { kaspiAuth, kaspiSessions, pricefeed, priceListUploader },
    routes: kaspiAuthRoutes,
    start() {
      if (config.kaspiLogin.watchMs <= 0) return;
      watchTimer = setInterval(() => {
        // One tick at a time per process: a slow tick (a busy budget) is not stacked on.
        if (watching) return;
        watching = watch
          .tick()
          .catch((err: unknown) => log.warn({ err }, 'session watch tick failed'))
          .finally(() => {
            watching = undefined;
          });
      }, watch.tickMs);
      watchTimer.unref();
    },
    async stop() {
      clearInterval(watchTimer);
      await watching;
      // Renewals started in the background (watch or session endpoint) write to the database: let them end.
      await kaspiSessions.settled();
    },
  };
}
