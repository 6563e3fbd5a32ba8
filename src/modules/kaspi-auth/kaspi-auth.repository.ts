import { eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { kaspiPendingLogins, type PendingLoginRow } from '../../infra/db/schema.ts';

/** All SQL of shop linking: the logins waiting for their SMS code. */
export class KaspiAuthRepository {
  constructor(private readonly db: Database) {}

  async insertPending(values: { userId: string; method: 'email' | 'phone'; stateEncrypted: string; expiresAt: Date }): Promise<PendingLoginRow> {
    // Abandoned logins are cleaned up as new ones start; nothing else reads them.
    await this.db.delete(kaspiPendingLogins).where(lt(kaspiPendingLogins.expiresAt, sql`now() - interval '1 hour'`));
    const [row] = await this.db.insert(kaspiPendingLogins).values(values).returning();
    return row!;
  }

  async findPending(id: string): Promise<PendingLoginRow | undefined> {
    const [row] = await this.db.select().from(kaspiPendingLogins).where(eq(kaspiPendingLogins.id, id));
    return row;
  }

  async countPendingAttempt(id: string): Promise<number> {
    const [row] = await this.db
      .update(kaspiPendingLogins)
      .set({ attempts: sql`${kaspiPendingLogins.attempts} + 1`, updatedAt: new Date() })
      .where(eq(kaspiPendingLogins.id, id))
      .returning({ attempts: kaspiPendingLogins.attempts });
    return row?.attempts ?? 0;
  }

  async deletePending(id: string): Promise<void> {
    await this.db.delete(kaspiPendingLogins).where(eq(kaspiPendingLogins.id, id));
  }
}
