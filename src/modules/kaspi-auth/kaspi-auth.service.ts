import type { Static } from 'typebox';
import { conflict, DomainError, notFound } from '../../errors/domain-error.ts';
import { BudgetExhaustedError, type RateBudget } from '../../infra/budget/rate-budget.ts';
import type { Cache } from '../../infra/cache/cache.ts';
import type { SecretBox } from '../../infra/crypto/secret-box.ts';
import type { StoreRow } from '../../infra/db/schema.ts';
import type { LockManager } from '../../infra/locks/lock-manager.ts';
import type { KaspiAuthenticator, PausedLogin } from '../../kaspi/auth/kaspi-authenticator.ts';
import { KaspiError } from '../../kaspi/kaspi-errors.ts';
import type { McClient } from '../../kaspi/mc-client.ts';
import type { MerchantDetails } from '../../kaspi/mc-parsers.ts';
import type { SessionCookie } from '../../kaspi/session-cookies.ts';
import type { KaspiCredentials, KaspiSessionManager } from '../../kaspi/session-manager.ts';
import { type LinkedMerchant, MerchantOwnedElsewhereError, merchantRefused, type StoreSessionsService, type StoresService } from '../stores/index.ts';
import type { Actor } from '../users/index.ts';
import type { KaspiAuthRepository } from './kaspi-auth.repository.ts';
import type { AuthenticateBody, LinkSuccess, SessionStatus, SmsRequired, SmsStartBody, SmsVerifyBody } from './kaspi-auth.schemas.ts';

type LinkAnswer = Static<typeof LinkSuccess>;
type SmsAnswer = Static<typeof SmsRequired>;

/** A pending login as sealed in the database. */
interface PendingState {
  credentials: KaspiCredentials;
  login: string;
  paused: PausedLogin;
}

/** Wrong codes allowed per pending login before it is dropped. */
const MAX_CODE_ATTEMPTS = 5;

/** How long a session check waits for a slot of the merchant's cabinet-read budget before answering from what is known. */
const SESSION_CHECK_WAIT_MS = 2_000;

/** A session check as cached: its outcome and when Kaspi was asked. */
interface SessionCheck {
  isValid: boolean;
  checkedAt: string | null;
  /** Kaspi answered this check (false: the last known state, the budget being busy). */
  live?: boolean;
}

/**
 * Linking Kaspi shops: the browser login (with SMS when Kaspi asks), then every merchant of the
 * account becomes a store of the caller, with its session and credentials sealed at rest.
 */
export class KaspiAuthService {
  constructor(
    private readonly repo: KaspiAuthRepository,
    private readonly secrets: SecretBox,
    private readonly authenticator: KaspiAuthenticator,
    private readonly mc: McClient,
    private readonly sessions: KaspiSessionManager,
    private readonly stores: StoresService,
    private readonly storeSessions: StoreSessionsService,
    private readonly locks: LockManager,
    private readonly cache: Cache,
    private readonly cabinetReads: RateBudget,
    private readonly options: { pendingTtlSeconds: number; loginTimeoutMs: number; statusCacheMs: number },
  ) {}

  async authenticate(actor: Actor, body: Static<typeof AuthenticateBody>): Promise<LinkAnswer | SmsAnswer> {
    const credentials = { email: body.email.trim(), password: body.password };
    const result = await this.authenticator.loginWithPassword(credentials.email, credentials.password, this.sessions.loginProxyOf(undefined));
    if (result.kind === 'success') return this.link(actor, result.cookies, credentials, credentials.email);
    return this.pause(actor, 'email', { credentials, login: credentials.email, paused: result.paused });
  }

  async smsStart(actor: Actor, body: Static<typeof SmsStartBody>): Promise<SmsAnswer> {
    const phone = body.phone.replace(/\D/g, '');
    const paused = await this.authenticator.startPhoneLogin(phone, this.sessions.loginProxyOf(undefined));
    return this.pause(actor, 'phone', { credentials: { phone }, login: phone, paused });
  }

  /** Finishes a pending login in whichever process gets the request, from the sealed browser state. */
  async smsVerify(actor: Actor, body: Static<typeof SmsVerifyBody>): Promise<LinkAnswer> {
    const budget = this.options.loginTimeoutMs * 3 + 10_000;
    // One code at a time per login: a double-submitted form must not race itself at Kaspi.
    return this.locks.withLock(`kaspi-pending:${body.session_id}`, () => this.verifyLocked(actor, body), { ttlMs: budget, waitMs: budget });
  }

  async sessionStatus(actor: Actor, storeId: string): Promise<Static<typeof SessionStatus>> {
    const store = await this.stores.getOwned(actor, storeId);
    const check = await this.checkSession(store);
    // A dead session is never just reported: its renewal starts now, in the background.
    const renewing = check.live === true && !check.isValid && this.sessions.renewInBackground(store);
    return {
      is_valid: check.isValid,
      checked_at: check.checkedAt,
      renewing,
      needs_reauth: store.needsReauth,
      reason: store.reauthReason,
      last_login: store.lastLogin?.toISOString() ?? null,
      kaspi_login: store.kaspiLogin,
    };
  }

  /**
   * Whether Kaspi still takes the store's session. Asking costs a cabinet call, so the answer is kept
   * for `statusCacheMs` (per session: a new login asks again) and the call waits its turn in the
   * merchant's cabinet-read budget; when that is busy or paused, the last known state answers.
   */
  private async checkSession(store: StoreRow): Promise<SessionCheck> {
    if (!store.sessionEncrypted) return { isValid: false, checkedAt: null };
    const key = `session-status:${store.id}:${store.sessionVersion}`;
    const cached = await this.cache.get<SessionCheck>(key);
    if (cached) return cached;
    try {
      await this.cabinetReads.take(store.merchantId, SESSION_CHECK_WAIT_MS);
    } catch (err) {
      if (!(err instanceof BudgetExhaustedError)) throw err;
      return { isValid: !store.needsReauth && store.sessionCheckedAt !== null, checkedAt: store.sessionCheckedAt?.toISOString() ?? null };
    }
    const check: SessionCheck = { isValid: await this.sessions.probe(store), checkedAt: new Date().toISOString(), live: true };
    if (this.options.statusCacheMs > 0) await this.cache.set(key, check, this.options.statusCacheMs);
    return check;
  }

  private async verifyLocked(actor: Actor, body: Static<typeof SmsVerifyBody>): Promise<LinkAnswer> {
    const pending = await this.repo.findPending(body.session_id);
    // Someone else's login is indistinguishable from a missing one.
    if (!pending || pending.userId !== actor.userId) throw notFound('Login session');
    if (pending.expiresAt.getTime() <= Date.now()) {
      await this.repo.deletePending(pending.id);
      throw new KaspiError('kaspi_login_expired', 'The login waited too long for its SMS code and expired; start it again.');
    }
    const state = JSON.parse(this.secrets.open(pending.stateEncrypted)) as PendingState;
    let cookies: SessionCookie[];
    try {
      cookies = await this.authenticator.finishWithCode(state.paused, body.code.trim(), this.sessions.loginProxyOf(undefined));
    } catch (err) {
      if (err instanceof KaspiError && err.code === 'kaspi_sms_invalid') {
        if ((await this.repo.countPendingAttempt(pending.id)) >= MAX_CODE_ATTEMPTS) await this.repo.deletePending(pending.id);
      } else if (err instanceof KaspiError && err.code === 'kaspi_login_expired') {
        await this.repo.deletePending(pending.id);
      }
      throw err;
    }
    await this.repo.deletePending(pending.id);
    return this.link(actor, cookies, state.credentials, state.login);
  }

  private async pause(actor: Actor, method: 'email' | 'phone', state: PendingState): Promise<SmsAnswer> {
    const expiresAt = new Date(Date.now() + this.options.pendingTtlSeconds * 1000);
    const row = await this.repo.insertPending({ userId: actor.userId, method, stateEncrypted: this.secrets.seal(JSON.stringify(state)), expiresAt });
    return { success: false, status: 'sms_required', session_id: row.id, expires_at: expiresAt.toISOString() };
  }

  /** Reads the account's merchants with the new session and links each of them to the caller. */
  private async link(actor: Actor, cookies: SessionCookie[], credentials: KaspiCredentials, login: string): Promise<LinkAnswer> {
    const session = { cookies };
    const refs = await this.mc.merchants(session);
    if (refs.length === 0) throw new DomainError('kaspi_no_merchants', 'This Kaspi account has no merchant (shop) to link.');
    const details = await Promise.all(refs.map((ref) => this.mc.merchant(session, ref.uid)));
    let linked: Awaited<ReturnType<StoreSessionsService['linkStores']>>;
    try {
      linked = await this.storeSessions.linkStores(actor.userId, details.map(toLinkedMerchant), {
        sessionEncrypted: this.secrets.seal(JSON.stringify(cookies)),
        credentialsEncrypted: this.secrets.seal(JSON.stringify(credentials)),
        kaspiLogin: login,
      });
    } catch (err) {
      if (err instanceof MerchantOwnedElsewhereError) {
        throw conflict(merchantRefused(err.merchantIds.join(', ')), 'merchant_already_linked');
      }
      throw err;
    }
    const first = linked[0]!;
    return {
      success: true,
      store_id: first.row.id,
      name: first.row.name,
      merchant_id: first.row.merchantId,
      is_replaced: first.replaced,
      stores: linked.map(({ row }) => ({ store_id: row.id, merchant_id: row.merchantId, name: row.name })),
    };
  }
}

function toLinkedMerchant(m: MerchantDetails): LinkedMerchant {
  return {
    merchantId: m.uid,
    name: m.name,
    points: m.points.map((p) => ({ name: p.name, city_id: p.cityId, city_name: p.cityName, enabled: p.enabled })),
  };
}
