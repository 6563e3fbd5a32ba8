import { DomainError, forbidden, invalid, notFound, rateLimited } from '../../errors/domain-error.ts';
import type { PasswordHasher } from '../../infra/crypto/passwords.ts';
import type { Database } from '../../infra/db/database.ts';
import type { UserRow } from '../../infra/db/schema.ts';
import type { Actor } from './actor.ts';
import type { LoginBackoff } from './login-backoff.ts';
import type { TokenService } from './tokens.ts';
import type { UsersRepository } from './users.repository.ts';

export interface PublicUser {
  id: string;
  email: string;
  is_admin: boolean;
  created_at: string;
}

const toPublic = (u: UserRow): PublicUser => ({
  id: u.id,
  email: u.email,
  is_admin: u.isAdmin,
  created_at: u.createdAt.toISOString(),
});

const normalizeEmail = (email: string) => email.trim().toLowerCase();

export class UsersService {
  constructor(
    private readonly repo: UsersRepository,
    private readonly tokens: TokenService,
    private readonly passwords: PasswordHasher,
    private readonly backoff: LoginBackoff,
  ) {}

  /**
   * Creates the account unless the email already has one, and says nothing about which happened: the
   * API answers both alike (no token; the client signs in with login), so register cannot be used to
   * find out who has an account. Both paths hash the password, so timing does not tell either.
   * With mail configured, the owner of a taken address would get a note here; there is no mail yet.
   */
  async register(email: string, password: string): Promise<void> {
    await this.repo.insert({ email: normalizeEmail(email), passwordHash: await this.passwords.hash(password) });
  }

  async login(email: string, password: string) {
    const normalized = normalizeEmail(email);
    // Per account, whatever the IP: repeated failures lock the e-mail out for a growing while.
    const lockedMs = await this.backoff.lockedForMs(normalized);
    if (lockedMs > 0) throw rateLimited(`Too many failed logins for this e-mail; try again in ${Math.ceil(lockedMs / 1000)} s.`, lockedMs);
    const user = await this.repo.findByEmail(normalized);
    // Hash even for unknown emails, so timing does not tell which emails have accounts.
    const ok = await this.passwords.verify(password, user?.passwordHash ?? (await this.passwords.dummyHash()));
    if (!user || !ok) {
      await this.backoff.failed(normalized);
      throw new DomainError('invalid_credentials', 'Email or password is incorrect.');
    }
    // Only after the right password: a disabled account's existence is not told to whoever types its e-mail.
    if (user.disabledAt) throw new DomainError('account_disabled', 'This account has been disabled by an administrator; contact support to have it enabled.');
    await this.backoff.succeeded(normalized);
    await this.repo.recordLogin(user.id);
    return { token: this.tokens.issue(user.id, user.tokenVersion) };
  }

  /**
   * The actor behind a bearer token, or undefined when the token is bad, its user is gone or its
   * version is no longer the user's (signed out, password changed, revoked by an admin).
   */
  async actorForToken(token: string): Promise<Actor | undefined> {
    const subject = this.tokens.subjectOf(token);
    if (!subject) return undefined;
    const user = await this.repo.findById(subject.userId);
    if (!user || user.disabledAt || user.tokenVersion !== subject.version) return undefined;
    return { userId: user.id, isAdmin: user.isAdmin, ...(user.isAdmin && { reachedOwners: new Set<string>() }) };
  }

  /** The account row, for the admin module (which also reads users for its lists); no access check. */
  async findById(id: string): Promise<UserRow | undefined> {
    return this.repo.findById(id);
  }

  /**
   * An admin's change of an account (the admin module checks who asks and what is allowed). Disabling
   * revokes every token in the same statement; enabling does not bring old tokens back. `db` may be
   * the caller's transaction. Undefined when the user does not exist.
   */
  async setAccountState(userId: string, change: { disabled?: boolean; isAdmin?: boolean }, db?: Database): Promise<UserRow | undefined> {
    const current = await this.repo.findById(userId);
    if (!current) return undefined;
    const disabling = change.disabled === true && !current.disabledAt;
    const values = {
      ...(change.isAdmin !== undefined && { isAdmin: change.isAdmin }),
      ...(change.disabled !== undefined && { disabledAt: change.disabled ? (current.disabledAt ?? new Date()) : null }),
    };
    return this.repo.update(userId, values, { revokeTokens: disabling }, db);
  }

  /** An admin's password reset: stores the new password and revokes every token. `db` may be a transaction. */
  async setPassword(userId: string, password: string, db?: Database): Promise<UserRow | undefined> {
    return this.repo.update(userId, { passwordHash: await this.passwords.hash(password) }, { revokeTokens: true }, db);
  }

  /** Sign-out: every token of the user stops working (there is no per-token list to keep). */
  async signOut(actor: Actor): Promise<void> {
    await this.repo.update(actor.userId, {}, { revokeTokens: true });
  }

  /** Checks the current password, stores the new one and revokes every earlier token; returns a fresh one. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<{ token: string }> {
    const user = await this.repo.findById(actor.userId);
    if (!user) throw new DomainError('not_authenticated', 'Authentication credentials were not provided or are invalid.');
    if (!(await this.passwords.verify(currentPassword, user.passwordHash))) throw invalid({ current_password: 'is incorrect' });
    const updated = await this.repo.update(user.id, { passwordHash: await this.passwords.hash(newPassword) }, { revokeTokens: true });
    if (!updated) throw new DomainError('not_authenticated', 'Authentication credentials were not provided or are invalid.');
    return { token: this.tokens.issue(updated.id, updated.tokenVersion) };
  }

  /** Revokes every token of a user: admins for anyone, a user for themselves. Ready for an admin API. */
  async revokeTokens(actor: Actor, userId: string): Promise<PublicUser> {
    if (!actor.isAdmin && actor.userId !== userId) throw forbidden('Only an admin may revoke the tokens of another user.');
    const updated = await this.repo.update(userId, {}, { revokeTokens: true });
    if (!updated) throw notFound('User');
    return toPublic(updated);
  }

  /** CLI (an operator, no actor): revokes every token of the user with this email; undefined when there is none. */
  async revokeTokensByEmail(email: string): Promise<PublicUser | undefined> {
    const user = await this.repo.findByEmail(normalizeEmail(email));
    const updated = user && (await this.repo.update(user.id, {}, { revokeTokens: true }));
    return updated && toPublic(updated);
  }

  async me(actor: Actor): Promise<PublicUser> {
    const user = await this.repo.findById(actor.userId);
    if (!user) throw new DomainError('not_authenticated', 'Authentication credentials were not provided or are invalid.');
    return toPublic(user);
  }

  /** CLI: create an admin, or promote an existing user and reset their password. */
  async createAdmin(email: string, password: string): Promise<PublicUser & { created: boolean }> {
    const normalized = normalizeEmail(email);
    const passwordHash = await this.passwords.hash(password);
    const created = await this.repo.insert({ email: normalized, passwordHash, isAdmin: true });
    if (created) return { ...toPublic(created), created: true };
    const existing = await this.repo.findByEmail(normalized);
    // A password reset: tokens issued under the old password stop working.
    // Also the operator's way back in: an admin account disabled by another admin is enabled again.
    const updated = existing && (await this.repo.update(existing.id, { passwordHash, isAdmin: true, disabledAt: null }, { revokeTokens: true }));
    if (!updated) throw new Error(`Could not create or update ${normalized}`);
    return { ...toPublic(updated), created: false };
  }
}
