import { and, eq, gte, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { demperStats, type StoreDemperSettingsRow, storeDemperSettings } from '../../infra/db/schema.ts';

export type NewDemperSettings = typeof storeDemperSettings.$inferInsert;
export type DemperSettingsChanges = Partial<Omit<NewDemperSettings, 'storeId' | 'createdAt' | 'updatedAt'>>;

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
   * one; `rails` are merged over the stored rails in SQL, so two PATCHes of different rails both survive.
   * `afterSave` runs in the same transaction (the products that must become due now).
   */
  async save(storeId: string, changes: DemperSettingsChanges, afterSave?: (row: StoreDemperSettingsRow, tx: Database) => Promise<void>): Promise<StoreDemperSettingsRow> {
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
      if (afterSave) await afterSave(row!, tx);
      return row!;
    });
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
