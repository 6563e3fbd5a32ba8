import { and, count, desc, eq, gt, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { type AuditLogRow, adminAuditLog, jobs, kaspiStores, type StoreRow, storeDemperSettings, type UserRow, users } from '../../infra/db/schema.ts';
import { containsPattern } from '../../infra/db/sql-helpers.ts';

export type NewAuditEntry = typeof adminAuditLog.$inferInsert;

export interface UserWithCounts {
  user: UserRow;
  storesCount: number;
  productsCount: number;
}

/**
 * The admin module's SQL: it writes only the audit log; the lists read users, stores, products and
 * jobs (reads may join any table; their owners' services do every write).
 */
export class AdminRepository {
  constructor(private readonly db: Database) {}

  /** `db` may be the transaction of the change the entries describe. */
  async insertAudit(entries: NewAuditEntry[], db: Database = this.db): Promise<void> {
    if (entries.length) await db.insert(adminAuditLog).values(entries);
  }

  async listAudit(filter: { actorId?: string | undefined; action?: string | undefined }, window: { limit: number; offset: number }): Promise<{ rows: AuditLogRow[]; count: number }> {
    const conditions: SQL[] = [];
    if (filter.actorId) conditions.push(eq(adminAuditLog.actorId, filter.actorId));
    if (filter.action) conditions.push(eq(adminAuditLog.action, filter.action));
    const where = conditions.length ? and(...conditions) : undefined;
    const [rows, [total]] = await Promise.all([
      this.db.select().from(adminAuditLog).where(where).orderBy(desc(adminAuditLog.at), desc(adminAuditLog.id)).limit(window.limit).offset(window.offset),
      this.db.select({ value: count() }).from(adminAuditLog).where(where),
    ]);
    return { rows, count: total?.value ?? 0 };
  }

  /** Users newest first with their stores and products counted (a page at a time: one index probe per user). */
  async listUsers(filter: { search?: string | undefined }, window: { limit: number; offset: number }): Promise<{ rows: UserWithCounts[]; count: number }> {
    const where = filter.search ? ilike(users.email, containsPattern(filter.search.trim().toLowerCase())) : undefined;
    const [ids, [total]] = await Promise.all([
      this.db.select({ id: users.id }).from(users).where(where).orderBy(desc(users.createdAt), desc(users.id)).limit(window.limit).offset(window.offset),
      this.db.select({ value: count() }).from(users).where(where),
    ]);
    // The page first, then its counts: PostgreSQL would compute the counts of every row the offset skips too.
    const rows = ids.length
      ? await this.withCounts().where(
          inArray(
            users.id,
            ids.map((r) => r.id),
          ),
        )
      : [];
    const byId = new Map(rows.map((r) => [r.user.id, r]));
    return { rows: ids.flatMap((r) => byId.get(r.id) ?? []), count: total?.value ?? 0 };
  }

  async findUser(id: string): Promise<UserWithCounts | undefined> {
    const [row] = await this.withCounts().where(eq(users.id, id));
    return row;
  }

  /** Every store across users with its owner's e-mail; search: store name, merchant id or owner e-mail. */
  async listStores(filter: { search?: string | undefined; userId?: string | undefined }, window: { limit: number; offset: number }) {
    const conditions: SQL[] = [];
    if (filter.userId) conditions.push(eq(kaspiStores.userId, filter.userId));
    if (filter.search) {
      const pattern = containsPattern(filter.search.trim());
      conditions.push(or(ilike(kaspiStores.name, pattern), ilike(kaspiStores.merchantId, pattern), ilike(users.email, pattern))!);
    }
    const where = conditions.length ? and(...conditions) : undefined;
    const [rows, [total]] = await Promise.all([
      this.db
        .select({ store: kaspiStores, ownerEmail: users.email })
        .from(kaspiStores)
        .innerJoin(users, eq(users.id, kaspiStores.userId))
        .where(where)
        .orderBy(desc(kaspiStores.createdAt), desc(kaspiStores.id))
        .limit(window.limit)
        .offset(window.offset),
      this.db.select({ value: count() }).from(kaspiStores).innerJoin(users, eq(users.id, kaspiStores.userId)).where(where),
    ]);
    return { rows: rows as { store: StoreRow; ownerEmail: string }[], count: total?.value ?? 0 };
  }

  /** Stores whose demper is paused after Kaspi's 429 (price writes banned), still in force. */
  async demperPauses(): Promise<{ storeId: string; storeName: string; merchantId: string; until: Date }[]> {
    const rows = await this.db
      .select({ storeId: kaspiStores.id, storeName: kaspiStores.name, merchantId: kaspiStores.merchantId, until: storeDemperSettings.pausedUntil })
      .from(storeDemperSettings)
      .innerJoin(kaspiStores, eq(kaspiStores.id, storeDemperSettings.storeId))
      .where(gt(storeDemperSettings.pausedUntil, sql`now()`))
      .orderBy(desc(storeDemperSettings.pausedUntil))
      .limit(500);
    return rows.map((r) => ({ ...r, until: r.until! }));
  }

  /** Stores of these merchants (budget keys of the cabinet budgets are merchant ids). */
  async storesOfMerchants(merchantIds: string[]): Promise<{ id: string; name: string; merchantId: string }[]> {
    if (!merchantIds.length) return [];
    return this.db.select({ id: kaspiStores.id, name: kaspiStores.name, merchantId: kaspiStores.merchantId }).from(kaspiStores).where(sql`${kaspiStores.merchantId} in ${merchantIds}`);
  }

  /** Unfinished jobs by type and state, and the ones that failed in the last day (the jobs table is the truth). */
  async jobsByType(): Promise<{ type: string; state: string; n: number }[]> {
    return this.db
      .select({ type: jobs.type, state: jobs.state, n: count() })
      .from(jobs)
      .where(or(sql`${jobs.state} in ('queued', 'running')`, and(eq(jobs.state, 'failed'), gt(jobs.createdAt, sql`now() - interval '1 day'`))))
      .groupBy(jobs.type, jobs.state);
  }

  /** A round trip to the database. */
  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }

  private withCounts() {
    return this.db
      .select({
        user: users,
        // Qualified by hand: inside a subquery Drizzle would write the bare "id", which is the inner table's.
        storesCount: sql<number>`(select count(*) from kaspi_stores s where s.user_id = "users"."id")::int`,
        productsCount: sql<number>`(select count(*) from products p where p.user_id = "users"."id")::int`,
      })
      .from(users)
      .$dynamic();
  }
}
