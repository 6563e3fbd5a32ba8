import type { Static } from 'typebox';
import type { Strategy } from '../../../engine/rules.ts';
import type { CityDecision } from '../../../engine/types.ts';
import { conflict, DomainError, notFound } from '../../../errors/domain-error.ts';
import type { PriceProposalRow, ProposalStatus, StoreDemperSettingsRow } from '../../../infra/db/schema.ts';
import { KaspiBusyError } from '../../../kaspi/kaspi-busy.ts';
import { KaspiError } from '../../../kaspi/kaspi-errors.ts';
import type { MarketOffer } from '../../../kaspi/parsers/storefront-offers.parser.ts';
import type { ProductChecksService, ProductsService } from '../../products/index.ts';
import type { StoresService } from '../../stores/index.ts';
import { type Actor, canAccess } from '../../users/index.ts';
import { defaultDemperSettings, publishesVia } from '../repricer-settings.service.ts';
import type { RepricerMarketReader } from '../runner/market-reader.ts';
import type { ProductChecker } from '../runner/product-check.ts';
import { answerText, type ProposalAnswer } from './proposal-messages.ts';
import { marketMoved, type Staleness, staleBeforeRead } from './proposal-rules.ts';
import type { ProposalsRepository, ProposalWithProduct } from './proposals.repository.ts';
import type { ApproveAllResponse, Proposal } from './proposals.schemas.ts';

export type ProposalView = Static<typeof Proposal>;
type ApproveAllView = Static<typeof ApproveAllResponse>;
export type ProposalVia = 'api' | 'telegram';

export function toProposalView({ proposal: p, productName, productSku }: ProposalWithProduct): ProposalView {
  return {
    id: p.id,
    store_id: p.storeId,
    product_id: p.productId,
    product_name: productName,
    product_sku: productSku,
    status: p.status,
    cities: p.changes,
    market: p.market,
    created_at: p.createdAt.toISOString(),
    confirmed_at: p.confirmedAt.toISOString(),
    decided_at: p.decidedAt?.toISOString() ?? null,
    decided_by: p.decidedBy,
    decided_via: p.decidedVia,
    stale_reason: p.staleReason,
    detail: p.detail,
  };
}

export interface ProposalsOptions {
  /** DEMPER_PROPOSAL_MAX_AGE_SECONDS: older proposals are refused as stale. */
  maxAgeMs: number;
  /** An approved push is verified by a check this soon (DEMPER_VERIFY_DELAY_SECONDS). */
  verifyDelayMs: number;
  /** Approve-all works through at most this many open proposals per call. */
  approveAllLimit: number;
}

export interface ProposalsDeps {
  repo: ProposalsRepository;
  stores: StoresService;
  products: Pick<ProductsService, 'findById'>;
  productChecks: Pick<ProductChecksService, 'checkBy'>;
  settingsOf(storeId: string): Promise<StoreDemperSettingsRow | undefined>;
  /** Fresh storefront reads (no shared snapshot older than a moment). */
  market: RepricerMarketReader;
  /** The demper's own push: the same pricefeed call, history rows and failure handling as its moves. */
  checker: Pick<ProductChecker, 'push'>;
  /** An approved push counts among the store's changes of the hour, like the demper's own. */
  countChange(storeId: string): Promise<void>;
}

/** How one approval ended (an exception instead: nothing was sent and the proposal stays open). */
interface Attempt {
  kind: 'pushed' | 'failed' | 'stale' | 'closed';
  proposal: PriceProposalRow;
}

/**
 * The seller's side of approval mode: list the demper's proposals, approve one (pushed within the
 * merchant's write budget like a demper move, unless the market has made it stale), reject one, or
 * approve all of a store's open ones. Ownership is checked here: someone else's proposal is "not found".
 */
export class ProposalsService {
  constructor(
    private readonly deps: ProposalsDeps,
    private readonly options: ProposalsOptions,
  ) {}

  async list(actor: Actor, storeId: string, statuses: ProposalStatus[] | undefined, page: { limit: number; offset: number }) {
    const store = await this.deps.stores.getOwned(actor, storeId);
    const { rows, count } = await this.deps.repo.list(store.id, statuses, page);
    return { count, results: rows.map(toProposalView) };
  }

  async get(actor: Actor, storeId: string, id: string): Promise<ProposalView> {
    return toProposalView(await this.owned(actor, id, storeId));
  }

  /** Approve from the API: the proposal as it ended (pushed or failed); stale or closed is a 409 saying why. */
  async approveOne(actor: Actor, storeId: string, id: string, via: ProposalVia = 'api'): Promise<ProposalView> {
    const found = await this.owned(actor, id, storeId);
    const attempt = await this.attempt(actor.userId, found, via);
    if (attempt.kind === 'stale') throw conflict(attempt.proposal.detail ?? 'The proposal is stale.', 'proposal_stale');
    if (attempt.kind === 'closed') throw this.closedError(attempt.proposal);
    return toProposalView({ ...found, proposal: attempt.proposal });
  }

  async rejectOne(actor: Actor, storeId: string, id: string, via: ProposalVia = 'api'): Promise<ProposalView> {
    const found = await this.owned(actor, id, storeId);
    const closed = await this.deps.repo.close(found.proposal.id, { status: 'rejected', decidedBy: actor.userId, decidedVia: via });
    if (!closed) throw this.closedError((await this.deps.repo.find(id))?.proposal ?? found.proposal);
    return toProposalView({ ...found, proposal: closed });
  }

  /**
   * Every open proposal of the store, oldest first, each as a single approval would go. Kaspi busy or
   * paused stops the run (the rest stay open); a storefront that cannot be read leaves that one open.
   */
  async approveAll(actor: Actor, storeId: string, via: ProposalVia = 'api'): Promise<ApproveAllView> {
    const store = await this.deps.stores.getOwned(actor, storeId);
    const ids = await this.deps.repo.openIds(store.id, this.options.approveAllLimit);
    const out: ApproveAllView = { pushed: 0, stale: 0, failed: 0, left_open: 0, results: [] };
    for (const [i, id] of ids.entries()) {
      const found = await this.deps.repo.find(id);
      if (!found) continue;
      try {
        const attempt = await this.attempt(actor.userId, found, via);
        if (attempt.kind === 'closed') continue;
        out[attempt.kind]++;
        out.results.push({ id, status: attempt.proposal.status, detail: attempt.proposal.detail });
      } catch (err) {
        if (!(err instanceof KaspiBusyError) && !(err instanceof KaspiError)) throw err;
        out.results.push({ id, status: 'open', detail: err.detail });
        if (err instanceof KaspiBusyError || err.code === 'kaspi_reauth_required') {
          // Kaspi will not take writes for a while: the rest wait too.
          out.left_open += ids.length - i;
          break;
        }
        out.left_open++;
      }
    }
    return out;
  }

  /** For a Telegram button: approve as the chat's user, and a short answer in their language. */
  async approve(userId: string, proposalId: string, via: ProposalVia): Promise<string> {
    return this.answer(userId, async () => {
      const found = await this.owned({ userId, isAdmin: false }, proposalId);
      const attempt = await this.attempt(userId, found, via);
      return { kind: attempt.kind, proposal: attempt.proposal, productName: found.productName };
    });
  }

  /** For a Telegram button: reject as the chat's user, and a short answer in their language. */
  async reject(userId: string, proposalId: string, via: ProposalVia): Promise<string> {
    return this.answer(userId, async () => {
      const found = await this.owned({ userId, isAdmin: false }, proposalId);
      const closed = await this.deps.repo.close(found.proposal.id, { status: 'rejected', decidedBy: userId, decidedVia: via });
      if (!closed)
        return { kind: found.proposal.status === 'stale' ? 'stale' : 'closed', proposal: (await this.deps.repo.find(proposalId))?.proposal ?? found.proposal, productName: found.productName };
      return { kind: 'rejected', proposal: closed, productName: found.productName };
    });
  }

  private async answer(userId: string, act: () => Promise<ProposalAnswer>): Promise<string> {
    let answer: ProposalAnswer;
    try {
      answer = await act();
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') answer = { kind: 'not_found' };
      else if (err instanceof KaspiBusyError || err instanceof KaspiError || err instanceof DomainError) answer = { kind: 'try_later', detail: err.detail };
      else throw err;
    }
    return answerText(await this.deps.repo.languageOf(userId), answer);
  }

  /** The proposal, if the actor may see it (and it is of `storeId` when given); else "not found". */
  private async owned(actor: Actor, id: string, storeId?: string): Promise<ProposalWithProduct> {
    const found = await this.deps.repo.find(id);
    if (!found || !canAccess(actor, found.proposal.userId) || (storeId !== undefined && found.proposal.storeId !== storeId)) throw notFound('Proposal');
    return found;
  }

  private closedError(p: PriceProposalRow): DomainError {
    if (p.status === 'stale') return conflict(p.detail ?? 'The proposal is stale.', 'proposal_stale');
    const what = p.status === 'approving' ? 'being approved right now' : `already ${p.status}`;
    return conflict(`This proposal is ${what}.`, 'proposal_closed');
  }

  /**
   * One approval: refused as stale before any read when it can be (a newer proposal, too old, our
   * price or the product's bounds changed), else after a fresh storefront read of every city it saw
   * (the cheapest competitor moved); else pushed like a demper move and verified by the next check.
   * Throws (the proposal stays open) when nothing could be sent: Kaspi busy or paused, a session
   * that needs the user, a storefront that cannot be read.
   */
  private async attempt(userId: string, found: ProposalWithProduct, via: ProposalVia): Promise<Attempt> {
    const p = found.proposal;
    if (p.status === 'stale') return { kind: 'stale', proposal: p };
    if (p.status !== 'open' && p.status !== 'approving') return { kind: 'closed', proposal: p };
    const [product, store, settingsRow] = await Promise.all([this.deps.products.findById(p.productId), this.deps.stores.findById(p.storeId), this.deps.settingsOf(p.storeId)]);
    if (!product || !store) throw notFound('Proposal');
    const settings = settingsRow ?? { ...defaultDemperSettings(store.id), createdAt: new Date(), updatedAt: new Date() };
    const stale = async (s: Staleness): Promise<Attempt> => {
      const closed = await this.deps.repo.close(p.id, { status: 'stale', staleReason: s.reason, detail: s.detail, decidedBy: userId, decidedVia: via });
      return closed ? { kind: 'stale', proposal: closed } : { kind: 'closed', proposal: (await this.deps.repo.find(p.id))?.proposal ?? p };
    };

    const early = staleBeforeRead({ confirmedAt: p.confirmedAt, now: new Date(), maxAgeMs: this.options.maxAgeMs, newerExists: await this.deps.repo.newerExists(p), changes: p.changes, product });
    if (early) return stale(early);
    const taken = await this.deps.repo.startApproval(p.id);
    if (!taken) return { kind: 'closed', proposal: (await this.deps.repo.find(p.id))?.proposal ?? p };

    try {
      if (publishesVia(settings, store) === 'pricefeed') {
        if (store.needsReauth || store.sessionEncrypted === null) throw new KaspiError('kaspi_reauth_required', store.reauthReason ?? 'The shop needs a new Kaspi login before prices can be sent.');
        const pausedMs = settings.pausedUntil ? settings.pausedUntil.getTime() - Date.now() : 0;
        if (pausedMs > 0) throw new KaspiBusyError('kaspi_paused', `Kaspi paused this shop's price changes; try again in ${Math.ceil(pausedMs / 1000)} s.`, pausedMs);
      }

      const cities = [...new Set([...p.market.map((m) => m.city_id), ...p.changes.map((c) => c.city_id)])];
      const ownProxy = this.deps.stores.ownProxyOf(store);
      const reads = await Promise.all(cities.map((cityId) => this.deps.market.read(product.externalKaspiId ?? '', cityId, ownProxy)));
      const offers = new Map<string, readonly MarketOffer[]>();
      const fetchedAt = new Map<string, number>();
      for (const [i, read] of reads.entries()) {
        const cityId = cities[i]!;
        if (!read.ok) throw new KaspiError('kaspi_unavailable', `The storefront could not be read in ${cityId} to check the market (${read.error}); the proposal stays open.`);
        offers.set(cityId, read.offers);
        fetchedAt.set(cityId, read.fetchedAt ?? Date.now());
      }
      const notCompetitors = new Set([store.merchantId, ...(await this.deps.stores.merchantIdsOfUser(store.userId)), ...settings.ignoredMerchantIds].map(String));
      const moved = marketMoved(p.market, p.changes, offers, store.merchantId, notCompetitors);
      if (moved) return await stale(moved);

      // Our price per city as these reads show it (taken after our last push): the push need not read again.
      const seen = new Map<string, number>();
      for (const [cityId, list] of offers) {
        const ours = list.find((o) => String(o.merchantId) === store.merchantId);
        if (ours && (fetchedAt.get(cityId) ?? 0) > (product.lastPushAt?.getTime() ?? 0)) seen.set(cityId, ours.price);
      }
      const moves: CityDecision[] = p.changes.map((c) => ({
        cityId: c.city_id,
        action: 'set',
        price: c.new_price,
        previousPrice: c.old_price,
        reason: c.reason,
        strategy: c.strategy as Strategy,
        expectedPosition: c.expected_position,
        competitorPrice: c.competitor_price,
      }));
      const result = await this.deps.checker.push({ product, store, settings }, moves, { cityPrices: p.changes.map((c) => ({ cityId: c.city_id, price: c.new_price })) }, seen, {
        approvedBy: userId,
        proposalId: p.id,
      });
      if (result.kind === 'busy') {
        throw new KaspiBusyError('kaspi_busy', `Too many price changes of this shop are waiting for Kaspi; try again in ${Math.ceil(result.retryInMs / 1000)} s.`, result.retryInMs);
      }
      if (result.kind === 'failed') {
        const closed = await this.deps.repo.close(p.id, { status: 'failed', detail: result.error, decidedBy: userId, decidedVia: via });
        return { kind: 'failed', proposal: closed ?? p };
      }
      const closed = await this.deps.repo.close(p.id, { status: 'pushed', decidedBy: userId, decidedVia: via });
      await this.deps.countChange(store.id);
      // The next check verifies the change on the storefront, after Kaspi's ingest delay.
      await this.deps.productChecks.checkBy(product.id, new Date(Date.now() + this.options.verifyDelayMs));
      return { kind: 'pushed', proposal: closed ?? p };
    } finally {
      // Nothing was sent (an exception above): the proposal is open again. A no-op once it was closed.
      await this.deps.repo.reopen(p.id);
    }
  }
}
