import type { SecretBox } from '../infra/crypto/secret-box.ts';
import type { ProxyDispatchers } from '../infra/http/proxy-dispatchers.ts';
import type { LockManager } from '../infra/locks/lock-manager.ts';
import type { Logger } from '../infra/logger.ts';
import type { KaspiAuthenticator } from './auth/kaspi-authenticator.ts';
import { KaspiError, KaspiSessionExpiredError } from './kaspi-errors.ts';
import type { CabinetSession, McClient } from './mc-client.ts';
import type { SessionCookie } from './session-cookies.ts';

/** What renews a session without the user. A phone login has no password: it cannot. */
export interface KaspiCredentials {
  email?: string;
  password?: string;
  phone?: string;
}

/** What the session manager knows of a linked store (a row of the stores table fits). */
export interface SessionStore {
  id: string;
  merchantId: string;
  /** Sealed (SecretBox) cookies of the cabinet session. */
  sessionEncrypted: string | null;
  /** Bumped on every new session, so a renewal sees that another process renewed first. */
  sessionVersion: number;
  /** Sealed KaspiCredentials, for renewing without the user. */
  credentialsEncrypted: string | null;
  /** Sealed URL of the store's own proxy. */
  proxyUrlEncrypted: string | null;
  needsReauth: boolean;
  reauthReason: string | null;
}

/** The store columns the session manager reads and writes (the stores module implements it). */
export interface SessionRepository {
  findStore(id: string): Promise<SessionStore | undefined>;
  saveRenewedSession(id: string, sessionEncrypted: string): Promise<SessionStore | undefined>;
  markNeedsReauth(id: string, reason: string): Promise<void>;
  markSessionChecked(id: string, version: number): Promise<void>;
}

export interface SessionManagerOptions {
  loginTimeoutMs: number;
  /** Pool proxies carry browser logins too (a store's own proxy always does). */
  loginViaProxy: boolean;
}

export const REAUTH_SMS = 'Kaspi asked for an SMS code to renew the session; log in again.';
export const REAUTH_PHONE = 'The shop was linked by phone; renewing its session needs a new SMS code.';
export const REAUTH_NO_SESSION = 'The shop has no Kaspi session; link it with your Kaspi login.';

/**
 * Cabinet sessions of linked stores. `withCabinet` runs a cabinet call with the store's session and,
 * when Kaspi says the session is dead, renews it once with the stored credentials under a per-merchant
 * lock that all processes share: of many workers hitting the 401 together, one logs in and the others
 * pick up its session. A renewal that needs the user marks the store `needs_reauth`, which pauses every
 * cabinet call for it until the user links it again.
 */
export class KaspiSessionManager {
  constructor(
    private readonly repo: SessionRepository,
    private readonly secrets: SecretBox,
    private readonly mc: McClient,
    private readonly authenticator: KaspiAuthenticator,
    private readonly locks: LockManager,
    private readonly dispatchers: ProxyDispatchers,
    private readonly options: SessionManagerOptions,
    private readonly log: Logger,
  ) {}

  /** Background renewals this process runs, by store id. */
  private readonly renewals = new Map<string, Promise<void>>();

  async withCabinet<T>(storeId: string, call: (session: CabinetSession) => Promise<T>): Promise<T> {
    const store = await this.usableStore(storeId);
    try {
      return await call(this.sessionOf(store));
    } catch (err) {
      if (!(err instanceof KaspiSessionExpiredError)) throw err;
      this.log.info({ storeId, merchantId: store.merchantId }, 'kaspi session expired; renewing');
    }
    const renewed = await this.renew(store);
    try {
      return await call(this.sessionOf(renewed));
    } catch (err) {
      if (err instanceof KaspiSessionExpiredError) throw new KaspiError('kaspi_unavailable', 'Kaspi rejected a session it had just issued; try again later.');
      throw err;
    }
  }

  /** A live look at the session (`GET /s/m`), without renewing it. */
  async probe(store: SessionStore): Promise<boolean> {
    if (!store.sessionEncrypted) return false;
    try {
      await this.mc.merchants(this.sessionOf(store));
      await this.repo.markSessionChecked(store.id, store.sessionVersion);
      return true;
    } catch (err) {
      if (err instanceof KaspiSessionExpiredError) return false;
      throw err;
    }
  }

  /**
   * Starts renewing a session found dead (by the session watch or the session endpoint) without
   * waiting for the login. It is a tracked promise under the same per-merchant lock as every renewal:
   * a second call in this process joins the first, and one in another process waits for the lock and
   * then sees the new session version (or the store marked needs_reauth) and logs in no more.
   * Returns whether a renewal is under way; false when the store already waits for its user.
   */
  renewInBackground(store: SessionStore): boolean {
    if (store.needsReauth || !store.sessionEncrypted) return false;
    if (this.renewals.has(store.id)) return true;
    const run = this.renew(store)
      .then(
        () => undefined,
        (err: unknown) => {
          // needs_reauth is already stored and logged; anything else is retried by the next sign of a dead session.
          if (!(err instanceof KaspiError && err.code === 'kaspi_reauth_required')) this.log.warn({ err, storeId: store.id }, 'background session renewal failed');
        },
      )
      .finally(() => this.renewals.delete(store.id));
    this.renewals.set(store.id, run);
    return true;
  }

  /** Waits for this process's background renewals (shutdown). */
  async settled(): Promise<void> {
    await Promise.all(this.renewals.values());
  }

  /** The proxy a store's Kaspi calls go through: its own, else one of the pool (stable per merchant). */
  proxyOf(store: SessionStore): string | undefined {
    const own = store.proxyUrlEncrypted ? this.secrets.open(store.proxyUrlEncrypted) : undefined;
    return this.dispatchers.proxyFor(own, store.merchantId);
  }

  /** The proxy for a browser login of this store (undefined: direct). */
  loginProxyOf(store: SessionStore | undefined): string | undefined {
    const own = store?.proxyUrlEncrypted ? this.secrets.open(store.proxyUrlEncrypted) : undefined;
    if (own) return own;
    return this.options.loginViaProxy ? this.dispatchers.proxyFor(undefined, store?.merchantId ?? String(Math.random())) : undefined;
  }

  private async usableStore(storeId: string): Promise<SessionStore> {
    const store = await this.repo.findStore(storeId);
    if (!store) throw new KaspiError('kaspi_reauth_required', 'The store no longer exists.');
    if (store.needsReauth) throw new KaspiError('kaspi_reauth_required', store.reauthReason ?? REAUTH_SMS);
    if (!store.sessionEncrypted) throw new KaspiError('kaspi_reauth_required', REAUTH_NO_SESSION);
    return store;
  }

  private sessionOf(store: SessionStore): CabinetSession {
    const cookies = JSON.parse(this.secrets.open(store.sessionEncrypted!)) as SessionCookie[];
    return { cookies, proxyUrl: this.proxyOf(store) };
  }

  private renew(seen: SessionStore): Promise<SessionStore> {
    // Long enough for a login that runs to its timeouts (page load and two steps, queued for a browser).
    const budget = this.options.loginTimeoutMs * 4 + 30_000;
    return this.locks.withLock(`kaspi-login:${seen.merchantId}`, () => this.renewLocked(seen), { ttlMs: budget, waitMs: budget });
  }

  private async renewLocked(seen: SessionStore): Promise<SessionStore> {
    const current = await this.usableStore(seen.id);
    // Someone renewed it while we waited for the lock: use theirs.
    if (current.sessionVersion !== seen.sessionVersion) return current;
    const credentials: KaspiCredentials = current.credentialsEncrypted ? JSON.parse(this.secrets.open(current.credentialsEncrypted)) : {};
    if (!credentials.email || !credentials.password) return this.needsReauth(current, credentials.phone ? REAUTH_PHONE : REAUTH_NO_SESSION);
    let result: Awaited<ReturnType<KaspiAuthenticator['loginWithPassword']>>;
    try {
      // A renewal goes before users' new logins waiting for a browser: every tenant's work depends on it.
      result = await this.authenticator.loginWithPassword(credentials.email, credentials.password, this.loginProxyOf(current), 'renewal');
    } catch (err) {
      if (err instanceof KaspiError && err.code === 'kaspi_bad_credentials') {
        return this.needsReauth(current, `Kaspi refused the saved login: ${err.detail}`);
      }
      throw err;
    }
    if (result.kind === 'code-required') return this.needsReauth(current, REAUTH_SMS);
    const row = await this.repo.saveRenewedSession(current.id, this.secrets.seal(JSON.stringify(result.cookies)));
    if (!row) throw new KaspiError('kaspi_reauth_required', 'The store no longer exists.');
    this.log.info({ storeId: row.id, merchantId: row.merchantId }, 'kaspi session renewed');
    return row;
  }

  private async needsReauth(store: SessionStore, reason: string): Promise<never> {
    await this.repo.markNeedsReauth(store.id, reason);
    this.log.warn({ storeId: store.id, merchantId: store.merchantId, reason }, 'kaspi session needs the user');
    throw new KaspiError('kaspi_reauth_required', reason);
  }
}
