import { count, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { priceHistory, products, type ProductCityPrice, type ProductRow } from '../../infra/db/schema.ts';

export type NewPriceHistory = typeof priceHistory.$inferInsert;

/** All SQL of price changes and their history. */
export class PricingRepository {
  constructor(private readonly db: Database) {}

  /** After Kaspi accepted a price: the product's prices and the history rows, together or not at all. */
  async recordAccepted(productId: string, prices: { price: number; cityPrices: ProductCityPrice[] }, history: NewPriceHistory[]): Promise<ProductRow | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(products)
        .set({ price: prices.price, cityPrices: prices.cityPrices, updatedAt: new Date() })
        .where(eq(products.id, productId))
        .returning();
      if (row && history.length) await tx.insert(priceHistory).values(history);
      return row;
    });
  }

  /** A price Kaspi did not take: only the history says so, the product keeps its prices. */
  async recordFailed(history: NewPriceHistory[]): Promise<void> {
    if (history.length) await this.db.insert(priceHistory).values(history);
  }

  /** Newest first; within one change the base price (city null) before the cities. */
  async listHistory(productId: string, page: { limit: number; offset: number }) {
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
}
