import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import { type UserRow, users } from '../../infra/db/schema.ts';

export class UsersRepository {
  constructor(private readonly db: Database) {}

  async findById(id: string): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id));
    return row;
  }

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.email, email));
    return row;
  }

  /** Undefined when the email is taken (the unique index decides, so two racing sign-ups cannot both win). */
  async insert(values: { email: string; passwordHash: string; isAdmin?: boolean }): Promise<UserRow | undefined> {
    const [row] = await this.db.insert(users).values(values).onConflictDoNothing().returning();
    return row;
  }

  /**
   * `revokeTokens` bumps the token version in the same statement, so no token outlives the change.
   * `db` may be the caller's transaction (an admin's change and its audit entry).
   */
  async update(
    id: string,
    values: Partial<Pick<UserRow, 'passwordHash' | 'isAdmin' | 'disabledAt' | 'language'>>,
    options: { revokeTokens?: boolean } = {},
    db: Database = this.db,
  ): Promise<UserRow | undefined> {
    const [row] = await db
      .update(users)
      .set({ ...values, ...(options.revokeTokens && { tokenVersion: sql`${users.tokenVersion} + 1` }), updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    return row;
  }

  /** A successful sign-in; not the user's own change, so updated_at stays. */
  async recordLogin(id: string): Promise<void> {
    await this.db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, id));
  }
}
