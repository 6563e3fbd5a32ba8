import { eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../../../infra/db/database.ts';
import { demperStats, storeDemperSettings } from '../../../infra/db/schema.ts';

export interface StoreCounts {
  checks: number;
  changes: number;
  errors: number;
}

/** The repricer's writes of its own tables while it runs: store pauses and errors, per-minute counts. */
export class RepricerStatsRepository {
  constructor(private readonly db: Database) {}

  /** Kaspi banned the account's writes: the store's products wait, and the status says why. */
  async pauseStore(storeId: string, until: Date, error: string): Promise<void> {
    await this.db.update(storeDemperSettings).set({ pausedUntil: until, lastError: error, lastErrorAt: new Date(), updatedAt: new Date() }).where(eq(storeDemperSettings.storeId, storeId));
  }

  async recordStoreError(storeId: string, error: string): Promise<void> {
    await this.db.update(storeDemperSettings).set({ lastError: error, lastErrorAt: new Date() }).where(eq(storeDemperSettings.storeId, storeId));
  }

  /** Adds this worker's counts to the store's row for the minute; every worker adds to the same row. */
  async addStats(minute: Date, counts: Map<string, StoreCounts>): Promise<void> {
    const values = [...counts].map(([storeId, c]) => ({ storeId, minute, ...c }));
    if (!values.length) return;
    await this.db
      .insert(demperStats)
      .values(values)
      .onConflictDoUpdate({
        target: [demperStats.storeId, demperStats.minute],
        set: {
          checks: sql`${demperStats.checks} + excluded.checks`,
          changes: sql`${demperStats.changes} + excluded.changes`,
          errors: sql`${demperStats.errors} + excluded.errors`,
        },
      });
  }

  /** Deletes the per-minute counts older than `before` (the status reads the last hour only). */
  async deleteStatsBefore(before: Date): Promise<number> {
    return (await this.db.delete(demperStats).where(lt(demperStats.minute, before)).returning({ storeId: demperStats.storeId })).length;
  }
}
