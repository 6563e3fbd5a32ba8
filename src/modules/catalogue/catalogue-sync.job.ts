import type { Database } from '../../infra/db/database.ts';
import { KaspiError } from '../../kaspi/kaspi-errors.ts';
import type { CabinetOffer } from '../../kaspi/parsers/offer-list.parser.ts';
import type { JobHandler } from '../jobs/index.ts';
import type { ProductsService, SyncedOffer } from '../products/index.ts';
import type { StoresService } from '../stores/index.ts';
import type { OfferListReader } from './offer-list-reader.ts';

export interface CatalogueSyncDeps {
  db: Database;
  stores: StoresService;
  products: ProductsService;
  reader: OfferListReader;
  /** Tells the store's owner that the shop page changed (the sync finished). */
  storeChanged(store: { id: string; userId: string }): void;
}

/** A cabinet offer as the products module stores it. */
function syncedOffer(offer: CabinetOffer): SyncedOffer {
  return {
    sku: offer.sku,
    offerId: offer.offerId,
    externalProductId: offer.externalProductId,
    name: offer.name,
    category: offer.category,
    brand: offer.brand,
    imageUrl: offer.imageUrl,
    price: offer.price,
    cityPrices: offer.cityPrices.map((c) => ({ city_id: c.cityId, price: c.price })),
    availabilities: offer.availabilities.map((a) => ({ point: a.point, available: a.available, stock_count: a.stockCount, preorder_days: a.preorderDays })),
    shopLink: offer.shopLink,
  };
}

export const CATALOGUE_SYNC = 'catalogue.sync';

/**
 * Imports a store's offers from the cabinet: read every page first, then write everything (the
 * products and the store's sync result) in one transaction. Progress and result carry `pages`, `offers_seen`, `created`, `updated`, `removed`.
 */
export function catalogueSyncJob(deps: CatalogueSyncDeps): JobHandler {
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
      if (offers.length === 0 && (await deps.products.activeCount(store.id)) > 0) {
        throw new KaspiError('kaspi_unavailable', 'Kaspi returned an empty offer list for a shop that has products; nothing was changed.');
      }
      await reportProgress({ phase: 'writing', pages, offers_seen: offersSeen, created: 0, updated: 0, removed: 0 });
      const applied = await deps.db.transaction(async (tx) => {
        const written = await deps.products.applyCatalogue(store.id, store.userId, offers.map(syncedOffer), syncedAt, tx);
        await deps.stores.recordSync(store.id, written.productsCount, syncedAt, tx);
        return written;
      });
      deps.storeChanged(store);
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
