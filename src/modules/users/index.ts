import { MemoryCache } from '../../infra/cache/memory-cache.ts';
import { PasswordHasher } from '../../infra/crypto/passwords.ts';
import type { AppModule, Infra } from '../module.ts';
import { LoginBackoff } from './login-backoff.ts';
import { SessionTokens } from './session-tokens.ts';
import { TokenService, ttlToMs } from './tokens.ts';
import { UserSessionsRepository } from './user-sessions.repository.ts';
import { UsersRepository } from './users.repository.ts';
import { authOpenRoutes, authRoutes } from './users.routes.ts';
import { UsersService } from './users.service.ts';

export { type Actor, canAccess, listScope } from './actor.ts';
export type { UsersService } from './users.service.ts';

/** Accounts, tokens and browser sessions (tables users, user_sessions): register and login outside the authenticated context. */
export function createUsersModule(infra: Infra): AppModule<{ users: UsersService }> {
  const { config, db, secrets, cache, log } = infra;
  const users = new UsersService(
    new UsersRepository(db),
    new TokenService(secrets.deriveSubkey('auth-tokens'), config.tokenTtl),
    new PasswordHasher(config.passwordHashLogN),
    // Memory stands in for the shared cache while Redis does not answer (see LoginBackoff).
    new LoginBackoff(cache, new MemoryCache({ maxEntries: 10_000 }), config.loginBackoff, log),
    new UserSessionsRepository(db),
    new SessionTokens(secrets.deriveSubkey('session-cookies'), secrets.deriveSubkey('csrf-tokens')),
    { ttlMs: ttlToMs(config.tokenTtl) },
  );
  return { name: 'users', services: { users }, routes: authRoutes, openRoutes: authOpenRoutes };
}
