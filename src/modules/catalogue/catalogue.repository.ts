import { and, count, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { jobs, kaspiStores, products, storeDemperSettings, type JobRow, type ProductAvailability } from '../../infra/db/schema.ts';
import type { CabinetOffer } from '../../kaspi/parsers/offer-list.parser.ts';

export const NO_SHOP_LINK = 'Kaspi shows no product page (shopLink) for this offer, so its competitors cannot be looked up.';
const UPSERT_BATCH = 500;

export interface ApplyResult {
  created: number;
  updated: number;
  removed: number;
  productsCount: number;
}

function availabilitiesOf(offer: CabinetOffer): ProductAvailability[] {
  return offer.availabilities.map((a) => ({ point: a.point, available: a.available, stock_count: a.stockCount, preorder_days: a.preorderDays }));
}

/** All SQL of the catalogue import. */
export class CatalogueRepository {
  constructor(private readonly db: Database) {}

  /**
   * Writes a whole catalogue in one transaction: offers upserted by (store, SKU), Kaspi's data only
   * (the seller's min, max, step, strategy and bot_active are never touched), then every product the
   * catalogue no longer has marked `removed`. New products take the store's default step and strategy
   * (its demper settings, when saved). A failure leaves the previous data as it was.
   */
  async applyCatalogue(storeId: string, ownerId: string, offers: CabinetOffer[], syncedAt: Date): Promise<ApplyResult> {
    return this.db.transaction(async (tx) => {
      const [defaults] = await tx
        .select({ step: storeDemperSettings.defaultStep, strategy: storeDemperSettings.defaultStrategy })
        .from(storeDemperSettings)
        .where(eq(storeDemperSettings.storeId, storeId));
      let created = 0;
      let updated = 0;
      for (let i = 0; i < offers.length; i += UPSERT_BATCH) {
        const rows = offers.slice(i, i + UPSERT_BATCH).map((offer) => ({
          storeId,
          userId: ownerId,
          kaspiSku: offer.sku,
          kaspiProductId: offer.offerId,
          externalKaspiId: offer.externalProductId,
          name: offer.name,
          category: offer.category,
          brand: offer.brand,
          imageUrl: offer.imageUrl,
          price: offer.price !== null && offer.price >= 10 ? offer.price : null,
          cityPrices: offer.cityPrices.map((c) => ({ city_id: c.cityId, price: c.price })),
          availabilities: availabilitiesOf(offer),
          shopLink: offer.shopLink,
          kaspiStatus: 'active' as const,
          notRepriceableReason: offer.externalProductId ? null : NO_SHOP_LINK,
          lastSyncedAt: syncedAt,
          // Only for new rows: the conflict update below never sets step or strategy.
          ...(defaults && { step: defaults.step, strategy: defaults.strategy }),
          // New products start with the demper off (the column default), like products added by hand.
        }));
        const written = await tx
          .insert(products)
          .values(rows)
          .onConflictDoUpdate({
            target: [products.storeId, products.kaspiSku],
            set: {
              kaspiProductId: sql`excluded.kaspi_product_id`,
              externalKaspiId: sql`excluded.external_kaspi_id`,
              name: sql`excluded.name`,
              category: sql`excluded.category`,
              brand: sql`excluded.brand`,
              imageUrl: sql`excluded.image_url`,
              price: sql`excluded.price`,
              cityPrices: sql`excluded.city_prices`,
              availabilities: sql`excluded.availabilities`,
              shopLink: sql`excluded.shop_link`,
              kaspiStatus: sql`excluded.kaspi_status`,
              notRepriceableReason: sql`excluded.not_repriceable_reason`,
              lastSyncedAt: sql`excluded.last_synced_at`,
              updatedAt: syncedAt,
            },
          })
          // xmax is 0 for a row this statement inserted, non-zero for one it updated.
          .returning({ inserted: sql<boolean>`(xmax = 0)` });
        for (const row of written) row.inserted ? created++ : updated++;
      }
      const removed = await tx
        .update(products)
        .set({ kaspiStatus: 'removed', updatedAt: syncedAt })
        .where(and(eq(products.storeId, storeId), eq(products.kaspiStatus, 'active'), or(isNull(products.lastSyncedAt), lt(products.lastSyncedAt, syncedAt))))
        .returning({ id: products.id });
      const [active] = await tx
        .select({ value: count() })
        .from(products)
        .where(and(eq(products.storeId, storeId), eq(products.kaspiStatus, 'active')));
      const productsCount = active?.value ?? 0;
      await tx.update(kaspiStores).set({ productsCount, lastSync: syncedAt, updatedAt: syncedAt }).where(eq(kaspiStores.id, storeId));
      return { created, updated, removed: removed.length, productsCount };
    });
  }

  async activeProductCount(storeId: string): Promise<number> {
    const [row] = await this.db.select({ value: count() }).from(products).where(and(eq(products.storeId, storeId), eq(products.kaspiStatus, 'active')));
    return row?.value ?? 0;
  }

  /** The store's sync that is queued or running, if any. */
  async activeSync(storeId: string): Promise<JobRow | undefined> {
    const [row] = await this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.storeId, storeId), eq(jobs.type, 'catalogue.sync'), inArray(jobs.state, ['queued', 'running'])));
    return row;
  }

  /** Linked, active stores whose last sync is older than `before` (or never happened), oldest first. */
  async storesDueForSync(before: Date, limit: number): Promise<{ id: string; userId: string }[]> {
    return this.db
      .select({ id: kaspiStores.id, userId: kaspiStores.userId })
      .from(kaspiStores)
      .where(
        and(
          eq(kaspiStores.isActive, true),
          eq(kaspiStores.needsReauth, false),
          sql`${kaspiStores.sessionEncrypted} is not null`,
          or(isNull(kaspiStores.lastSync), lt(kaspiStores.lastSync, before)),
        ),
      )
      .orderBy(sql`${kaspiStores.lastSync} asc nulls first`)
      .limit(limit);
  }
}
