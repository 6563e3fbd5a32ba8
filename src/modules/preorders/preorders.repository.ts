import { and, count, eq, getTableColumns, ilike, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { kaspiStores, preorders, type PreorderRow, type PreorderStatus } from '../../infra/db/schema.ts';
import { caseInsensitive, containsPattern, orderBy } from '../../infra/db/sql-helpers.ts';
import type { preorderOrderingFields } from './preorders.schemas.ts';

export type PreorderOrdering = (typeof preorderOrderingFields)[number];
export type NewPreorder = typeof preorders.$inferInsert;

const orderColumns = {
  name: caseInsensitive(preorders.name),
  price: preorders.price,
  updated_at: preorders.updatedAt,
  created_at: preorders.createdAt,
} as const;

export class PreordersRepository {
  constructor(private readonly db: Database) {}

  async findWithOwner(id: string): Promise<{ preorder: PreorderRow; ownerId: string } | undefined> {
    const [row] = await this.db
      .select({ preorder: preorders, ownerId: kaspiStores.userId })
      .from(preorders)
      .innerJoin(kaspiStores, eq(kaspiStores.id, preorders.storeId))
      .where(eq(preorders.id, id));
    return row;
  }

  async list(
    filter: { userId: string; storeId?: string; status?: PreorderStatus; search?: string },
    order: { field: PreorderOrdering; descending: boolean },
    page: { limit: number; offset: number },
  ) {
    const conditions: SQL[] = [eq(kaspiStores.userId, filter.userId)];
    if (filter.storeId) conditions.push(eq(preorders.storeId, filter.storeId));
    if (filter.status) conditions.push(eq(preorders.status, filter.status));
    if (filter.search) {
      const pattern = containsPattern(filter.search);
      conditions.push(or(ilike(preorders.name, pattern), ilike(preorders.article, pattern))!);
    }
    const where = and(...conditions);
    const [rows, [total]] = await Promise.all([
      this.db
        .select(getTableColumns(preorders))
        .from(preorders)
        .innerJoin(kaspiStores, eq(kaspiStores.id, preorders.storeId))
        .where(where)
        .orderBy(...orderBy(orderColumns[order.field], order.descending, preorders.id))
        .limit(page.limit)
        .offset(page.offset),
      this.db.select({ value: count() }).from(preorders).innerJoin(kaspiStores, eq(kaspiStores.id, preorders.storeId)).where(where),
    ]);
    return { rows, count: total?.value ?? 0 };
  }

  /** Undefined when the product already has a preorder. */
  async insert(values: NewPreorder): Promise<PreorderRow | undefined> {
    const [row] = await this.db.insert(preorders).values(values).onConflictDoNothing().returning();
    return row;
  }

  async update(id: string, values: Partial<NewPreorder>): Promise<PreorderRow | undefined> {
    const [row] = await this.db.update(preorders).set({ ...values, updatedAt: new Date() }).where(eq(preorders.id, id)).returning();
    return row;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(preorders).where(eq(preorders.id, id)).returning({ id: preorders.id });
    return rows.length > 0;
  }
}
