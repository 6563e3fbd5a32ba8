import { and, asc, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { kaspiStores, products, type ProductCard } from '../../infra/db/schema.ts';

/** All SQL of market data and product cards. */
export class MarketRepository {
  constructor(private readonly db: Database) {}

  /** Merchant ids of every store of a user: none of them is a competitor of the others. */
  async merchantIdsOfUser(userId: string): Promise<string[]> {
    const rows = await this.db.select({ merchantId: kaspiStores.merchantId }).from(kaspiStores).where(eq(kaspiStores.userId, userId));
    return rows.map((r) => r.merchantId);
  }

  /** Public product ids of a store's active products whose card is missing or older than `staleBefore`. */
  async productIdsNeedingCards(storeId: string, staleBefore: Date): Promise<string[]> {
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
    const rows = await this.db
      .update(products)
      .set({ card, cardRefreshedAt: refreshedAt })
      .where(eq(products.externalKaspiId, externalId))
      .returning({ id: products.id });
    return rows.length;
  }
}
