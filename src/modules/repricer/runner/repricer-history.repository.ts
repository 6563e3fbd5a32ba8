import { and, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../../infra/db/database.ts';
import { priceHistory, products, type PriceHistoryRow, type ProductCityPrice } from '../../../infra/db/schema.ts';
import type { CityHistory } from '../../../engine/types.ts';

export type NewDemperChange = Omit<typeof priceHistory.$inferInsert, 'source' | 'status'>;

/** The demper's reads and writes of price history, and of the prices Kaspi holds for a product. */
export class RepricerHistoryRepository {
  constructor(private readonly db: Database) {}

  /** Changes Kaspi took (or may have taken) but the storefront has not confirmed yet, any source. */
  async unverified(productId: string): Promise<PriceHistoryRow[]> {
    return this.db
      .select()
      .from(priceHistory)
      .where(and(eq(priceHistory.productId, productId), inArray(priceHistory.status, ['sending', 'pushed']), isNull(priceHistory.verifiedAt)));
  }

  async settle(ids: string[], outcome: { status: 'applied' | 'superseded' | 'failed'; actualPosition: number | null; error: string | null }): Promise<void> {
    if (!ids.length) return;
    await this.db
      .update(priceHistory)
      .set({ status: outcome.status, actualPosition: outcome.actualPosition, error: outcome.error, verifiedAt: new Date() })
      .where(and(inArray(priceHistory.id, ids), inArray(priceHistory.status, ['sending', 'pushed'])));
  }

  /** Per city: the demper's changes since `dayStart` (not counting refused ones) and its last raise. */
  async cityHistory(productId: string, dayStart: Date): Promise<Map<string, CityHistory>> {
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
    return new Map(
      rows
        .filter((r) => r.cityId !== null)
        .map((r) => [r.cityId!, { changesToday: Number(r.changes), lastRaiseAt: r.lastRaiseAt ? new Date(r.lastRaiseAt) : null }]),
    );
  }

  /** Before calling Kaspi: the intended changes, so a worker killed mid-call leaves a trace the next check settles. */
  async recordSending(changes: NewDemperChange[]): Promise<string[]> {
    if (!changes.length) return [];
    const rows = await this.db
      .insert(priceHistory)
      .values(changes.map((c) => ({ ...c, source: 'demper' as const, status: 'sending' as const })))
      .returning({ id: priceHistory.id });
    return rows.map((r) => r.id);
  }

  /** Kaspi accepted: the product holds the new prices and the changes say `pushed`, together. */
  async recordPushed(productId: string, ids: string[], prices: { price: number; cityPrices: ProductCityPrice[] }): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.update(products).set({ price: prices.price, cityPrices: prices.cityPrices, updatedAt: new Date() }).where(eq(products.id, productId));
      // Only rows still `sending`: one another check settled meanwhile keeps its verdict.
      if (ids.length) await tx.update(priceHistory).set({ status: 'pushed' }).where(and(inArray(priceHistory.id, ids), eq(priceHistory.status, 'sending')));
    });
  }

  /** Changes that never reached Kaspi (its write budget was busy): no trace. */
  async discard(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.db.delete(priceHistory).where(and(inArray(priceHistory.id, ids), eq(priceHistory.status, 'sending')));
  }

  async recordFailed(ids: string[], error: string): Promise<void> {
    if (!ids.length) return;
    await this.db.update(priceHistory).set({ status: 'failed', error }).where(inArray(priceHistory.id, ids));
  }

  /** The storefront shows a price we did not set (changed in the cabinet): adopt it as the current one. */
  async adoptCityPrices(productId: string, cityPrices: ProductCityPrice[], basePrice: number): Promise<void> {
    await this.db.update(products).set({ price: basePrice, cityPrices, updatedAt: new Date() }).where(eq(products.id, productId));
  }
}
