import type { LiveEvents } from '../events/index.ts';
import type { AppModule, Infra } from '../module.ts';
import { StoreSessionsRepository } from './store-sessions.repository.ts';
import { StoreSessionsService } from './store-sessions.service.ts';
import { StoresRepository } from './stores.repository.ts';
import { storesRoutes } from './stores.routes.ts';
import { StoresService } from './stores.service.ts';

export { type LinkedMerchant, MerchantOwnedElsewhereError } from './store-sessions.repository.ts';
export type { StoreSessionsService } from './store-sessions.service.ts';
export { Store, StoreParams } from './stores.schemas.ts';
export { merchantRefused, type StoresService, type StoreView, toStoreView } from './stores.service.ts';

export interface StoresModuleServices {
  stores: StoresService;
  /** The stores' Kaspi session columns, for linking and the session manager. */
  storeSessions: StoreSessionsService;
}

/** Kaspi shops of each user (table kaspi_stores): CRUD, their sessions' columns, sync results. */
export function createStoresModule(infra: Infra, deps: { liveEvents: LiveEvents }): AppModule<StoresModuleServices> {
  const stores = new StoresService(new StoresRepository(infra.db), infra.secrets, infra.kaspi.dispatchers.policy);
  const storeSessions = new StoreSessionsService(new StoreSessionsRepository(infra.db), deps.liveEvents);
  return { name: 'stores', services: { stores, storeSessions }, routes: storesRoutes };
}
