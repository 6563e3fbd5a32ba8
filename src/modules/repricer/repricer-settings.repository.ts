import { and, eq, gte, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { demperStats, products, storeDemperSettings, type StoreDemperSettingsRow } from '../../infra/db/schema.ts';

export type NewDemperSettings = typeof storeDemperSettings.$inferInsert;
export type DemperSettingsChanges = Partial<Omit<NewDemperSettings, 'storeId' | 'createdAt' | 'updatedAt'>>;

export interface DemperCounts {
  productsEnabled: number;
  productsRepriceable: number;
  productsDue: number;
  /** How late the most overdue scheduled check is (0 when none is late). */
  longestOverdueSeconds: number;
  lastCheckAt: Date | null;
}

export interface DemperHourStats {
  checks: number;
  changes: number;
  errors: number;
}

/** All SQL of the store demper settings and the status endpoint. */
export class RepricerSettingsRepository {
  constructor(private readonly db: Database) {}

  /** The store's row; undefined until the settings are first saved (the defaults apply). */
  async find(storeId: string): Promise<StoreDemperSettingsRow | undefined> {
    const [row] = await this.db.select().from(storeDemperSettings).where(eq(storeDemperSettings.storeId, storeId));
    return row;
  }

  /**
   * Creates the row (the column defaults under `changes`) or changes the given columns of an existing
   * one; `rails` are merged over the stored rails in SQL, so two PATCHes of different rails both survive. With
   * `makeDue`, in the same transaction the store's enabled products that would otherwise wait longer
   * than their interval (priority or normal) become due now.
   */
  async save(storeId: string, changes: DemperSettingsChanges, makeDue: boolean): Promise<StoreDemperSettingsRow> {
    return this.db.transaction(async (tx) => {
      const { rails, ...columns } = changes;
      const [row] = await tx
        .insert(storeDemperSettings)
        .values({ ...changes, storeId })
        .onConflictDoUpdate({
          target: storeDemperSettings.storeId,
          set: {
            ...columns,
            ...(rails !== undefined && { rails: sql`${storeDemperSettings.rails} || ${JSON.stringify(rails)}::jsonb` }),
            updatedAt: sql`now()`,
          },
        })
        .returning();
      if (makeDue) {
        const seconds = sql`(case when ${products.priority} then ${row!.priorityIntervalSeconds}::int else ${row!.checkIntervalSeconds}::int end)`;
        await tx
          .update(products)
          .set({ nextCheckAt: sql`now()` })
          .where(
            and(
              eq(products.storeId, storeId),
              eq(products.botActive, true),
              or(isNull(products.nextCheckAt), sql`${products.nextCheckAt} > now() + ${seconds} * interval '1 second'`),
            ),
          );
      }
      return row!;
    });
  }

  /** Product counts for the status endpoint, in one scan of the store's products. */
  async counts(storeId: string): Promise<DemperCounts> {
    const enabled = sql`${products.botActive} and ${products.kaspiStatus} = 'active'`;
    const repriceable = sql`${enabled} and ${products.externalKaspiId} is not null and ${products.strategy} <> 'manual'`;
    const [row] = await this.db
      .select({
        productsEnabled: sql<number>`(count(*) filter (where ${enabled}))::int`,
        productsRepriceable: sql<number>`(count(*) filter (where ${repriceable}))::int`,
        productsDue: sql<number>`(count(*) filter (where ${repriceable} and (${products.nextCheckAt} is null or ${products.nextCheckAt} <= now())))::int`,
        longestOverdue: sql<number>`coalesce(max(extract(epoch from now() - ${products.nextCheckAt})) filter (where ${repriceable} and ${products.nextCheckAt} <= now()), 0)::int`,
        lastCheckAt: sql<Date | string | null>`max(${products.lastCheckTime})`,
      })
      .from(products)
      .where(eq(products.storeId, storeId));
    const last = row?.lastCheckAt ?? null;
    return {
      productsEnabled: row?.productsEnabled ?? 0,
      productsRepriceable: row?.productsRepriceable ?? 0,
      productsDue: row?.productsDue ?? 0,
      longestOverdueSeconds: row?.longestOverdue ?? 0,
      // A raw aggregate is not mapped by Drizzle: the driver gives a Date (pg) or a string (PGlite).
      lastCheckAt: last === null ? null : new Date(last),
    };
  }

  /** Checks, price changes and errors of the store over the last hour (per-minute rows). */
  async lastHourStats(storeId: string): Promise<DemperHourStats> {
    const [row] = await this.db
      .select({
        checks: sql<number>`coalesce(sum(${demperStats.checks}), 0)::int`,
        changes: sql<number>`coalesce(sum(${demperStats.changes}), 0)::int`,
        errors: sql<number>`coalesce(sum(${demperStats.errors}), 0)::int`,
      })
      .from(demperStats)
      .where(and(eq(demperStats.storeId, storeId), gte(demperStats.minute, sql`now() - interval '1 hour'`)));
    return { checks: row?.checks ?? 0, changes: row?.changes ?? 0, errors: row?.errors ?? 0 };
  }
}
