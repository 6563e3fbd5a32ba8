import type { PriceListUploader } from '../../kaspi/price-list-upload.ts';
import type { PricefeedClient } from '../../kaspi/pricefeed-client.ts';
import type { KaspiSessionManager } from '../../kaspi/session-manager.ts';
import type { JobsService } from '../jobs/index.ts';
import type { AppModule, Infra } from '../module.ts';
import type { Alerts } from '../notifications/index.ts';
import type { OwnCityPrices, ProductsService } from '../products/index.ts';
import type { StoresService } from '../stores/index.ts';
import { PreordersRepository } from './preorders.repository.ts';
import { preordersRoutes } from './preorders.routes.ts';
import { PreordersService } from './preorders.service.ts';
import { preordersVerifyJob } from './preorders-verify.job.ts';

export type { PreordersService } from './preorders.service.ts';

export interface PreordersModuleDeps {
  stores: StoresService;
  products: ProductsService;
  ownCityPrices: OwnCityPrices;
  jobs: JobsService;
  kaspiSessions: KaspiSessionManager;
  pricefeed: PricefeedClient;
  priceListUploader: PriceListUploader;
  /** Tells the owner when a pushed preorder fails on the storefront (`preorder_failed`). */
  alerts?: Alerts;
}

/**
 * Preorders (table preorders): pushed through the same pricefeed and write budget as prices (the
 * price-list upload spends that budget too); a job per preorder watches the storefront until Kaspi
 * shows it.
 */
export function createPreordersModule(infra: Infra, deps: PreordersModuleDeps): AppModule<{ preorders: PreordersService }> {
  const { config, db, log } = infra;
  const repo = new PreordersRepository(db);
  const preorders = new PreordersService(
    db,
    repo,
    deps.products,
    deps.stores,
    deps.pricefeed,
    deps.ownCityPrices,
    deps.priceListUploader,
    deps.jobs,
    { maxBudgetWaitMs: config.pricing.manualMaxWaitMs, verifyTimeoutMs: config.preorders.verifyTimeoutMs },
    log,
  );
  const verify = preordersVerifyJob({
    preorders: repo,
    stores: deps.stores,
    products: deps.products,
    storefront: infra.kaspi.storefront,
    proxyOf: (store) => deps.kaspiSessions.proxyOf(store),
    intervalMs: config.preorders.verifyIntervalMs,
    failed: async (row, reason) => {
      const [store, product] = await Promise.all([deps.stores.findById(row.storeId), deps.products.findById(row.productId)]);
      if (!store) return;
      await deps.alerts?.raise({
        userId: store.userId,
        storeId: row.storeId,
        kind: 'preorder_failed',
        data: { preorder_id: row.id, product_id: row.productId, product_name: product?.name ?? null, reason },
      });
    },
  });
  return { name: 'preorders', services: { preorders }, jobs: [verify], routes: preordersRoutes };
}
