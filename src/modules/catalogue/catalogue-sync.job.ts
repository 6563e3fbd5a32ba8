import { KaspiError } from '../../kaspi/kaspi-errors.ts';
import type { JobHandler } from '../jobs/job-handler.ts';
import type { StoresRepository } from '../stores/stores.repository.ts';
import type { CatalogueRepository } from './catalogue.repository.ts';
import type { OfferListReader } from './offer-list-reader.ts';

export const CATALOGUE_SYNC = 'catalogue.sync';

/**
 * Imports a store's offers from the cabinet: read every page first, then write everything in one
 * transaction. Progress and result carry `pages`, `offers_seen`, `created`, `updated`, `removed`.
 */
export function catalogueSyncJob(deps: { stores: StoresRepository; catalogue: CatalogueRepository; reader: OfferListReader }): JobHandler {
  return {
    type: CATALOGUE_SYNC,
    async run({ job, reportProgress, log }) {
      const storeId = job.storeId;
      const store = storeId ? await deps.stores.findById(storeId) : undefined;
      if (!store) throw new Error('The store no longer exists.');
      const syncedAt = new Date();
      const { offers, pages, offersSeen } = await deps.reader.readAll(store.id, store.merchantId, ({ pages, offersSeen }) =>
        reportProgress({ phase: 'reading', pages, offers_seen: offersSeen, created: 0, updated: 0, removed: 0 }),
      );
      // An empty list where there were products is far more likely a Kaspi hiccup than a shop that
      // sold out of everything at once: refuse to mark the whole catalogue removed on its word.
      if (offers.length === 0 && (await deps.catalogue.activeProductCount(store.id)) > 0) {
        throw new KaspiError('kaspi_unavailable', 'Kaspi returned an empty offer list for a shop that has products; nothing was changed.');
      }
      await reportProgress({ phase: 'writing', pages, offers_seen: offersSeen, created: 0, updated: 0, removed: 0 });
      const applied = await deps.catalogue.applyCatalogue(store.id, store.userId, offers, syncedAt);
      const result = {
        pages,
        offers_seen: offersSeen,
        created: applied.created,
        updated: applied.updated,
        removed: applied.removed,
        products_count: applied.productsCount,
        not_repriceable: offers.filter((o) => !o.externalProductId).length,
      };
      await reportProgress({ phase: 'done', ...result });
      log.info({ storeId: store.id, ...result }, 'catalogue synced');
      return result;
    },
  };
}
