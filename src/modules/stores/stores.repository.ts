import { and, count, eq, ilike, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { kaspiStores, type StoreRow } from '../../infra/db/schema.ts';
import { caseInsensitive, containsPattern, orderBy } from '../../infra/db/sql-helpers.ts';
import type { storeOrderingFields } from './stores.schemas.ts';

/** The store's owner is not disabled by an admin: a disabled user's shops are not synced, watched or repriced. */
const ownerNotDisabled = sql`not exists (select 1 from users u where u.id = ${kaspiStores.userId} and u.disabled_at is not null)`;

export type StoreOrdering = (typeof storeOrderingFields)[number];
export type NewStore = typeof kaspiStores.$inferInsert;

const orderColumns = {
  name: caseInsensitive(kaspiStores.name),
  created_at: kaspiStores.createdAt,
  updated_at: kaspiStores.updatedAt,
  products_count: kaspiStores.productsCount,
} as const;

export class StoresRepository {
  constructor(private readonly db: Database) {}

  async findById(id: string): Promise<StoreRow | undefined> {
    const [row] = await this.db.select().from(kaspiStores).where(eq(kaspiStores.id, id));
    return row;
  }

  async findByMerchantId(merchantId: string): Promise<StoreRow | undefined> {
    const [row] = await this.db.select().from(kaspiStores).where(eq(kaspiStores.merchantId, merchantId));
    return row;
  }

  async list(filter: { userId: string; search?: string }, order: { field: StoreOrdering; descending: boolean }, page: { limit: number; offset: number }) {
    const conditions: SQL[] = [eq(kaspiStores.userId, filter.userId)];
    if (filter.search) {
      const pattern = containsPattern(filter.search);
      conditions.push(or(ilike(kaspiStores.name, pattern), ilike(kaspiStores.merchantId, pattern))!);
    }
    const where = and(...conditions);
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(kaspiStores)
        .where(where)
        .orderBy(...orderBy(orderColumns[order.field], order.descending, kaspiStores.id))
        .limit(page.limit)
        .offset(page.offset),
      this.db.select({ value: count() }).from(kaspiStores).where(where),
    ]);
    return { rows, count: total?.value ?? 0 };
  }

  /** Undefined when the merchant is already linked (unique index on merchant_id). */
  async insert(values: NewStore): Promise<StoreRow | undefined> {
    const [row] = await this.db.insert(kaspiStores).values(values).onConflictDoNothing().returning();
    return row;
  }

  async update(id: string, values: Partial<NewStore>): Promise<StoreRow | undefined> {
    const [row] = await this.db
      .update(kaspiStores)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(kaspiStores.id, id))
      .returning();
    return row;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(kaspiStores).where(eq(kaspiStores.id, id)).returning({ id: kaspiStores.id });
    return rows.length > 0;
  }

  /** A finished catalogue import: its time and the store's count of active products. `db` may be a transaction. */
  async recordSync(storeId: string, productsCount: number, syncedAt: Date, db: Database = this.db): Promise<void> {
    await db.update(kaspiStores).set({ productsCount, lastSync: syncedAt, updatedAt: syncedAt }).where(eq(kaspiStores.id, storeId));
  }

  /** Linked, active stores whose last sync is older than `before` (or never happened), oldest first. */
  async dueForSync(before: Date, limit: number): Promise<{ id: string; userId: string }[]> {
    return this.db
      .select({ id: kaspiStores.id, userId: kaspiStores.userId })
      .from(kaspiStores)
      .where(
        and(
          eq(kaspiStores.isActive, true),
          eq(kaspiStores.needsReauth, false),
          sql`${kaspiStores.sessionEncrypted} is not null`,
          or(isNull(kaspiStores.lastSync), lt(kaspiStores.lastSync, before)),
          ownerNotDisabled,
        ),
      )
      .orderBy(sql`${kaspiStores.lastSync} asc nulls first`)
      .limit(limit);
  }

  /** Merchant ids of every store of a user: none of them is a competitor of the others. */
  async merchantIdsOfUser(userId: string): Promise<string[]> {
    const rows = await this.db.select({ merchantId: kaspiStores.merchantId }).from(kaspiStores).where(eq(kaspiStores.userId, userId));
    return rows.map((r) => r.merchantId);
  }
}
