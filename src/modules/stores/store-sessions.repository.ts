import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { kaspiStores, type StorePoint, type StoreRow } from '../../infra/db/schema.ts';

/** One merchant of a linked account, as the cabinet described it. */
export interface LinkedMerchant {
  merchantId: string;
  name: string;
  points: StorePoint[];
}

/** What a successful login leaves on every store of the account (sealed by the caller). */
export interface SessionFields {
  sessionEncrypted: string;
  credentialsEncrypted: string;
  kaspiLogin: string;
}

export class MerchantOwnedElsewhereError extends Error {
  constructor(readonly merchantIds: string[]) {
    super(`merchants linked by another user: ${merchantIds.join(', ')}`);
  }
}

/** The session columns of stores: linking a Kaspi account, renewals, and sessions that need the user. */
export class StoreSessionsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Creates or updates the caller's store for each merchant and marks it verified, in one transaction:
   * either every merchant of the account is linked or none is. A merchant held by another user's
   * verified store refuses the whole link (MerchantOwnedElsewhereError). One held by another user's
   * unverified store (added by hand, never proved) is taken over: that store is deleted with what
   * hangs on it (products, preorders, jobs: the claimant's own entries, made without a session) and
   * the caller gets a fresh one. Deleting rather than handing the row over keeps the rule that a
   * store never changes owner (its products carry the owner's id) and gives the real owner nothing
   * of the claimant's.
   */
  async linkStores(userId: string, merchants: LinkedMerchant[], session: SessionFields): Promise<{ row: StoreRow; replaced: boolean }[]> {
    return this.db.transaction(async (tx) => {
      const ids = merchants.map((m) => m.merchantId);
      const existing = await tx.select().from(kaspiStores).where(inArray(kaspiStores.merchantId, ids)).for('update');
      const foreign = existing.filter((s) => s.userId !== userId);
      const held = foreign.filter((s) => s.kaspiVerifiedAt !== null).map((s) => s.merchantId);
      if (held.length) throw new MerchantOwnedElsewhereError(held);
      if (foreign.length) {
        await tx.delete(kaspiStores).where(
          inArray(
            kaspiStores.id,
            foreign.map((s) => s.id),
          ),
        );
      }
      const now = new Date();
      const linked: { row: StoreRow; replaced: boolean }[] = [];
      for (const m of merchants) {
        const fields = {
          name: m.name,
          points: m.points,
          ...session,
          sessionVersion: sql`${kaspiStores.sessionVersion} + 1`,
          needsReauth: false,
          reauthReason: null,
          lastLogin: now,
          sessionCheckedAt: now,
          kaspiVerifiedAt: now,
          updatedAt: now,
        };
        const mine = existing.find((s) => s.merchantId === m.merchantId && s.userId === userId);
        if (mine) {
          const [row] = await tx.update(kaspiStores).set(fields).where(eq(kaspiStores.id, mine.id)).returning();
          linked.push({ row: row!, replaced: true });
          continue;
        }
        const [row] = await tx
          .insert(kaspiStores)
          .values({ ...fields, userId, merchantId: m.merchantId, sessionVersion: 1 })
          .onConflictDoNothing()
          .returning();
        // Someone linked it between our look and our insert.
        if (!row) throw new MerchantOwnedElsewhereError([m.merchantId]);
        linked.push({ row, replaced: false });
      }
      return linked;
    });
  }

  async findStore(id: string): Promise<StoreRow | undefined> {
    const [row] = await this.db.select().from(kaspiStores).where(eq(kaspiStores.id, id));
    return row;
  }

  /** A renewed session; the version bump tells other processes that saw the old one to just reload. */
  async saveRenewedSession(id: string, sessionEncrypted: string): Promise<StoreRow | undefined> {
    const now = new Date();
    const [row] = await this.db
      .update(kaspiStores)
      .set({ sessionEncrypted, sessionVersion: sql`${kaspiStores.sessionVersion} + 1`, needsReauth: false, reauthReason: null, lastLogin: now, sessionCheckedAt: now, updatedAt: now })
      .where(eq(kaspiStores.id, id))
      .returning();
    return row;
  }

  /** Marks the store; `newly` when it did not need a login before (two statements, so concurrent marks see one transition). */
  async markNeedsReauth(id: string, reason: string): Promise<{ row: StoreRow | undefined; newly: boolean }> {
    const set = { needsReauth: true, reauthReason: reason, updatedAt: new Date() };
    const [turned] = await this.db
      .update(kaspiStores)
      .set(set)
      .where(and(eq(kaspiStores.id, id), eq(kaspiStores.needsReauth, false)))
      .returning();
    if (turned) return { row: turned, newly: true };
    const [row] = await this.db.update(kaspiStores).set(set).where(eq(kaspiStores.id, id)).returning();
    return { row, newly: false };
  }

  async markSessionChecked(id: string, version: number): Promise<void> {
    await this.db
      .update(kaspiStores)
      .set({ sessionCheckedAt: new Date() })
      .where(and(eq(kaspiStores.id, id), eq(kaspiStores.sessionVersion, version)));
  }

  /**
   * Claims up to `limit` stores whose session was last checked before `dueBefore` (or never) for the
   * session watch: stamps them checked now, so the other workers' watches skip them until the next
   * period. Stores without a session or waiting for their user are not watched.
   */
  async claimSessionChecks(dueBefore: Date, limit: number): Promise<StoreRow[]> {
    const due = this.db
      .select({ id: kaspiStores.id })
      .from(kaspiStores)
      .where(
        and(
          isNotNull(kaspiStores.sessionEncrypted),
          eq(kaspiStores.needsReauth, false),
          or(isNull(kaspiStores.sessionCheckedAt), lt(kaspiStores.sessionCheckedAt, dueBefore)),
          // A disabled user's shops are not watched (nor synced, nor repriced).
          sql`not exists (select 1 from users u where u.id = ${kaspiStores.userId} and u.disabled_at is not null)`,
        ),
      )
      .orderBy(asc(kaspiStores.sessionCheckedAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    return this.db.update(kaspiStores).set({ sessionCheckedAt: new Date() }).where(inArray(kaspiStores.id, due)).returning();
  }
}
