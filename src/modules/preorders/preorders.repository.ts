import { and, asc, count, eq, getTableColumns, ilike, or, type SQL, TransactionRollbackError } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { kaspiStores, type PreorderRow, type PreorderStatus, preorders, products } from '../../infra/db/schema.ts';
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
    const [row] = await this.db.select({ preorder: preorders, ownerId: kaspiStores.userId }).from(preorders).innerJoin(kaspiStores, eq(kaspiStores.id, preorders.storeId)).where(eq(preorders.id, id));
    return row;
  }

  async list(filter: { userId: string; storeId?: string; status?: PreorderStatus; search?: string }, order: { field: PreorderOrdering; descending: boolean }, page: { limit: number; offset: number }) {
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
    const [row] = await this.db
      .update(preorders)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(preorders.id, id))
      .returning();
    return row;
  }

  /** All or nothing: undefined (and nothing written) when any of the products already has a preorder. */
  async insertAll(values: NewPreorder[]): Promise<PreorderRow[] | undefined> {
    return this.db
      .transaction(async (tx) => {
        const rows = await tx.insert(preorders).values(values).onConflictDoNothing().returning();
        if (rows.length !== values.length) {
          tx.rollback();
          return undefined;
        }
        // In the order given, whatever order the database returned them in.
        return values.map((v) => rows.find((r) => r.productId === v.productId)!);
      })
      .catch((err: unknown) => {
        // Drizzle names the error DrizzleError; its class says what it is.
        if (err instanceof TransactionRollbackError) return undefined;
        throw err;
      });
  }

  async findById(id: string): Promise<PreorderRow | undefined> {
    const [row] = await this.db.select().from(preorders).where(eq(preorders.id, id));
    return row;
  }

  /** Kaspi accepted the push: the preorder waits for the storefront. `db` may be the caller's transaction. */
  async markPushed(id: string, verifyDeadline: Date, db: Database = this.db): Promise<PreorderRow | undefined> {
    const [row] = await db.update(preorders).set({ status: 'pending', statusReason: null, pushedAt: new Date(), verifyDeadline, updatedAt: new Date() }).where(eq(preorders.id, id)).returning();
    return row;
  }

  /**
   * The verification's verdict, only for the push it checked: a preorder changed (pushed again) or
   * settled meanwhile is left alone.
   */
  async settle(id: string, pushedAt: Date, status: 'active' | 'failed', reason: string | null): Promise<boolean> {
    const rows = await this.db
      .update(preorders)
      .set({ status, statusReason: reason, updatedAt: new Date() })
      .where(and(eq(preorders.id, id), eq(preorders.status, 'pending'), eq(preorders.pushedAt, pushedAt)))
      .returning({ id: preorders.id });
    return rows.length > 0;
  }

  /** A store's preorders with their product's current price and availabilities (the XLSX). */
  async listForStore(storeId: string) {
    return this.db
      .select({ preorder: preorders, price: products.price, availabilities: products.availabilities })
      .from(preorders)
      .innerJoin(products, eq(products.id, preorders.productId))
      .where(eq(preorders.storeId, storeId))
      .orderBy(asc(preorders.article), asc(preorders.id));
  }

  async delete(id: string, db: Database = this.db): Promise<boolean> {
    const rows = await db.delete(preorders).where(eq(preorders.id, id)).returning({ id: preorders.id });
    return rows.length > 0;
  }
}
