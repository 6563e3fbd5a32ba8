// Pure rules of approval mode: which mode applies, what a proposal records of a decision and of the
// market, when two decisions are the same proposal, and why an approval must be refused. No I/O.
import type { CityDecision } from '../../../engine/types.ts';
import type { ApprovalMode, ProductRow, ProposalCityChange, ProposalMarketCity, ProposalStaleReason, StoreRow } from '../../../infra/db/schema.ts';
import type { MarketOffer } from '../../../kaspi/parsers/storefront-offers.parser.ts';

/** The product's own mode, else the store's. */
export function effectiveApprovalMode(product: Pick<ProductRow, 'approvalMode'>, storeMode: ApprovalMode): ApprovalMode {
  return product.approvalMode ?? storeMode;
}

/** The lowest price of a merchant that competes with us (not us, not our other shops, not ignored); null when none. */
export function cheapestCompetitor(offers: readonly MarketOffer[], notCompetitors: ReadonlySet<string>): number | null {
  let cheapest: number | null = null;
  for (const o of offers) if (!notCompetitors.has(String(o.merchantId)) && (cheapest === null || o.price < cheapest)) cheapest = o.price;
  return cheapest;
}

/** Our place among all offers as the storefront sorted them (1-based); null when not listed. */
function placeOf(offers: readonly MarketOffer[], merchantId: string): number | null {
  const i = offers.findIndex((o) => String(o.merchantId) === merchantId);
  return i < 0 ? null : i + 1;
}

export function cityNameOf(store: Pick<StoreRow, 'points'>, cityId: string): string | null {
  return store.points.find((p) => p.city_id === cityId)?.city_name ?? null;
}

/** The cities a decision moves, as a proposal records them. */
export function proposalChanges(decisions: readonly CityDecision[], store: Pick<StoreRow, 'points'>): ProposalCityChange[] {
  return decisions
    .filter((d) => d.action === 'set')
    .map((d) => ({
      city_id: d.cityId,
      city_name: cityNameOf(store, d.cityId),
      old_price: d.previousPrice,
      new_price: d.price,
      reason: d.reason,
      strategy: d.strategy,
      competitor_price: d.competitorPrice,
      expected_position: d.expectedPosition,
    }));
}

/** The market a decision saw, in every city that was read: the cheapest competitor and our place. */
export function proposalMarket(
  reads: readonly { cityId: string; offers: readonly MarketOffer[]; fetchedAt: number }[],
  store: Pick<StoreRow, 'points' | 'merchantId'>,
  notCompetitors: ReadonlySet<string>,
): ProposalMarketCity[] {
  return reads.map((r) => ({
    city_id: r.cityId,
    city_name: cityNameOf(store, r.cityId),
    cheapest_competitor_price: cheapestCompetitor(r.offers, notCompetitors),
    our_place: placeOf(r.offers, store.merchantId),
    read_at: new Date(r.fetchedAt).toISOString(),
  }));
}

/** The same cities moving from the same prices to the same prices: the same proposal. */
export function proposalFingerprint(changes: readonly Pick<ProposalCityChange, 'city_id' | 'old_price' | 'new_price'>[]): string {
  return changes
    .map((c) => `${c.city_id}:${c.old_price}>${c.new_price}`)
    .sort()
    .join(',');
}

export interface Staleness {
  reason: ProposalStaleReason;
  detail: string;
}

const tenge = (n: number | null) => (n === null ? 'nobody' : `${n} ₸`);
const where = (c: { city_id: string; city_name: string | null }) => c.city_name ?? c.city_id;

/** Refusals that need no storefront read: a newer proposal, the age limit, prices or rules changed since. */
export function staleBeforeRead(input: {
  confirmedAt: Date;
  now: Date;
  maxAgeMs: number;
  newerExists: boolean;
  changes: readonly ProposalCityChange[];
  product: Pick<ProductRow, 'price' | 'cityPrices' | 'minPrice' | 'maxPrice' | 'cityRules'>;
}): Staleness | null {
  if (input.newerExists) return { reason: 'newer_proposal', detail: 'A newer proposal exists for this product.' };
  const ageMs = input.now.getTime() - input.confirmedAt.getTime();
  if (ageMs > input.maxAgeMs) {
    return {
      reason: 'too_old',
      detail: `The proposal is ${Math.round(ageMs / 60_000)} min old (the limit is ${Math.round(input.maxAgeMs / 60_000)} min); the market it answered is too old to trust.`,
    };
  }
  for (const c of input.changes) {
    const now = input.product.cityPrices.find((p) => p.city_id === c.city_id)?.price ?? input.product.price;
    if (now !== c.old_price) return { reason: 'price_changed', detail: `Our price in ${where(c)} is now ${tenge(now)}, not ${tenge(c.old_price)} as the proposal assumed.` };
    const override = input.product.cityRules[c.city_id];
    const min = override?.min_price !== undefined ? override.min_price : input.product.minPrice;
    const max = override?.max_price !== undefined ? override.max_price : input.product.maxPrice;
    if (c.new_price < 10 || (min != null && c.new_price < min) || (max != null && c.new_price > max)) {
      return { reason: 'out_of_bounds', detail: `${tenge(c.new_price)} in ${where(c)} is outside the product's min and max price now (${tenge(min ?? null)} – ${tenge(max ?? null)}).` };
    }
  }
  return null;
}

/** The market moved: a city's cheapest competitor (or our own price) differs from what the proposal saw. */
export function marketMoved(
  saw: readonly ProposalMarketCity[],
  changes: readonly ProposalCityChange[],
  now: ReadonlyMap<string, readonly MarketOffer[]>,
  merchantId: string,
  notCompetitors: ReadonlySet<string>,
): Staleness | null {
  for (const city of saw) {
    const offers = now.get(city.city_id);
    if (!offers) continue;
    const cheapest = cheapestCompetitor(offers, notCompetitors);
    if (cheapest !== city.cheapest_competitor_price) {
      return {
        reason: 'market_moved',
        detail: `The market moved in ${where(city)}: the cheapest competitor is now ${tenge(cheapest)} (the proposal saw ${tenge(city.cheapest_competitor_price)}).`,
      };
    }
  }
  for (const c of changes) {
    const ours = now.get(c.city_id)?.find((o) => String(o.merchantId) === merchantId);
    if (ours && ours.price !== c.old_price)
      return { reason: 'price_changed', detail: `The storefront shows our price in ${where(c)} at ${tenge(ours.price)}, not ${tenge(c.old_price)} as the proposal assumed.` };
  }
  return null;
}
