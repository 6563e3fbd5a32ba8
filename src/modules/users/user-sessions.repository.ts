import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { type UserRow, type UserSessionRow, userSessions, users } from '../../infra/db/schema.ts';

/** A session with what authenticating its requests needs of its user. */
export interface SessionWithUser {
  session: UserSessionRow;
  user: UserRow;
}

/** All SQL of browser sessions (table user_sessions). */
export class UserSessionsRepository {
  constructor(private readonly db: Database) {}

  async insert(values: { userId: string; tokenVersion: number; userAgent: string | null; expiresAt: Date }): Promise<UserSessionRow> {
    const [row] = await this.db.insert(userSessions).values(values).returning();
    return row!;
  }

  /** The session and its user in one indexed lookup (both by primary key), whatever their state. */
  async findWithUser(id: string): Promise<SessionWithUser | undefined> {
    const [row] = await this.db.select({ session: userSessions, user: users }).from(userSessions).innerJoin(users, eq(users.id, userSessions.userId)).where(eq(userSessions.id, id));
    return row;
  }

  /** Stamps the session as seen unless it was stamped within `withinMs`: a write a minute at most, not one per request. */
  async touch(id: string, withinMs: number): Promise<void> {
    await this.db
      .update(userSessions)
      .set({ lastSeenAt: new Date() })
      .where(and(eq(userSessions.id, id), lt(userSessions.lastSeenAt, sql`now() - ${Math.round(withinMs)}::int * interval '1 millisecond'`)));
  }

  async revoke(id: string): Promise<void> {
    await this.db
      .update(userSessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(userSessions.id, id), isNull(userSessions.revokedAt)));
  }

  /** Drops the user's sessions that can no longer be used (ended, expired or from an older token version). */
  async pruneDead(userId: string, tokenVersion: number): Promise<void> {
    await this.db
      .delete(userSessions)
      .where(and(eq(userSessions.userId, userId), sql`(${userSessions.revokedAt} is not null or ${userSessions.expiresAt} < now() or ${userSessions.tokenVersion} <> ${tokenVersion})`));
  }
}
