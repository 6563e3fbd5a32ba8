import crypto from 'node:crypto';
import type { Static } from 'typebox';
import { conflict, type DomainError, invalid, notFound } from '../../errors/domain-error.ts';
import type { SecretBox } from '../../infra/crypto/secret-box.ts';
import type { Database } from '../../infra/db/database.ts';
import type { StoreRow } from '../../infra/db/schema.ts';
import { PROXY_ADDRESS_RULE, type ProxyAddressPolicy, ProxyAddressRefusedError } from '../../infra/http/proxy-guard.ts';
import { type Actor, canAccess, listScope } from '../users/index.ts';
import type { StoreOrdering, StoresRepository } from './stores.repository.ts';
import type { CreateStoreBody, Store, UpdateStoreBody } from './stores.schemas.ts';

export type StoreView = Static<typeof Store>;

/** Which stores a list shows: `userId` (someone else's only for an admin) defaults to the actor. */
export interface StoreListFilter {
  userId?: string | undefined;
  search?: string | undefined;
}

/** A feed token: 32 random bytes (256 bits), URL-safe. */
function newFeedToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function feedTokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Feed tokens are 43 characters of base64url; anything else is not one (and costs no query). */
const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** `feedUrl`: the store's XML price list URL (null where the caller does not show it). */
export function toStoreView(row: StoreRow, feedUrl: string | null = null): StoreView {
  return {
    id: row.id,
    user_id: row.userId,
    merchant_id: row.merchantId,
    name: row.name,
    has_api_key: row.apiKeyEncrypted !== null,
    products_count: row.productsCount,
    last_sync: row.lastSync?.toISOString() ?? null,
    is_active: row.isActive,
    last_login: row.lastLogin?.toISOString() ?? null,
    points: row.points,
    has_session: row.sessionEncrypted !== null,
    kaspi_login: row.kaspiLogin,
    needs_reauth: row.needsReauth,
    reauth_reason: row.reauthReason,
    has_proxy: row.proxyUrlEncrypted !== null,
    kaspi_verified: row.kaspiVerifiedAt !== null,
    feed_url: feedUrl,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/**
 * The schema's pattern admits a port past 65535 or a stray `%` in the password; what the HTTP client
 * cannot parse would break every Kaspi call of the store, so it is refused here.
 */
function checkProxyUrl(url: string | null | undefined): void {
  if (!url) return;
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  const usable = parsed !== undefined && /^https?:$/.test(parsed.protocol) && parsed.pathname === '/' && !parsed.search && !parsed.hash && [parsed.username, parsed.password].every(decodable);
  if (!usable) throw invalid({ proxy_url: 'Must be http(s)://[user:pass@]host:port.' });
}

function decodable(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

export class StoresService {
  constructor(
    private readonly repo: StoresRepository,
    private readonly secrets: SecretBox,
    /** Which addresses a store's proxy may have (checked again on every connection: DNS can change). */
    private readonly proxyPolicy: Pick<ProxyAddressPolicy, 'check'>,
    /** PUBLIC_URL + the feed route's path: a store's feed URL is this + its token. */
    private readonly feedUrlBase: string,
  ) {}

  private readonly deletedListeners: ((store: StoreRow) => Promise<void> | void)[] = [];

  /** The store as its owner sees it, with its feed URL (a first token is made when it has none). */
  async view(row: StoreRow): Promise<StoreView> {
    const withToken = await this.withFeedToken(row);
    return toStoreView(withToken, this.feedUrlOf(withToken));
  }

  /** The XML price list URL of a store that has a token. */
  private feedUrlOf(row: StoreRow): string | null {
    return row.feedTokenEncrypted ? `${this.feedUrlBase}${this.secrets.open(row.feedTokenEncrypted)}.xml` : null;
  }

  private async withFeedToken(row: StoreRow): Promise<StoreRow> {
    if (row.feedTokenHash) return row;
    const token = newFeedToken();
    const set = await this.repo.setFeedToken(row.id, { hash: feedTokenHash(token), sealed: this.secrets.seal(token) }, true);
    return set ?? (await this.repo.findById(row.id)) ?? row;
  }

  /** A new feed URL for the store; the old one stops working at once (its hash is gone). */
  async rotateFeedToken(actor: Actor, id: string): Promise<string> {
    await this.getOwned(actor, id);
    const token = newFeedToken();
    const row = await this.repo.setFeedToken(id, { hash: feedTokenHash(token), sealed: this.secrets.seal(token) }, false);
    if (!row) throw notFound('Store');
    return this.feedUrlOf(row)!;
  }

  /** The store whose feed this token opens, or undefined (a malformed or unknown token alike). */
  async findByFeedToken(token: string): Promise<StoreRow | undefined> {
    if (!FEED_TOKEN.test(token)) return undefined;
    const hash = feedTokenHash(token);
    const row = await this.repo.findByFeedTokenHash(hash);
    // The index found it by equality; compare again in constant time so no timing says how close a guess was.
    if (!row?.feedTokenHash || !crypto.timingSafeEqual(Buffer.from(row.feedTokenHash), Buffer.from(hash))) return undefined;
    return row;
  }

  /** A store by id, for work that is not a user's request (jobs, the repricer); no access check. */
  async findById(id: string): Promise<StoreRow | undefined> {
    return this.repo.findById(id);
  }

  /** The merchant ids of every store of a user: a seller's own shops never compete with each other. */
  async merchantIdsOfUser(userId: string): Promise<string[]> {
    return this.repo.merchantIdsOfUser(userId);
  }

  /** Linked, active stores not synced since `before`, oldest first. */
  async dueForSync(before: Date, limit: number): Promise<{ id: string; userId: string }[]> {
    return this.repo.dueForSync(before, limit);
  }

  /** A finished catalogue import; `tx` keeps it in the import's transaction. */
  async recordSync(storeId: string, productsCount: number, syncedAt: Date, tx?: Database): Promise<void> {
    await this.repo.recordSync(storeId, productsCount, syncedAt, tx);
  }

  /** The store's own proxy, opened, or undefined when it has none. */
  ownProxyOf(store: StoreRow): string | undefined {
    return store.proxyUrlEncrypted ? this.secrets.open(store.proxyUrlEncrypted) : undefined;
  }

  /** The store if the actor may see it; someone else's store is indistinguishable from a missing one. */
  async getOwned(actor: Actor, id: string): Promise<StoreRow> {
    const store = await this.repo.findById(id);
    if (!store || !canAccess(actor, store.userId)) throw notFound('Store');
    return store;
  }

  async list(actor: Actor, filter: StoreListFilter, order: { field: StoreOrdering; descending: boolean }, page: { limit: number; offset: number }) {
    const userId = listScope(actor, filter.userId);
    const { rows, count } = await this.repo.list({ userId, search: filter.search }, order, page);
    return { count, results: await Promise.all(rows.map((row) => this.view(row))) };
  }

  async get(actor: Actor, id: string): Promise<StoreView> {
    return this.view(await this.getOwned(actor, id));
  }

  async create(actor: Actor, body: Static<typeof CreateStoreBody>): Promise<StoreView> {
    checkProxyUrl(body.proxy_url);
    if (body.proxy_url) await this.checkProxy(body.proxy_url);
    const row = await this.repo.insert({
      userId: actor.userId,
      merchantId: body.merchant_id,
      name: body.name,
      isActive: body.is_active ?? true,
      apiKeyEncrypted: body.api_key ? this.secrets.seal(body.api_key) : null,
      proxyUrlEncrypted: body.proxy_url ? this.secrets.seal(body.proxy_url) : null,
    });
    if (!row) throw await this.merchantTaken(actor, body.merchant_id);
    return this.view(row);
  }

  async update(actor: Actor, id: string, body: Static<typeof UpdateStoreBody>): Promise<StoreView> {
    await this.getOwned(actor, id);
    checkProxyUrl(body.proxy_url);
    if (body.proxy_url) await this.checkProxy(body.proxy_url);
    const row = await this.repo.update(id, {
      name: body.name,
      isActive: body.is_active,
      apiKeyEncrypted: this.sealedOrCleared(body.api_key),
      proxyUrlEncrypted: this.sealedOrCleared(body.proxy_url),
    });
    if (!row) throw notFound('Store');
    return this.view(row);
  }

  /** Deletes the store with its products and preorders (foreign keys cascade, in one statement). */
  async delete(actor: Actor, id: string): Promise<void> {
    const store = await this.getOwned(actor, id);
    if (!(await this.repo.delete(id))) throw notFound('Store');
    for (const listener of this.deletedListeners) await listener(store);
  }

  /** Called after a store is deleted (its rows in other modules' tables went with it), e.g. to drop caches. */
  onDeleted(listener: (store: StoreRow) => Promise<void> | void): void {
    this.deletedListeners.push(listener);
  }

  /** The Shop API v2 token, for the Kaspi client. Never leaves the server. */
  async apiKeyOf(store: StoreRow): Promise<string | undefined> {
    return store.apiKeyEncrypted ? this.secrets.open(store.apiKeyEncrypted) : undefined;
  }

  /** A proxy whose host is (or resolves to) a refused address is bad input, said by the rule. */
  private async checkProxy(proxyUrl: string): Promise<void> {
    try {
      await this.proxyPolicy.check(proxyUrl);
    } catch (err) {
      if (err instanceof ProxyAddressRefusedError || err instanceof TypeError) throw invalid({ proxy_url: PROXY_ADDRESS_RULE });
      throw err;
    }
  }

  /** undefined: leave as is; null: clear; a value: seal it. */
  private sealedOrCleared(value: string | null | undefined): string | null | undefined {
    return value === undefined ? undefined : value === null ? null : this.secrets.seal(value);
  }

  /** Says nothing of any other account: whether someone holds the merchant, and whether they proved it. */
  private async merchantTaken(actor: Actor, merchantId: string): Promise<DomainError> {
    const existing = await this.repo.findByMerchantId(merchantId);
    if (existing?.userId === actor.userId) return conflict(`Kaspi merchant ${merchantId} is already one of your stores.`, 'merchant_already_linked');
    return conflict(merchantRefused(merchantId), 'merchant_already_linked');
  }
}

/**
 * The one answer when a merchant cannot become the caller's store (added by hand, or linked while
 * another account holds it verified), so no answer tells anything about other accounts.
 */
export function merchantRefused(merchantIds: string): string {
  return `Kaspi merchant ${merchantIds} cannot be added to your account. If it is your shop, link it with the Kaspi login of its merchant cabinet; if that does not work, contact support.`;
}
