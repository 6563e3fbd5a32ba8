import { and, count, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { kaspiStores, type PriceHistoryRow, type ProductCityPrice, type ProductRow, priceHistory, products } from '../../infra/db/schema.ts';

export type NewPriceHistory = typeof priceHistory.$inferInsert;
export type NewRepricerChange = Omit<NewPriceHistory, 'source' | 'status'>;

/** Per city: the repricer's changes since the start of the day and its last raise. */
export interface CityChangeHistory {
  changesToday: number;
  lastRaiseAt: Date | null;
}

export interface OfferPrices {
  price: number;
  cityPrices: ProductCityPrice[];
}

/** A price_history row as announced: with its product's name and its shop's owner. */
export interface AnnouncedPriceChange {
  row: PriceHistoryRow;
  productName: string;
  userId: string;
}

/** Told of every price_history row written or changed, after it is committed (never awaited). */
export interface PriceChangeListener {
  changed(changes: AnnouncedPriceChange[]): void;
  /** The rows could not be read back for the announcement; the write itself stands. */
  failed(err: unknown): void;
}

/**
 * All SQL of price changes: the price history, and the prices a product holds on Kaspi. A price we
 * pushed stamps `last_push_at`, which tells a storefront read taken after our write from one before.
 * Every write of price_history passes here, so every one is announced to the listener (live events).
 */
export class PriceHistoryRepository {
  constructor(
    private readonly db: Database,
    private readonly listener?: PriceChangeListener,
  ) {}

  /** Reads the rows back with what the announcement needs, off the writer's path: a failure is only logged. */
  private announce(ids: string[]): void {
    if (!this.listener || !ids.length) return;
    const listener = this.listener;
    this.db
      .select({ row: priceHistory, productName: products.name, userId: kaspiStores.userId })
      .from(priceHistory)
      .innerJoin(products, eq(products.id, priceHistory.productId))
      .innerJoin(kaspiStores, eq(kaspiStores.id, priceHistory.storeId))
      .where(inArray(priceHistory.id, ids))
      .then(
        (rows) => rows.length && listener.changed(rows),
        (err: unknown) => listener.failed(err),
      );
  }

  /** After Kaspi accepted a manual price: the product's prices and the history rows, together or not at all. */
  async recordAccepted(productId: string, prices: OfferPrices, history: NewPriceHistory[]): Promise<ProductRow | undefined> {
    const { row, ids } = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(products)
        .set({ price: prices.price, cityPrices: prices.cityPrices, cityPricesSeenAt: new Date(), lastPushAt: new Date(), updatedAt: new Date() })
        .where(eq(products.id, productId))
        .returning();
      const written = row && history.length ? await tx.insert(priceHistory).values(history).returning({ id: priceHistory.id }) : [];
      return { row, ids: written.map((w) => w.id) };
    });
    this.announce(ids);
    return row;
  }

  /** A price Kaspi did not take: only the history says so, the product keeps its prices. */
  async recordRefused(history: NewPriceHistory[]): Promise<void> {
    if (!history.length) return;
    const written = await this.db.insert(priceHistory).values(history).returning({ id: priceHistory.id });
    this.announce(written.map((w) => w.id));
  }

  /** Newest first; within one change the base price (city null) before the cities. */
  async list(productId: string, page: { limit: number; offset: number }) {
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(priceHistory)
        .where(eq(priceHistory.productId, productId))
        .orderBy(desc(priceHistory.createdAt), sql`${priceHistory.cityId} asc nulls first`, desc(priceHistory.id))
        .limit(page.limit)
        .offset(page.offset),
      this.db.select({ value: count() }).from(priceHistory).where(eq(priceHistory.productId, productId)),
    ]);
    return { rows, count: total?.value ?? 0 };
  }

  /** Changes Kaspi took (or may have taken) but the storefront has not confirmed yet, any source. */
  async unverified(productId: string): Promise<PriceHistoryRow[]> {
    return this.db
      .select()
      .from(priceHistory)
      .where(and(eq(priceHistory.productId, productId), inArray(priceHistory.status, ['sending', 'pushed']), isNull(priceHistory.verifiedAt)));
  }

  async settle(ids: string[], outcome: { status: 'applied' | 'superseded' | 'failed'; actualPosition: number | null; error: string | null }): Promise<void> {
    if (!ids.length) return;
    const settled = await this.db
      .update(priceHistory)
      .set({ status: outcome.status, actualPosition: outcome.actualPosition, error: outcome.error, verifiedAt: new Date() })
      .where(and(inArray(priceHistory.id, ids), inArray(priceHistory.status, ['sending', 'pushed'])))
      .returning({ id: priceHistory.id });
    this.announce(settled.map((r) => r.id));
  }

  /** Per city: the repricer's changes since `dayStart` (not counting refused ones) and its last raise. */
  async cityHistory(productId: string, dayStart: Date): Promise<Map<string, CityChangeHistory>> {
    const rows = await this.db
      .select({
        cityId: priceHistory.cityId,
        changes: sql<number>`count(*)::int`,
        lastRaiseAt: sql<Date | string | null>`max(${priceHistory.createdAt}) filter (where ${priceHistory.newPrice} > ${priceHistory.oldPrice})`,
      })
      .from(priceHistory)
      .where(
        and(
          eq(priceHistory.productId, productId),
          eq(priceHistory.source, 'demper'),
          gte(priceHistory.createdAt, dayStart),
          inArray(priceHistory.status, ['sending', 'pushed', 'applied', 'superseded']),
        ),
      )
      .groupBy(priceHistory.cityId);
    return new Map(rows.filter((r) => r.cityId !== null).map((r) => [r.cityId!, { changesToday: Number(r.changes), lastRaiseAt: r.lastRaiseAt ? new Date(r.lastRaiseAt) : null }]));
  }

  /** Before calling Kaspi: the intended changes, so a worker killed mid-call leaves a trace the next check settles. */
  async recordSending(changes: NewRepricerChange[]): Promise<string[]> {
    if (!changes.length) return [];
    const rows = await this.db
      .insert(priceHistory)
      .values(changes.map((c) => ({ ...c, source: 'demper' as const, status: 'sending' as const })))
      .returning({ id: priceHistory.id });
    // Not announced yet: a change is news once Kaspi has answered (pushed or failed), or it is discarded unsent.
    return rows.map((r) => r.id);
  }

  /** Kaspi accepted: the product holds the new prices and the changes say `pushed`, together. */
  async recordPushed(productId: string, ids: string[], prices: OfferPrices): Promise<void> {
    const pushed = await this.db.transaction(async (tx) => {
      await tx
        .update(products)
        .set({ price: prices.price, cityPrices: prices.cityPrices, cityPricesSeenAt: new Date(), lastPushAt: new Date(), updatedAt: new Date() })
        .where(eq(products.id, productId));
      // Only rows still `sending`: one another check settled meanwhile keeps its verdict.
      if (!ids.length) return [];
      return tx
        .update(priceHistory)
        .set({ status: 'pushed' })
        .where(and(inArray(priceHistory.id, ids), eq(priceHistory.status, 'sending')))
        .returning({ id: priceHistory.id });
    });
    this.announce(pushed.map((r) => r.id));
  }

  /** Changes that never reached Kaspi (its write budget was busy): no trace. */
  async discard(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.db.delete(priceHistory).where(and(inArray(priceHistory.id, ids), eq(priceHistory.status, 'sending')));
  }

  async recordFailed(ids: string[], error: string): Promise<void> {
    if (!ids.length) return;
    await this.db.update(priceHistory).set({ status: 'failed', error }).where(inArray(priceHistory.id, ids));
    this.announce(ids);
  }

  /** The storefront shows a price we did not set (changed in the cabinet): adopt it as the current one. Not a push of ours. */
  async adoptCityPrices(productId: string, cityPrices: ProductCityPrice[], basePrice: number): Promise<void> {
    await this.db.update(products).set({ price: basePrice, cityPrices, updatedAt: new Date() }).where(eq(products.id, productId));
  }
}
