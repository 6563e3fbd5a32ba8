import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { products, type StoreFeedPullRow, storeFeedPulls, storeFeeds } from '../../infra/db/schema.ts';
import type { FeedProduct } from './feed-offer.ts';

/** The feed's offers: every product of the store still on Kaspi (a sync marks the others `removed`). */
const listed = (storeId: string) => and(eq(products.storeId, storeId), eq(products.kaspiStatus, 'active'));

/** All SQL of the XML feed: its fingerprint, its offers in batches, its state and its pulls. */
export class FeedRepository {
  constructor(private readonly db: Database) {}

  /**
   * How many offers the feed lists and a fingerprint of their versions, in one scan of the store's
   * products without reading their JSON: every write of a product's feed columns (prices, points,
   * name, brand, status) goes through this module's repositories, which stamp `updated_at`; the card
   * (its brand is the fallback) stamps `card_refreshed_at`. The sums do not depend on row order, and a
   * row written again changes them (microsecond timestamps).
   */
  async contentHash(storeId: string): Promise<{ offers: number; hash: string }> {
    const [row] = await this.db
      .select({
        offers: sql<number>`count(*)::int`,
        hash: sql<string>`concat_ws(':', coalesce(sum(hashint8((extract(epoch from ${products.updatedAt}) * 1000000)::bigint)), 0), coalesce(sum(hashint8((extract(epoch from ${products.cardRefreshedAt}) * 1000000)::bigint)), 0), max(${products.updatedAt}))`,
      })
      .from(products)
      .where(listed(storeId));
    return { offers: row?.offers ?? 0, hash: row?.hash ?? '0' };
  }

  /** The feed's offers in SKU order, `batchSize` at a time (keyset on the (store, SKU) unique index). */
  async *offers(storeId: string, batchSize: number): AsyncGenerator<FeedProduct[]> {
    let after: string | null = null;
    while (true) {
      const rows: FeedProduct[] = await this.db
        .select({
          kaspiSku: products.kaspiSku,
          name: products.name,
          brand: products.brand,
          cardBrand: sql<string | null>`${products.card}->>'brand'`,
          price: products.price,
          cityPrices: products.cityPrices,
          availabilities: products.availabilities,
        })
        .from(products)
        .where(after === null ? listed(storeId) : and(listed(storeId), gt(products.kaspiSku, after)))
        .orderBy(asc(products.kaspiSku))
        .limit(batchSize);
      if (rows.length) yield rows;
      if (rows.length < batchSize) return;
      after = rows.at(-1)!.kaspiSku;
    }
  }

  /**
   * The fingerprint the feed has now: when it differs from the stored one, the content changed now
   * (Last-Modified). Returns when the content last changed.
   */
  async touch(storeId: string, fingerprint: string, now: Date): Promise<Date> {
    const [row] = await this.db
      .insert(storeFeeds)
      .values({ storeId, fingerprint, modifiedAt: now })
      .onConflictDoUpdate({
        target: storeFeeds.storeId,
        set: {
          modifiedAt: sql`case when ${storeFeeds.fingerprint} = excluded.fingerprint then ${storeFeeds.modifiedAt} else excluded.modified_at end`,
          fingerprint: sql`excluded.fingerprint`,
        },
      })
      .returning({ modifiedAt: storeFeeds.modifiedAt });
    return row!.modifiedAt;
  }

  /** One pull; pulls older than `keepDays` of the store are dropped on the way (the table stays small). */
  async recordPull(pull: { storeId: string; status: number; bytes: number; offers: number | null }, keepDays = 30): Promise<void> {
    await this.db.insert(storeFeedPulls).values(pull);
    await this.db.delete(storeFeedPulls).where(and(eq(storeFeedPulls.storeId, pull.storeId), lt(storeFeedPulls.pulledAt, sql`now() - ${keepDays}::int * interval '1 day'`)));
  }

  /** The store's latest pulls, newest first. */
  async pulls(storeId: string, limit: number): Promise<StoreFeedPullRow[]> {
    return this.db.select().from(storeFeedPulls).where(eq(storeFeedPulls.storeId, storeId)).orderBy(desc(storeFeedPulls.pulledAt)).limit(limit);
  }
}
