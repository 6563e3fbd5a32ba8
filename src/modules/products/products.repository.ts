import { and, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { products, type KaspiStatus, type ProductRow } from '../../infra/db/schema.ts';
import { caseInsensitive, containsPattern, orderBy } from '../../infra/db/sql-helpers.ts';
import type { productOrderingFields } from './products.schemas.ts';

export type ProductOrdering = (typeof productOrderingFields)[number];
export type NewProduct = typeof products.$inferInsert;

export interface ProductFilter {
  userId: string;
  storeId?: string;
  botActive?: boolean;
  category?: string;
  kaspiStatus?: KaspiStatus;
  search?: string;
}

const orderColumns = {
  name: caseInsensitive(products.name),
  price: products.price,
  updated_at: products.updatedAt,
  created_at: products.createdAt,
} as const;

export class ProductsRepository {
  constructor(private readonly db: Database) {}

  /** The product with its owner, so the service can check access in one query. */
  async findWithOwner(id: string): Promise<{ product: ProductRow; ownerId: string } | undefined> {
    const [product] = await this.db.select().from(products).where(eq(products.id, id));
    return product && { product, ownerId: product.userId };
  }

  async list(filter: ProductFilter, order: { field: ProductOrdering; descending: boolean }, page: { limit: number; offset: number }) {
    const conditions: SQL[] = [eq(products.userId, filter.userId)];
    if (filter.storeId) conditions.push(eq(products.storeId, filter.storeId));
    if (filter.botActive !== undefined) conditions.push(eq(products.botActive, filter.botActive));
    if (filter.category) conditions.push(eq(products.category, filter.category));
    if (filter.kaspiStatus) conditions.push(eq(products.kaspiStatus, filter.kaspiStatus));
    if (filter.search) {
      const pattern = containsPattern(filter.search);
      conditions.push(or(ilike(products.name, pattern), ilike(products.kaspiSku, pattern))!);
    }
    const where = and(...conditions);
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(products)
        .where(where)
        .orderBy(...orderBy(orderColumns[order.field], order.descending, products.id))
        .limit(page.limit)
        .offset(page.offset),
      this.db.select({ value: count() }).from(products).where(where),
    ]);
    return { rows, count: total?.value ?? 0 };
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
    return this.db
      .update(products)
      .set({
        botActive: active,
        ...(active && { nextCheckAt: sql`case when ${products.botActive} then ${products.nextCheckAt} else now() end` }),
        updatedAt: new Date(),
      })
      .where(and(eq(products.storeId, storeId), or(...byName)))
      .returning({ id: products.id, kaspiProductId: products.kaspiProductId });
  }
}
