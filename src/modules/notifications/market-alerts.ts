import type { Cache } from '../../infra/cache/cache.ts';
import type { ProductDemperState } from '../../infra/db/schema.ts';
import type { Logger } from '../../infra/logger.ts';
import type { AlertsService } from './alerts.service.ts';

/** Decisions that hold a price at its floor (src/engine/engine.ts): the demper can go no lower. */
const FLOOR_REASONS = new Set(['at_floor_hold', 'best_reachable']);

export interface AtFloorCity {
  city_id: string;
  price: number;
  /** Our place on the storefront at the check; null when not listed. */
  place: number | null;
  cheapest_competitor_price: number | null;
}

export interface UndercutCity {
  city_id: string;
  our_price: number;
  competitor_price: number;
  /** How much cheaper the competitor is, in percent of our price (one decimal). */
  percent: number;
}

/**
 * What a check's per-city decisions say the seller should hear about (pure):
 * - at floor, place lost: the decision held the price at its floor and a competitor is still ahead of
 *   us (we are not first, or not listed);
 * - undercut: the cheapest other offer is below our price by more than `undercutPercent` percent of
 *   it, and the demper holds (at the floor, auto-lower off, daily limit, a fixed or manual price...):
 *   while it is moving down towards the rival (a capped step, say), there is nothing for the seller to do.
 */
export function marketFindings(state: Pick<ProductDemperState, 'cities'>, undercutPercent: number): { atFloor: AtFloorCity[]; undercut: UndercutCity[] } {
  const atFloor: AtFloorCity[] = [];
  const undercut: UndercutCity[] = [];
  for (const c of state.cities) {
    const place = c.actual_position ?? null;
    const cheapest = c.cheapest_competitor_price ?? null;
    if (FLOOR_REASONS.has(c.reason) && place !== 1) atFloor.push({ city_id: c.city_id, price: c.price, place, cheapest_competitor_price: cheapest });
    if (c.action === 'hold' && cheapest !== null && c.price > 0 && cheapest < c.price) {
      const percent = ((c.price - cheapest) / c.price) * 100;
      if (percent > undercutPercent) undercut.push({ city_id: c.city_id, our_price: c.price, competitor_price: cheapest, percent: Math.round(percent * 10) / 10 });
    }
  }
  return { atFloor, undercut };
}

interface StoreRef {
  id: string;
  userId: string;
}
interface ProductRef {
  id: string;
  name: string;
}

/** The repricer's calls: each raises an alert at most once per condition, not at every check. */
export interface RepricerAlerts {
  /** After a product's check: at floor with a place lost, undercut. */
  checked(store: StoreRef, product: ProductRef, state: Pick<ProductDemperState, 'cities'>): void;
  /** Kaspi answered 429 to the pricefeed: the store's writes pause until `until`. */
  storePaused(store: StoreRef, until: Date, error: string): void;
  /** Kaspi answered 403 to a storefront read through the store's OWN proxy (pool IPs are the operator's, not the seller's). */
  egressRested(store: StoreRef, pauseMs: number): void;
}

export interface MarketAlertOptions {
  /** A condition still true is raised again after this long. */
  repeatMs: number;
}

/**
 * The repricer's alerts, remembered in the shared cache: a condition raised for a product is not
 * raised again while it lasts (up to `repeatMs`), and is forgotten as soon as a check finds it cleared.
 * Everything runs in the background: the repricer never waits on it.
 */
export class MarketAlerts implements RepricerAlerts {
  private readonly thresholds = new Map<string, { percent: number; at: number }>();

  constructor(
    private readonly alerts: AlertsService,
    private readonly cache: Cache,
    private readonly options: MarketAlertOptions,
    private readonly log: Logger,
  ) {}

  checked(store: StoreRef, product: ProductRef, state: Pick<ProductDemperState, 'cities'>): void {
    this.background(async () => {
      const findings = marketFindings(state, await this.undercutPercent(store.userId));
      await this.once(`at_floor:${product.id}`, findings.atFloor.length > 0, this.options.repeatMs, () =>
        this.alerts.raise({ userId: store.userId, storeId: store.id, kind: 'at_floor_lost_place', data: { product_id: product.id, product_name: product.name, cities: findings.atFloor } }),
      );
      await this.once(`undercut:${product.id}`, findings.undercut.length > 0, this.options.repeatMs, () =>
        this.alerts.raise({ userId: store.userId, storeId: store.id, kind: 'undercut', data: { product_id: product.id, product_name: product.name, cities: findings.undercut } }),
      );
    });
  }

  storePaused(store: StoreRef, until: Date, error: string): void {
    this.background(() =>
      this.once(`paused:${store.id}`, true, Math.max(1000, until.getTime() - Date.now()), () =>
        this.alerts.raise({ userId: store.userId, storeId: store.id, kind: 'store_paused', data: { until: until.toISOString(), error } }),
      ),
    );
  }

  egressRested(store: StoreRef, pauseMs: number): void {
    // A proxy Kaspi keeps refusing would otherwise be reported every few seconds: once an hour.
    this.background(() =>
      this.once(`egress:${store.id}`, true, 3_600_000, () =>
        this.alerts.raise({ userId: store.userId, storeId: store.id, kind: 'egress_resting', data: { pause_seconds: Math.round(pauseMs / 1000) } }),
      ),
    );
  }

  /** Raises when the condition is newly true (or was raised longer than `ttlMs` ago); forgets it when false. */
  private async once(key: string, holds: boolean, ttlMs: number, raise: () => Promise<void>): Promise<void> {
    const cacheKey = `notify:seen:${key}`;
    const seen = await this.cache.get<number>(cacheKey);
    if (!holds) {
      if (seen !== undefined) await this.cache.delete(cacheKey);
      return;
    }
    if (seen !== undefined) return;
    // Two checks (or processes) finding it at once: the atomic counter lets one of them raise.
    if ((await this.cache.increment(cacheKey, ttlMs)) === 1) await raise();
  }

  /** The user's undercut threshold, read at most once a minute per user by this process. */
  private async undercutPercent(userId: string): Promise<number> {
    const hit = this.thresholds.get(userId);
    if (hit && Date.now() - hit.at < 60_000) return hit.percent;
    const percent = (await this.alerts.preferences(userId)).undercutPercent;
    if (this.thresholds.size > 10_000) this.thresholds.clear();
    this.thresholds.set(userId, { percent, at: Date.now() });
    return percent;
  }

  private background(work: () => Promise<void>): void {
    work().catch((err: unknown) => this.log.warn({ err }, 'could not raise a market alert'));
  }
}
