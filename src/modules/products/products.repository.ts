import { and, asc, count, eq, ilike, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import {
  type KaspiStatus,
  type ProductAvailability,
  type ProductCard,
  type ProductCityPrice,
  type ProductRow,
  products,
  type StoreDemperSettingsRow,
  storeDemperSettings,
} from '../../infra/db/schema.ts';
import { caseInsensitive, containsPattern, orderBy } from '../../infra/db/sql-helpers.ts';
import type { productOrderingFields } from './products.schemas.ts';

export type ProductOrdering = (typeof productOrderingFields)[number];
export type NewProduct = typeof products.$inferInsert;

/** One offer of the cabinet's list, as the catalogue import hands it over. */
export interface SyncedOffer {
  sku: string;
  offerId: string | null;
  externalProductId: string | null;
  name: string;
  category: string | null;
  brand: string | null;
  imageUrl: string | null;
  price: number | null;
  cityPrices: ProductCityPrice[];
  availabilities: ProductAvailability[];
  shopLink: string | null;
}

export interface CatalogueApplied {
  created: number;
  updated: number;
  removed: number;
  productsCount: number;
}

export const NO_SHOP_LINK = 'Kaspi shows no product page (shopLink) for this offer, so its competitors cannot be looked up.';
const UPSERT_BATCH = 500;

export interface ProductFilter {
  userId: string;
  storeId?: string | undefined;
  botActive?: boolean | undefined;
  category?: string | undefined;
  kaspiStatus?: KaspiStatus | undefined;
  repriceable?: boolean | undefined;
  search?: string | undefined;
}

/** Order keys of the list; each has its own index (user_id, key, id, filter columns), see the schema. */
const orderColumns = {
  name: caseInsensitive(products.name),
  price: products.price,
  updated_at: products.updatedAt,
  created_at: products.createdAt,
  place: products.bestPlace,
} as const;

/** What a catalogue table shows per product: no heavy JSON (availabilities, rules, card, demper_state). */
const listColumns = {
  id: products.id,
  storeId: products.storeId,
  kaspiSku: products.kaspiSku,
  kaspiProductId: products.kaspiProductId,
  externalKaspiId: products.externalKaspiId,
  name: products.name,
  category: products.category,
  brand: products.brand,
  imageUrl: products.imageUrl,
  price: products.price,
  minPrice: products.minPrice,
  maxPrice: products.maxPrice,
  step: products.step,
  strategy: products.strategy,
  botActive: products.botActive,
  priority: products.priority,
  approvalMode: products.approvalMode,
  kaspiStatus: products.kaspiStatus,
  notRepriceableReason: products.notRepriceableReason,
  cityPrices: products.cityPrices,
  market: products.market,
  bestPlace: products.bestPlace,
  lastCheckTime: products.lastCheckTime,
  nextCheckAt: products.nextCheckAt,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
};

export type ProductListRow = { [K in keyof typeof listColumns]: ProductRow[K] };

/** What a bulk edit reads of each product to check its new rules, as the single PATCH does. */
const ruleColumns = {
  id: products.id,
  storeId: products.storeId,
  minPrice: products.minPrice,
  maxPrice: products.maxPrice,
  step: products.step,
  strategy: products.strategy,
  strategyParams: products.strategyParams,
  rules: products.rules,
  cityRules: products.cityRules,
  botActive: products.botActive,
  priority: products.priority,
  approvalMode: products.approvalMode,
};

export type ProductRulesRow = { [K in keyof typeof ruleColumns]: ProductRow[K] };

/** The WHERE of a list, a count or a bulk edit by filter: always within one user's products. */
function filterCondition(filter: ProductFilter): SQL {
  const conditions: SQL[] = [eq(products.userId, filter.userId)];
  if (filter.storeId) conditions.push(eq(products.storeId, filter.storeId));
  if (filter.botActive !== undefined) conditions.push(eq(products.botActive, filter.botActive));
  if (filter.category) conditions.push(eq(products.category, filter.category));
  if (filter.kaspiStatus) conditions.push(eq(products.kaspiStatus, filter.kaspiStatus));
  if (filter.repriceable !== undefined) conditions.push(eq(products.repriceable, filter.repriceable));
  if (filter.search) {
    const pattern = containsPattern(filter.search);
    conditions.push(or(ilike(products.name, pattern), ilike(products.kaspiSku, pattern))!);
  }
  return and(...conditions)!;
}

/**
 * `id = any($1::uuid[])`: one parameter however many ids (IN takes one each, and PostgreSQL allows
 * 65,535), written as an array literal so every driver (pg, PGlite) passes it the same way. The ids are
 * UUIDs (checked by the route schema or read from the table): nothing in them needs quoting.
 */
const idIn = (ids: string[]): SQL => sql`${products.id} = any(${`{${ids.join(',')}}`}::uuid[])`;

export class ProductsRepository {
  constructor(private readonly db: Database) {}

  /** The product with its owner, so the service can check access in one query. */
  async findWithOwner(id: string): Promise<{ product: ProductRow; ownerId: string } | undefined> {
    const [product] = await this.db.select().from(products).where(eq(products.id, id));
    return product && { product, ownerId: product.userId };
  }

  /**
   * One page of a list. The page's ids come from an index-only scan of the ordering's index (the
   * offset skips index entries, never table rows); only those rows are then read, and sorted again
   * (a hundred rows). `full`: every column (the compatible `?fields=full`), else the table's columns.
   */
  async listPage(filter: ProductFilter, order: { field: ProductOrdering; descending: boolean }, page: { limit: number; offset: number }, full: true): Promise<ProductRow[]>;
  async listPage(filter: ProductFilter, order: { field: ProductOrdering; descending: boolean }, page: { limit: number; offset: number }, full: false): Promise<ProductListRow[]>;
  async listPage(filter: ProductFilter, order: { field: ProductOrdering; descending: boolean }, page: { limit: number; offset: number }, full: boolean) {
    const ordering = orderBy(orderColumns[order.field], order.descending, products.id);
    const pageIds = this.db
      .select({ id: products.id })
      .from(products)
      .where(filterCondition(filter))
      .orderBy(...ordering)
      .limit(page.limit)
      .offset(page.offset);
    const query = full ? this.db.select().from(products) : this.db.select(listColumns).from(products);
    return query.where(inArray(products.id, pageIds)).orderBy(...ordering);
  }

  /** Runs `work` in one transaction (bulk edits: check and write together). */
  async inTransaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** How many products a list filter matches (the service caches it). */
  async count(filter: ProductFilter): Promise<number> {
    const [row] = await this.db.select({ value: count() }).from(products).where(filterCondition(filter));
    return row?.value ?? 0;
  }

  /**
   * The rules of the user's products a bulk edit names (by id, or every one a filter matches), locked
   * until `tx` ends so nothing changes them between the check and the write.
   */
  async lockRules(tx: Database, target: { userId: string; ids: string[] } | { filter: ProductFilter }): Promise<ProductRulesRow[]> {
    const where = 'filter' in target ? filterCondition(target.filter) : and(eq(products.userId, target.userId), idIn(target.ids));
    return tx.select(ruleColumns).from(products).where(where).orderBy(products.id).for('update');
  }

  /** Writes the same values to many products in `tx`; `dueNow`: the demper checks them as soon as it can. */
  async updateMany(tx: Database, ids: string[], values: Partial<NewProduct>, options: { dueNow: boolean }): Promise<number> {
    if (!ids.length) return 0;
    const rows = await tx
      .update(products)
      .set({ ...values, ...(options.dueNow && { nextCheckAt: sql`now()` }), updatedAt: new Date() })
      .where(idIn(ids))
      .returning({ id: products.id });
    return rows.length;
  }

  /** The ids of the user's products a filter matches (batch_enable / batch_disable by filter). */
  async idsMatching(filter: ProductFilter): Promise<string[]> {
    const rows = await this.db.select({ id: products.id }).from(products).where(filterCondition(filter));
    return rows.map((r) => r.id);
  }

  /** Undefined when the store already has this SKU (or offer id). */
  async insert(values: NewProduct): Promise<ProductRow | undefined> {
    const [row] = await this.db.insert(products).values(values).onConflictDoNothing().returning();
    return row;
  }

  /**
   * Inserts many products in one statement (no conflict handling): for seeding a benchmark or a demo
   * at scale. Keep each call to a few thousand rows (PostgreSQL takes at most 65,535 parameters).
   */
  async insertMany(values: NewProduct[]): Promise<number> {
    if (!values.length) return 0;
    const rows = await this.db.insert(products).values(values).returning({ id: products.id });
    return rows.length;
  }

  /** `dueNow`: the demper checks the product as soon as it can (next_check_at = now()). */
  async update(id: string, values: Partial<NewProduct>, options: { dueNow?: boolean } = {}): Promise<ProductRow | undefined> {
    const [row] = await this.db
      .update(products)
      .set({ ...values, ...(options.dueNow && { nextCheckAt: sql`now()` }), updatedAt: new Date() })
      .where(eq(products.id, id))
      .returning();
    return row;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(products).where(eq(products.id, id)).returning({ id: products.id });
    return rows.length > 0;
  }

  /**
   * Sets bot_active on the store's products named by our id or by Kaspi offer id, in one statement;
   * a product it turns on is due for a check now. Returns the ids and offer ids that matched, so the
   * caller can tell which names failed.
   */
  async setBotActive(storeId: string, ids: { uuids: string[]; offerIds: string[] }, active: boolean) {
    const byName: SQL[] = [];
    if (ids.uuids.length) byName.push(inArray(products.id, ids.uuids));
    if (ids.offerIds.length) byName.push(inArray(products.kaspiProductId, ids.offerIds));
    if (!byName.length) return [];
    return this.setBotActiveWhere(and(eq(products.storeId, storeId), or(...byName))!, active);
  }

  /** bot_active on every product of the user a list filter matches, in one statement. */
  async setBotActiveMatching(filter: ProductFilter, active: boolean) {
    return this.setBotActiveWhere(filterCondition(filter), active);
  }

  private async setBotActiveWhere(where: SQL, active: boolean) {
    return this.db
      .update(products)
      .set({
        botActive: active,
        ...(active && { nextCheckAt: sql`case when ${products.botActive} then ${products.nextCheckAt} else now() end` }),
        updatedAt: new Date(),
      })
      .where(where)
      .returning({ id: products.id, kaspiProductId: products.kaspiProductId });
  }

  async findById(id: string): Promise<ProductRow | undefined> {
    const [row] = await this.db.select().from(products).where(eq(products.id, id));
    return row;
  }

  /**
   * The store's repricer settings row (defaults for new products, rails the rules are checked over);
   * undefined until the store saves them. A read of the repricer's table: the products module never writes it.
   */
  async storeRepricerSettings(storeId: string, db: Database = this.db): Promise<StoreDemperSettingsRow | undefined> {
    const [row] = await db.select().from(storeDemperSettings).where(eq(storeDemperSettings.storeId, storeId));
    return row;
  }

  /**
   * Writes a whole catalogue: offers upserted by (store, SKU), Kaspi's data only (the seller's min,
   * max, step, strategy and bot_active are never touched), then every product the catalogue no longer
   * has marked `removed`. New products take the store's default step and strategy (its repricer
   * settings, when saved). Run it in a transaction (`db`) so a failure leaves the previous data.
   */
  async applyCatalogue(storeId: string, ownerId: string, offers: SyncedOffer[], syncedAt: Date, db: Database = this.db): Promise<CatalogueApplied> {
    const defaults = await this.storeRepricerSettings(storeId, db);
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
        cityPrices: offer.cityPrices,
        availabilities: offer.availabilities,
        shopLink: offer.shopLink,
        kaspiStatus: 'active' as const,
        notRepriceableReason: offer.externalProductId ? null : NO_SHOP_LINK,
        lastSyncedAt: syncedAt,
        // Only for new rows: the conflict update below never sets step or strategy.
        ...(defaults && { step: defaults.defaultStep, strategy: defaults.defaultStrategy }),
        // New products start with the demper off (the column default), like products added by hand.
      }));
      const written = await db
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
    const removed = await db
      .update(products)
      .set({ kaspiStatus: 'removed', updatedAt: syncedAt })
      .where(and(eq(products.storeId, storeId), eq(products.kaspiStatus, 'active'), or(isNull(products.lastSyncedAt), lt(products.lastSyncedAt, syncedAt))))
      .returning({ id: products.id });
    return { created, updated, removed: removed.length, productsCount: await this.activeCount(storeId, db) };
  }

  async activeCount(storeId: string, db: Database = this.db): Promise<number> {
    const [row] = await db
      .select({ value: count() })
      .from(products)
      .where(and(eq(products.storeId, storeId), eq(products.kaspiStatus, 'active')));
    return row?.value ?? 0;
  }

  /** Public product ids of a store's active products whose card is missing or older than `staleBefore`. */
  async idsNeedingCards(storeId: string, staleBefore: Date): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ externalId: products.externalKaspiId })
      .from(products)
      .where(
        and(
          eq(products.storeId, storeId),
          eq(products.kaspiStatus, 'active'),
          isNotNull(products.externalKaspiId),
          or(isNull(products.card), isNull(products.cardRefreshedAt), lt(products.cardRefreshedAt, staleBefore)),
        ),
      )
      .orderBy(asc(products.externalKaspiId));
    return rows.map((r) => r.externalId!);
  }

  /**
   * Stores a card on every product with this public id, whichever store sells it: the card is public
   * data, and one read then serves every seller of the product.
   */
  async saveCard(externalId: string, card: ProductCard, refreshedAt: Date): Promise<number> {
    const rows = await this.db.update(products).set({ card, cardRefreshedAt: refreshedAt }).where(eq(products.externalKaspiId, externalId)).returning({ id: products.id });
    return rows.length;
  }

  /** What Kaspi holds per pickup point after a push of ours (a preorder or its release). `db` may be a transaction. */
  async recordAvailabilities(productId: string, availabilities: ProductAvailability[], db: Database = this.db): Promise<void> {
    await db.update(products).set({ availabilities, cityPricesSeenAt: new Date(), lastPushAt: new Date(), updatedAt: new Date() }).where(eq(products.id, productId));
  }

  /** City prices read from the storefront (OwnCityPrices): Kaspi's whole price list as of now. */
  async recordSeenCityPrices(productId: string, cityPrices: ProductCityPrice[]): Promise<void> {
    await this.db.update(products).set({ cityPrices, cityPricesSeenAt: new Date(), updatedAt: new Date() }).where(eq(products.id, productId));
  }
}
