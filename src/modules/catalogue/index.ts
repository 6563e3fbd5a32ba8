import { KaspiError } from '../../kaspi/kaspi-errors.ts';
import type { KaspiSessionManager } from '../../kaspi/session-manager.ts';
import type { LiveEvents } from '../events/index.ts';
import { type JobHandler, type JobsService, ownerMessage } from '../jobs/index.ts';
import type { AppModule, Infra } from '../module.ts';
import type { Alerts } from '../notifications/index.ts';
import type { ProductsService } from '../products/index.ts';
import type { StoresService } from '../stores/index.ts';
import { catalogueRoutes } from './catalogue.routes.ts';
import { CatalogueService } from './catalogue.service.ts';
import { catalogueSyncJob } from './catalogue-sync.job.ts';
import { OfferListReader } from './offer-list-reader.ts';

export type { CatalogueService } from './catalogue.service.ts';
export { CATALOGUE_SYNC } from './catalogue-sync.job.ts';

export interface CatalogueModuleDeps {
  stores: StoresService;
  products: ProductsService;
  jobs: JobsService;
  kaspiSessions: KaspiSessionManager;
  /** What runs after each sync (the market module's card refresh); the sync itself knows nothing of it. */
  followSync(sync: JobHandler): JobHandler;
  liveEvents: LiveEvents;
  /** Tells the owner when a sync fails (`sync_failed`). */
  alerts?: Alerts;
}

/** The sync, telling the store's owner when it fails; the job fails as before. */
function alertOnFailure(sync: JobHandler, deps: CatalogueModuleDeps): JobHandler {
  const alerts = deps.alerts;
  if (!alerts) return sync;
  return {
    ...sync,
    async run(ctx) {
      try {
        return await sync.run(ctx);
      } catch (err) {
        // A shop that needs a new login is told so by its own alert (reauth_needed), not once per sync.
        const needsLogin = err instanceof KaspiError && err.code === 'kaspi_reauth_required';
        const store = ctx.job.storeId && !needsLogin ? await deps.stores.findById(ctx.job.storeId) : undefined;
        if (store) await alerts.raise({ userId: store.userId, storeId: store.id, kind: 'sync_failed', data: { job_id: ctx.job.id, error: ownerMessage(err) } });
        throw err;
      }
    },
  };
}

/**
 * The catalogue import: the cabinet's offer list read page by page within the cabinet budget, then
 * written through the products and stores modules in one transaction; linked stores resync on a
 * schedule. No table of its own.
 */
export function createCatalogueModule(infra: Infra, deps: CatalogueModuleDeps): AppModule<{ catalogue: CatalogueService }> {
  const { config, db, log, budgets } = infra;
  const reader = new OfferListReader(deps.kaspiSessions, infra.kaspi.mc, budgets.cabinetReads, { attemptsPerPage: config.sync.attemptsPerPage, retryDelayMs: config.sync.retryDelayMs }, log);
  const sync = catalogueSyncJob({
    db,
    stores: deps.stores,
    products: deps.products,
    reader,
    storeChanged: (store) => deps.liveEvents.store(store.userId, { store_id: store.id, reason: 'sync_finished' }),
  });
  const catalogue = new CatalogueService(deps.stores, deps.jobs, { syncIntervalMs: config.sync.intervalHours * 3_600_000 }, log);

  let schedulerTimer: NodeJS.Timeout | undefined;
  return {
    name: 'catalogue',
    services: { catalogue },
    jobs: [deps.followSync(alertOnFailure(sync, deps))],
    routes: catalogueRoutes,
    start() {
      // Periodic resync. Every worker ticks; the per-store dedupe key makes extra ticks harmless.
      if (config.sync.intervalHours <= 0) return;
      schedulerTimer = setInterval(() => void catalogue.syncDueStores().catch((err: unknown) => log.warn({ err }, 'sync scheduler tick failed')), config.sync.schedulerTickSeconds * 1000);
      schedulerTimer.unref();
    },
    async stop() {
      clearInterval(schedulerTimer);
    },
  };
}
