import { conflict, DomainError, rateLimited } from '../../errors/domain-error.ts';
import type { PasswordHasher } from '../../infra/crypto/passwords.ts';
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

  async register(email: string, password: string) {
    const user = await this.repo.insert({ email: normalizeEmail(email), passwordHash: await this.passwords.hash(password) });
    if (!user) throw conflict('A user with this email already exists.', 'email_taken');
    return { id: user.id, email: user.email, token: this.tokens.issue(user.id) };
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
    await this.backoff.succeeded(normalized);
    return { token: this.tokens.issue(user.id) };
  }

  /** The actor behind a bearer token, or undefined when the token is bad or its user is gone. */
  async actorForToken(token: string): Promise<Actor | undefined> {
    const userId = this.tokens.userIdOf(token);
    if (!userId) return undefined;
    const user = await this.repo.findById(userId);
    return user && { userId: user.id, isAdmin: user.isAdmin };
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
    const updated = existing && (await this.repo.update(existing.id, { passwordHash, isAdmin: true }));
    if (!updated) throw new Error(`Could not create or update ${normalized}`);
    return { ...toPublic(updated), created: false };
  }
}
