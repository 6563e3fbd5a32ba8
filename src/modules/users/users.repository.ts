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

  /** `revokeTokens` bumps the token version in the same statement, so no token outlives the change. */
  async update(id: string, values: Partial<Pick<UserRow, 'passwordHash' | 'isAdmin' | 'language'>>, options: { revokeTokens?: boolean } = {}): Promise<UserRow | undefined> {
    const [row] = await this.db
      .update(users)
      .set({ ...values, ...(options.revokeTokens && { tokenVersion: sql`${users.tokenVersion} + 1` }), updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    return row;
  }
}
