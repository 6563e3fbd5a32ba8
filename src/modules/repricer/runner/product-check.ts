import { decide } from '../../../engine/engine.ts';
import type { CityDecision, CityInput } from '../../../engine/types.ts';
import { DomainError } from '../../../errors/domain-error.ts';
import { BudgetExhaustedError } from '../../../infra/budget/rate-budget.ts';
import type { ProductDemperState, ProductSchedule } from '../../../infra/db/schema.ts';
import type { Logger } from '../../../infra/logger.ts';
import { KaspiError } from '../../../kaspi/kaspi-errors.ts';
import { PricefeedBodyError } from '../../../kaspi/pricefeed-body.ts';
import { type PricefeedClient, PricefeedRateLimitedError } from '../../../kaspi/pricefeed-client.ts';
import type { RepricerAlerts } from '../../notifications/index.ts';
import { type ClaimedProduct, cityRules, type OfferPush, type OwnCityPrices, offerPush, type PriceChangesService, type ProductChecksService, productRules } from '../../products/index.ts';
import { publishesVia } from '../repricer-settings.service.ts';
import { ProbeAdmission } from '../scheduler/probe-admission.ts';
import { type Learned, learn, schedule } from '../scheduler/product-schedule.ts';
import { egressOf, guaranteeStretchOf, type SchedulePlan } from '../scheduler/schedule-plan.ts';
import { nextWorkStart, withinWorkHours } from '../work-hours.ts';
import { almatyDayStart, type CityRead, mergedCityPrices, offerCities, ourPriceIn, verifyChanges, visiblePosition } from './check-plan.ts';
import type { RepricerMarketReader } from './market-reader.ts';
import type { DemperApprovals } from './proposals.ts';
import type { RepricerStatsRepository } from './repricer-stats.repository.ts';

export interface ProductCheckOptions {
  verifyDelayMs: number;
  retryMs: number;
  /** A claim lasts this long; a check that has run past most of it gives the product back unpushed. */
  leaseMs: number;
  /** How long a push may wait for the merchant's write budget. */
  writeWaitMs: number;
  /** How long a change published through the XML feed may take to show (Kaspi pulls every 30-60 min). */
  feedVerifyMs: number;
  /** The shortest interval the scheduler may give (DEMPER_MIN_INTERVAL_SECONDS). */
  minIntervalSeconds: number;
}

export interface ProductCheckDeps {
  /** The queue in the products table: claims, releases, shared reads pulled forward. */
  claims: ProductChecksService;
  /** Price changes: recorded before the call, settled by Kaspi and the storefront. */
  history: PriceChangesService;
  /** Store pauses and errors (the repricer's own table). */
  stats: RepricerStatsRepository;
  market: RepricerMarketReader;
  pricefeed: PricefeedClient;
  /** Our price in the cities the demper does not read, before a push replaces them all. */
  ownCityPrices: OwnCityPrices;
  /** Merchant ids of every store of a user (never competitors of each other). */
  merchantIdsOfUser(userId: string): Promise<string[]>;
  /** The store's own proxy (not the pool's: the market reader spreads pool reads itself). */
  ownProxyOf(store: ClaimedProduct['store']): string | undefined;
  /** Tells the store's owner that its demper status changed (a pause). */
  storeChanged(store: ClaimedProduct['store']): void;
  /** Approval mode: proposals instead of pushes (`approve`), the seller told of pushes (`notify`). */
  approvals: DemperApprovals;
  /** The scheduler's plan: the water level of each read budget (scheduler/schedule-planner.ts). */
  plan(): Promise<SchedulePlan | null>;
  /** Alerts for the seller (at floor, undercut, paused, own proxy resting); they never hold the check up. */
  alerts?: RepricerAlerts;
  log: Logger;
}

/** Who approved the push (approval mode): recorded on its price history rows. */
export interface PushApproval {
  approvedBy: string;
  proposalId: string;
}

export type PushResult = { kind: 'pushed'; via: 'pricefeed' | 'feed' } | { kind: 'busy'; retryInMs: number } | { kind: 'failed'; error: string };

export interface CheckOutcome {
  changed: boolean;
  error: string | null;
}

type MarketRead = Awaited<ReturnType<RepricerMarketReader['read']>>;

/** Changes the storefront does not show yet: their cities ('*' for a base price) and prices. */
interface WaitingChanges {
  /**
   * A change sent by the pricefeed is still waiting: look again after the ingest delay. One in the XML
   * feed waits for Kaspi's pull (30-60 min): the normal interval checks it, with no extra reads.
   */
  soon: boolean;
  cities: Set<string>;
  prices: Map<string, number>;
}

/** The lowest price of another merchant in a city's read; null when we are alone. */
function cheapestOther(offers: CityRead['offers'], merchantId: string): number | null {
  let cheapest: number | null = null;
  for (const o of offers) if (String(o.merchantId) !== merchantId && (cheapest === null || o.price < cheapest)) cheapest = o.price;
  return cheapest;
}

/** What the product shows as the repricer's last word: per city the decision and the place we hold. */
function checkState(decisions: CityDecision[], reads: CityRead[], merchantId: string, now: Date, error: string | null): ProductDemperState {
  return {
    checked_at: now.toISOString(),
    error,
    cities: decisions.map((d) => {
      const read = reads.find((r) => r.cityId === d.cityId);
      return {
        city_id: d.cityId,
        action: d.action,
        price: d.price,
        reason: d.reason,
        expected_position: d.expectedPosition,
        actual_position: read ? visiblePosition(read.offers, merchantId) : null,
        competitor_price: d.competitorPrice,
        cheapest_competitor_price: read ? cheapestOther(read.offers, merchantId) : null,
      };
    }),
  };
}

/** Our other shops: cached per user for a minute (a user links a shop rarely). */
class OwnMerchants {
  private readonly byUser = new Map<string, { ids: string[]; at: number }>();
  constructor(private readonly load: (userId: string) => Promise<string[]>) {}

  async of(userId: string): Promise<string[]> {
    const hit = this.byUser.get(userId);
    if (hit && Date.now() - hit.at < 60_000) return hit.ids;
    const ids = await this.load(userId);
    this.byUser.set(userId, { ids, at: Date.now() });
    if (this.byUser.size > 10_000) this.byUser.clear();
    return ids;
  }
}

/**
 * One product's check, start to finish: read each city's market (shared reads), settle what the
 * storefront confirms of earlier changes, decide, push every city in one pricefeed call within the
 * merchant's write budget, record the history, and give the product back with its next check time.
 */
export class ProductChecker {
  private readonly ownMerchants: OwnMerchants;
  private readonly probes = new ProbeAdmission();

  constructor(
    private readonly deps: ProductCheckDeps,
    private readonly options: ProductCheckOptions,
  ) {
    this.ownMerchants = new OwnMerchants((userId) => deps.merchantIdsOfUser(userId));
  }

  /**
   * The phases, in order: the work-hours gate, the cities, the market reads, the verdicts on earlier
   * changes, our current prices, the decision, and the push; the product is released at every exit.
   */
  async check(claimed: ClaimedProduct, workerId: string): Promise<CheckOutcome> {
    const { product, store, settings } = claimed;
    const started = Date.now();
    const intervalMs = (product.priority ? settings.priorityIntervalSeconds : settings.checkIntervalSeconds) * 1000;
    const release = (nextAt: number | { at: number; schedule: ProductSchedule }, state: ProductDemperState | null, checked: boolean) =>
      this.deps.claims.release(product.id, workerId, {
        nextCheckAt: this.withinHours(claimed, new Date(typeof nextAt === 'number' ? nextAt : nextAt.at)),
        checkedAt: checked ? new Date() : null,
        state,
        schedule: typeof nextAt === 'number' ? null : nextAt.schedule,
      });
    const giveUp = async (error: string): Promise<CheckOutcome> => {
      await release(started + intervalMs, { checked_at: new Date().toISOString(), error, cities: [] }, true);
      return { changed: false, error };
    };

    if (!withinWorkHours(settings.workHoursStart, settings.workHoursEnd, new Date())) {
      await release(nextWorkStart(settings.workHoursStart, settings.workHoursEnd, new Date()).getTime(), null, false);
      return { changed: false, error: null };
    }
    const cities = offerCities(product, store);
    if (!cities.length) return giveUp('The offer is not available at any pickup point with a known city; sync the shop.');

    const { markets, reads } = await this.readMarkets(claimed, cities);
    const plan = await this.deps.plan().catch(() => null);
    const learned = await this.learn(claimed, reads, plan);
    const waiting = await this.settleEarlierChanges(claimed, reads);
    const { inputs, ourRating, seen } = await this.currentPrices(claimed, cities, markets, waiting);
    if (!inputs.length) return giveUp('The product has no price yet; sync the shop or set one.');

    const now = new Date();
    const decision = await this.decideCities(claimed, inputs, ourRating, now);
    const readErrors = markets.flatMap((m) => (m.ok ? [] : [m.error]));
    const readError = readErrors.length ? `Storefront: ${readErrors[0]}` : null;
    const state = (error: string | null) => checkState(decision.cities, reads, store.merchantId, now, error);
    const next = (verifySoon: boolean, failed: boolean, pushed = false) => this.nextRead(claimed, learned, plan, cities.length, { verifySoon, failed, pushed });
    this.deps.alerts?.checked(store, product, state(null));

    const mode = this.deps.approvals.modeOf(claimed);
    if (!decision.push) {
      if (mode === 'approve' && !readErrors.length) await this.deps.approvals.held(claimed);
      await release(next(waiting.soon, readErrors.length === markets.length), state(readError), true);
      return { changed: false, error: readError };
    }
    if (mode === 'approve') {
      // The seller decides: the move waits as a proposal, and nothing reaches Kaspi.
      const proposalId = await this.deps.approvals.propose(claimed, decision.cities, reads, await this.ownMerchants.of(store.userId));
      await release(next(waiting.soon, false), { ...state(readError), proposal_id: proposalId }, true);
      return { changed: false, error: readError };
    }
    // Our claim must outlast the call: renewed now, or lost (it ran out and another worker has the
    // product), in which case that worker decides and we do not race it to Kaspi.
    if (!(await this.deps.claims.renew(product.id, workerId, this.options.leaseMs))) {
      return { changed: false, error: null };
    }

    const moves = decision.cities.filter((d) => d.action === 'set');
    const result = await this.push(claimed, moves, decision.push, seen);
    if (mode === 'notify' && result.kind === 'pushed') this.deps.approvals.pushed(claimed, moves);
    if (result.kind === 'busy') {
      // The merchant's writes are queued up (many of its products moved at once): nothing was sent,
      // and the check comes back when the budget has a slot, instead of holding a slot here meanwhile.
      // What this check's reads taught is kept all the same.
      const retryAt = Date.now() + Math.max(1000, Math.min(result.retryInMs, this.options.retryMs));
      await release({ at: retryAt, schedule: next(false, false).schedule }, state(readError), true);
      return { changed: false, error: null };
    }
    const error = result.kind === 'failed' ? result.error : null;
    const pushed = result.kind === 'pushed' && result.via === 'pricefeed';
    await release(next(pushed, error !== null, pushed), state(error ?? readError), true);
    return { changed: error === null, error: error ?? readError };
  }

  /** One read per city, shared with every shop selling the product; those shops' checks come forward onto it. */
  private async readMarkets(claimed: ClaimedProduct, cities: string[]) {
    const { product, store } = claimed;
    const ownProxy = this.deps.ownProxyOf(store);
    const markets = await Promise.all(cities.map((cityId) => this.deps.market.read(product.externalKaspiId!, cityId, ownProxy)));
    for (const m of markets) if (m.restedMs) this.deps.alerts?.egressRested(store, m.restedMs);
    const reads: CityRead[] = [];
    markets.forEach((m, i) => {
      if (m.ok) reads.push({ cityId: cities[i]!, offers: m.offers, fetchedAt: m.fetchedAt ?? Date.now() });
    });
    return { markets, reads };
  }

  /**
   * What the reads teach the scheduler (the competition's pace, a war). Other shops selling the
   * product come forward onto these reads while they are cached: all of them when the competition
   * moved (they have something to answer), else those due soon anyway.
   */
  private async learn(claimed: ClaimedProduct, reads: CityRead[], plan: SchedulePlan | null): Promise<Learned> {
    const { product, store } = claimed;
    const own = new Set(await this.ownMerchants.of(store.userId));
    own.add(store.merchantId);
    const lastMove = product.lastPushAt ? Math.round(product.lastPushAt.getTime() / 1000) : null;
    // A uniform store reads at its own interval: a probe would be recorded and never acted on.
    const mayProbe = (readsPerSecond: number) => claimed.settings.scheduler === 'adaptive' && this.probes.admit(plan, egressOf(store), readsPerSecond);
    const learned = learn(product.schedule ?? null, reads, own, lastMove, Date.now(), this.options.minIntervalSeconds, mayProbe);
    if (reads.length) {
      await this.deps.claims.pullForward(product.externalKaspiId!, store.id, learned.moved).catch((err: unknown) => this.deps.log.debug({ err }, 'pull forward failed'));
    }
    return learned;
  }

  /** When to read the product next (scheduler/next-read.ts), and the schedule the product shows. */
  private nextRead(
    claimed: ClaimedProduct,
    learned: Learned,
    plan: SchedulePlan | null,
    cost: number,
    outcome: { verifySoon: boolean; failed: boolean; pushed: boolean },
  ): { at: number; schedule: ProductSchedule } {
    const { product, store, settings } = claimed;
    const egress = plan?.egress[egressOf(store)];
    const stock = product.availabilities.filter((a) => a.available).reduce((sum, a) => sum + (a.stock_count || 0), 0);
    const { next, state } = schedule(
      learned,
      {
        mode: settings.scheduler,
        now: Date.now(),
        settings,
        priority: product.priority,
        price: product.price ?? 0,
        stock,
        cost,
        minSeconds: this.options.minIntervalSeconds,
        level: egress ? egress.level : null,
        guaranteeStretch: guaranteeStretchOf(egress) ?? 1,
        verifyDelayMs: this.options.verifyDelayMs,
        retryMs: this.options.retryMs,
        jitter: Math.random(),
      },
      outcome,
    );
    return { at: next.at, schedule: state };
  }

  /** What the storefront confirms of our earlier changes; returns the cities still waiting and their prices. */
  private async settleEarlierChanges(claimed: ClaimedProduct, reads: CityRead[]): Promise<WaitingChanges> {
    const { product, store } = claimed;
    const pending = await this.deps.history.unverified(product.id);
    const verdicts = verifyChanges(pending, reads, store.merchantId, Date.now(), { pricefeed: Math.max(5 * this.options.verifyDelayMs, 10_000), feed: this.options.feedVerifyMs });
    for (const v of verdicts) {
      if (v.outcome === 'applied') await this.deps.history.settle([v.id], { status: 'applied', actualPosition: v.position, error: null });
      if (v.outcome === 'failed') await this.deps.history.settle([v.id], { status: 'failed', actualPosition: null, error: v.error });
      if (v.outcome === 'superseded') {
        // Kaspi took it and a newer change replaced it; a call a killed worker never finished did not happen.
        await this.deps.history.settle(
          [v.id],
          v.sent
            ? { status: 'superseded', actualPosition: null, error: 'Replaced by a newer change before the storefront showed it.' }
            : { status: 'failed', actualPosition: null, error: 'The worker stopped before Kaspi confirmed the change; a newer change replaced it.' },
        );
      }
    }
    return {
      soon: verdicts.some((v) => v.outcome === 'waiting' && pending.find((r) => r.id === v.id)?.via !== 'feed'),
      cities: new Set(verdicts.flatMap((v) => (v.outcome === 'waiting' ? [v.cityId ?? '*'] : []))),
      prices: new Map(pending.filter((r) => r.cityId && verdicts.some((v) => v.id === r.id && v.outcome === 'waiting')).map((r) => [r.cityId!, r.newPrice])),
    };
  }

  /**
   * Our price per city: a change still ingesting counts as done; else what the storefront shows (a
   * read taken after our last push), which catches prices changed in the cabinet by hand and adopts them.
   */
  private async currentPrices(claimed: ClaimedProduct, cities: string[], markets: MarketRead[], waiting: WaitingChanges) {
    const { product, store } = claimed;
    const adopted: { cityId: string; price: number }[] = [];
    let ourRating: number | null = null;
    const inputs: CityInput[] = [];
    // Our price per city as this check saw it (a change still ingesting, or a read after our last push):
    // a push need not read those cities again to know what it must keep.
    const seen = new Map<string, number>();
    for (const [i, cityId] of cities.entries()) {
      const market = markets[i]!;
      let current = waiting.prices.get(cityId) ?? ourPriceIn(product, cityId);
      if (market.ok) {
        const ours = market.offers.find((o) => String(o.merchantId) === store.merchantId);
        if (ours?.rating != null) ourRating ??= ours.rating;
        const readAfterWrite = (market.fetchedAt ?? 0) > (product.lastPushAt?.getTime() ?? 0);
        if (ours && current !== null && ours.price !== current && !waiting.cities.has(cityId) && !waiting.cities.has('*') && readAfterWrite) {
          current = ours.price;
          adopted.push({ cityId, price: ours.price });
        }
        const waitingPrice = waiting.prices.get(cityId);
        if (waitingPrice !== undefined) seen.set(cityId, waitingPrice);
        else if (ours && readAfterWrite && !waiting.cities.has('*')) seen.set(cityId, ours.price);
      }
      if (current === null) continue; // no price known anywhere: nothing to start from
      inputs.push({ cityId, currentPrice: current, market: market.ok ? { ok: true, offers: market.offers } : { ok: false, error: market.error } });
    }
    if (adopted.length) {
      const cityPrices = mergedCityPrices(product.cityPrices, adopted);
      await this.deps.history.adoptCityPrices(product.id, cityPrices, Math.min(...cityPrices.map((c) => c.price)));
      product.cityPrices = cityPrices;
    }
    return { inputs, ourRating, seen };
  }

  /** The engine's decision over every city, with today's changes per city and our other shops. */
  private async decideCities(claimed: ClaimedProduct, inputs: CityInput[], ourRating: number | null, now: Date) {
    const { product, store, settings } = claimed;
    const history = await this.deps.history.cityHistory(product.id, almatyDayStart(now));
    return decide({
      rules: productRules(product, settings),
      cityRules: cityRules(product),
      ourMerchantId: store.merchantId,
      ownMerchantIds: await this.ownMerchants.of(store.userId),
      ignoredMerchantIds: settings.ignoredMerchantIds,
      ourRating,
      cities: inputs.map((c) => ({ ...c, history: history.get(c.cityId) })),
      now,
    });
  }

  /**
   * One pricefeed call with every city; history rows first (as `sending`), settled by the answer.
   * Also how an approved proposal is pushed (`approval` names who approved it).
   */
  async push(
    claimed: ClaimedProduct,
    changes: CityDecision[],
    plan: { cityPrices: { cityId: string; price: number }[] },
    seen: ReadonlyMap<string, number>,
    approval?: PushApproval,
  ): Promise<PushResult> {
    const { store } = claimed;
    let product = claimed.product;
    try {
      product = await this.deps.ownCityPrices.ensure(product, store, seen);
    } catch (err) {
      if (err instanceof DomainError) return { kind: 'failed', error: err.message };
      throw err;
    }
    let push: OfferPush;
    try {
      // Every other city keeps its price, every point its stock and preorder days: the demper never
      // takes an offer off preorder.
      push = offerPush(product, store, { cityPrices: plan.cityPrices });
    } catch (err) {
      if (err instanceof PricefeedBodyError) return { kind: 'failed', error: `The change cannot be sent to Kaspi: ${err.message}.` };
      throw err;
    }
    const { body, basePrice, cityPrices } = push;
    const via = publishesVia(claimed.settings, store);

    const ids = await this.deps.history.recordSending(
      changes.map((d) => ({
        via,
        productId: product.id,
        storeId: store.id,
        cityId: d.cityId,
        oldPrice: d.previousPrice,
        newPrice: d.price,
        reason: d.reason,
        strategy: d.strategy,
        competitorPrice: d.competitorPrice,
        position: d.expectedPosition,
        ...approval,
      })),
    );
    if (via === 'feed') {
      // The XML feed serves the product's prices: recording them is publishing them (Kaspi pulls the list).
      await this.deps.history.recordPushed(product.id, ids, { price: basePrice, cityPrices }, 'feed');
      return { kind: 'pushed', via: 'feed' };
    }
    try {
      // A short wait: well inside the claim we just renewed.
      await this.deps.pricefeed.push({ storeId: store.id, merchantId: store.merchantId }, body, { maxWaitMs: Math.min(this.options.writeWaitMs, this.options.leaseMs / 4) });
    } catch (err) {
      if (err instanceof BudgetExhaustedError && err.reason === 'busy') {
        // Nothing went to Kaspi: the changes were never made, so they leave no history.
        await this.deps.history.discard(ids);
        return { kind: 'busy', retryInMs: err.retryInMs };
      }
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof PricefeedRateLimitedError) this.deps.alerts?.storePaused(store, new Date(Date.now() + err.pausedForMs), message);
      const cannotPush =
        err instanceof PricefeedRateLimitedError || (err instanceof BudgetExhaustedError && err.reason === 'paused') || (err instanceof KaspiError && err.code === 'kaspi_reauth_required');
      if (cannotPush && claimed.settings.feedMode === 'fallback') {
        // The pricefeed cannot be used now (account paused, session needs the user): the feed carries the change.
        if (err instanceof PricefeedRateLimitedError) await this.deps.stats.pauseStore(store.id, new Date(Date.now() + err.pausedForMs), message);
        await this.deps.history.recordPushed(product.id, ids, { price: basePrice, cityPrices }, 'feed');
        return { kind: 'pushed', via: 'feed' };
      }
      await this.deps.history.recordFailed(ids, message);
      if (err instanceof PricefeedRateLimitedError) {
        await this.deps.stats.pauseStore(store.id, new Date(Date.now() + err.pausedForMs), message);
        this.deps.storeChanged(store);
      } else if (err instanceof BudgetExhaustedError) {
        await this.deps.stats.pauseStore(store.id, new Date(Date.now() + err.retryInMs), message);
        this.deps.storeChanged(store);
      } else if (err instanceof KaspiError) {
        await this.deps.stats.recordStoreError(store.id, message);
      } else {
        this.deps.log.warn({ err, productId: product.id }, 'demper push failed');
        await this.deps.stats.recordStoreError(store.id, message);
      }
      return { kind: 'failed', error: message };
    }
    await this.deps.history.recordPushed(product.id, ids, { price: basePrice, cityPrices });
    return { kind: 'pushed', via: 'pricefeed' };
  }

  /** A next check outside the store's working hours moves to the next start. */
  private withinHours(claimed: ClaimedProduct, at: Date): Date {
    const { workHoursStart, workHoursEnd } = claimed.settings;
    return withinWorkHours(workHoursStart, workHoursEnd, at) ? at : nextWorkStart(workHoursStart, workHoursEnd, at);
  }
}
