import { DomainError, forbidden, invalid, notFound, rateLimited } from '../../errors/domain-error.ts';
import type { PasswordHasher } from '../../infra/crypto/passwords.ts';
import type { Database } from '../../infra/db/database.ts';
import type { UserLanguage, UserRow } from '../../infra/db/schema.ts';
import type { Actor } from './actor.ts';
import type { LoginBackoff } from './login-backoff.ts';
import type { SessionTokens } from './session-tokens.ts';
import type { TokenService } from './tokens.ts';
import type { UserSessionsRepository } from './user-sessions.repository.ts';
import type { UsersRepository } from './users.repository.ts';

export interface PublicUser {
  id: string;
  email: string;
  is_admin: boolean;
  language: UserLanguage;
  created_at: string;
}

const toPublic = (u: UserRow): PublicUser => ({
  id: u.id,
  email: u.email,
  is_admin: u.isAdmin,
  language: u.language,
  created_at: u.createdAt.toISOString(),
});

/** What a browser gets at sign-in: the cookie's value (the route sets it) and the CSRF token its page sends back. */
export interface StartedSession {
  user: PublicUser;
  csrf_token: string;
  cookie: string;
  maxAgeSeconds: number;
}

/** A request authenticated by a browser session. */
export interface SessionActor {
  actor: Actor;
  sessionId: string;
}

export interface BrowserSessionOptions {
  /** The session's lifetime (TOKEN_TTL, as bearer tokens). */
  ttlMs: number;
}

/** last_seen_at is written at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

const normalizeEmail = (email: string) => email.trim().toLowerCase();

export class UsersService {
  constructor(
    private readonly repo: UsersRepository,
    private readonly tokens: TokenService,
    private readonly passwords: PasswordHasher,
    private readonly backoff: LoginBackoff,
    private readonly sessions: UserSessionsRepository,
    private readonly sessionTokens: SessionTokens,
    private readonly sessionOptions: BrowserSessionOptions,
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
    const user = await this.checkCredentials(email, password);
    return { token: this.tokens.issue(user.id, user.tokenVersion) };
  }

  /** The user behind an e-mail and password; login's lockout, timing and error rules. */
  private async checkCredentials(email: string, password: string): Promise<UserRow> {
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
    return user;
  }

  /**
   * Signs a browser in: a session row of its own (so it can be ended alone), named by the cookie.
   * The user's sessions that can no longer be used are dropped on the way, so the table stays small.
   */
  async startSession(email: string, password: string, userAgent: string | undefined): Promise<StartedSession> {
    const user = await this.checkCredentials(email, password);
    const session = await this.sessions.insert({
      userId: user.id,
      tokenVersion: user.tokenVersion,
      userAgent: userAgent?.slice(0, 500) ?? null,
      expiresAt: new Date(Date.now() + this.sessionOptions.ttlMs),
    });
    await this.sessions.pruneDead(user.id, user.tokenVersion);
    return {
      user: toPublic(user),
      csrf_token: this.sessionTokens.csrfToken(session.id),
      cookie: this.sessionTokens.cookieValue(session.id),
      maxAgeSeconds: Math.floor(this.sessionOptions.ttlMs / 1000),
    };
  }

  /**
   * The actor behind a session cookie, or undefined when the cookie is forged, or its session ended,
   * expired, or predates a sign-out or password change. One lookup by primary key.
   */
  async actorForSession(cookie: string): Promise<SessionActor | undefined> {
    const sessionId = this.sessionTokens.sessionIdOf(cookie);
    const found = sessionId && (await this.sessions.findWithUser(sessionId));
    if (!found) return undefined;
    const { session, user } = found;
    if (session.revokedAt || user.disabledAt || session.expiresAt.getTime() <= Date.now() || session.tokenVersion !== user.tokenVersion) return undefined;
    if (Date.now() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.sessions.touch(session.id, TOUCH_EVERY_MS);
    return { actor: { userId: user.id, isAdmin: user.isAdmin, ...(user.isAdmin && { reachedOwners: new Set<string>() }) }, sessionId: session.id };
  }

  /** Whether an unsafe request of the session carries its CSRF token. */
  csrfMatches(sessionId: string, given: string | undefined): boolean {
    return this.sessionTokens.csrfMatches(sessionId, given);
  }

  /** What a reloaded page needs: who is signed in and the CSRF token of its session. */
  async session(actor: Actor, sessionId: string): Promise<{ user: PublicUser; csrf_token: string }> {
    return { user: await this.me(actor), csrf_token: this.sessionTokens.csrfToken(sessionId) };
  }

  /** Ends one browser session: its cookie stops working everywhere, other sessions and bearer tokens go on. */
  async endSession(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId);
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

  async updateMe(actor: Actor, changes: { language?: UserLanguage }): Promise<PublicUser> {
    const updated = await this.repo.update(actor.userId, { ...(changes.language && { language: changes.language }) });
    if (!updated) throw new DomainError('not_authenticated', 'Authentication credentials were not provided or are invalid.');
    return toPublic(updated);
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
