/**
 * The pricing decision: a pure function of the rules, the market and the history. No I/O, no clock
 * (`now` is an input), so the worker, the tests and the benchmark all run the same code.
 *
 * Rules chosen where issue 6 is silent:
 * - Bounds: floor = max(10, min, cost floor); a missing min makes the current price the floor and a
 *   missing max makes it the ceiling (no move the seller gave no bound for). floor > max: hold
 *   'floor_above_max'. A current price outside the band (or not an integer) is moved into it at once,
 *   'out_of_bounds', past the switches and rails: the band is a hard rule, the rails are soft ones.
 * - Kaspi's order at equal price and equal rating is unknown; we assume the competitor ranks first,
 *   so an expected position is never better than the real one. A missing rating counts as 0.
 * - "Just under" a competitor means `step` below it (ceil of its price minus step), everywhere.
 * - beat_first: leader minus step. Already first and the leader is within step: hold 'already_first'
 *   (a strategy never lowers a price that already holds its target place). First with a bigger gap:
 *   raise to leader minus step ('follow_raise') when auto-raise is on.
 * - stay_top_n: step under the N-th competitor (place <= N at the highest such price); fewer than N
 *   competitors: max. follow_second = stay_top_n with N = 2: exactly one competitor is cheaper, or
 *   none when the two cheapest share a price; we never chase the leader.
 * - match_first: the leader's price when our rating beats every competitor at that price, else beat_first.
 * - Cluster (beat_first, match_first; off by default, tolerance 0): when `clusterMinSize` (default 3)
 *   competitors sit within `clusterTolerance` tenge of the leader, match the leader's price.
 * - At the floor: hold_at_min sits at the floor; best_reachable keeps the place the floor gives at
 *   the highest price that keeps it (step under the cheapest competitor behind us, capped by max).
 * - No competitor left after filtering: go_to_max (a raise: switches and cooldown apply) or hold.
 * - Rails: raise cooldown counts from our last raise in that city; max changes per day counts per
 *   city; max drop caps one cycle at ceil(current * (1 - pct/100)) but at least 1 tenge
 *   ('max_drop_capped'), so a deep undercut takes several cycles.
 *   Switches and rails apply to market-following strategies only: `fixed` is the seller's own
 *   price (only clamped), `manual` always holds.
 * - A failed, HTML, stale or missing market read: hold 'market_error', never "no competitors".
 *   Invalid rules: hold 'invalid_rules' (validateRules gives the messages).
 * - Competitors: our merchant id and the user's other shops (as strings), the ignore list, with a
 *   delivery filter the slower buckets and every preorder offer; one offer per merchant (its cheapest).
 * - Output: one pricefeed plan per offer when any city changes: every city's price (changed or not,
 *   since per-city calls overwrite each other) and base = the lowest city price.
 */

import { bestReachablePrice } from './at-floor.ts';
import { type CompetitorFilter, competitorsOf } from './competitors.ts';
import { priceBand } from './floor.ts';
import type { MarketOffer } from './market-offer.ts';
import { pricefeedPlan } from './offer-push.ts';
import { inKaspiOrder, positionAt } from './ranking.ts';
import { type PricingRules, rulesFor, validateRules } from './rules.ts';
import { strategyFns } from './strategies/index.ts';
import type { CityDecision, CityInput, DecideInput, Decision } from './types.ts';

export type { CityDecision, CityInput, CityMarket, DecideInput, Decision, PricefeedPlan } from './types.ts';

export function decide(input: DecideInput): Decision {
  const filterBase = {
    ownMerchantIds: new Set([input.ourMerchantId, ...(input.ownMerchantIds ?? [])].map(String)),
    ignoredMerchantIds: new Set((input.ignoredMerchantIds ?? []).map(String)),
  };
  const cities = input.cities.map((city) => decideCity(input, city, rulesFor(input.rules, input.cityRules?.[city.cityId]), filterBase));
  return { cities, push: pricefeedPlan(cities) };
}

/** Why a strategy's "lower" or "hold" reason reads differently when the move is a raise or a kept place. */
const followingReasons = new Set(['undercut_leader', 'target_position']);

function decideCity(input: DecideInput, city: CityInput, rules: PricingRules, filterBase: Omit<CompetitorFilter, 'maxDeliveryDuration'>): CityDecision {
  const current = city.currentPrice;
  let competitors: MarketOffer[] | null = null;
  const positionOf = (price: number) => (competitors ? positionAt(price, input.ourRating, competitors) : null);
  const result = (action: CityDecision['action'], price: number, reason: string, competitorPrice: number | null): CityDecision => ({
    cityId: city.cityId,
    action,
    price,
    previousPrice: current,
    reason,
    strategy: rules.strategy,
    expectedPosition: positionOf(price),
    competitorPrice,
  });
  const leaderPrice = () => competitors?.[0]?.price ?? null;
  const hold = (reason: string, competitorPrice: number | null = leaderPrice()) => result('hold', current, reason, competitorPrice);

  if (validateRules(rules).length > 0) return hold('invalid_rules');
  if (city.market.ok) competitors = inKaspiOrder(competitorsOf(city.market.offers, { ...filterBase, maxDeliveryDuration: rules.maxDeliveryDuration }));
  if (rules.strategy === 'manual') return hold('manual');
  if (!competitors) return hold('market_error', null);

  const band = priceBand(rules, current);
  if (band.floor > band.max) return hold('floor_above_max');
  const inBand = Number.isSafeInteger(current) && current >= band.floor && current <= band.max;
  const clamp = (price: number) => Math.min(band.max, Math.max(band.floor, Math.floor(price)));

  const followsMarketStrategy = rules.strategy !== 'fixed';
  if (followsMarketStrategy && competitors.length === 0 && rules.noCompetitors === 'hold') {
    return inBand ? hold('no_competitors_hold', null) : result('set', clamp(current), 'out_of_bounds', null);
  }
  const target =
    followsMarketStrategy && competitors.length === 0
      ? ({ kind: 'price', price: band.max, reason: 'no_competitors_max', competitorPrice: null, targetPosition: 1, followsMarket: true } as const)
      : strategyFns[rules.strategy]({ rules, competitors, ourRating: input.ourRating, band });
  if (target.kind === 'hold') return hold(target.reason);

  let price = target.price;
  let reason = target.reason;
  if (target.followsMarket && price < band.floor) {
    if (rules.atFloor === 'best_reachable') {
      price = bestReachablePrice(band, rules.step, input.ourRating, competitors);
      reason = 'best_reachable';
    } else {
      price = band.floor;
      reason = 'at_floor_hold';
    }
  }
  price = clamp(price);
  const competitorPrice = target.competitorPrice;

  if (!inBand) return result('set', price, 'out_of_bounds', competitorPrice);
  const keepsPlace = target.targetPosition !== null && (positionOf(current) ?? Number.POSITIVE_INFINITY) <= target.targetPosition;
  const placeKept = target.targetPosition === 1 ? 'already_first' : 'target_held';
  if (price === current) return hold(keepsPlace && followingReasons.has(reason) ? placeKept : reason, competitorPrice);
  if (!target.followsMarket) return result('set', price, reason, competitorPrice);
  // Never lower a price that already holds the place the strategy aims for.
  if (price < current && keepsPlace) return hold(placeKept, competitorPrice);

  const history = city.history ?? { changesToday: 0, lastRaiseAt: null };
  const dailyLimitReached = rules.maxChangesPerDay !== null && history.changesToday >= rules.maxChangesPerDay;
  if (price > current) {
    if (!rules.autoRaise) return hold('auto_raise_off', competitorPrice);
    const sinceRaiseMs = history.lastRaiseAt ? input.now.getTime() - history.lastRaiseAt.getTime() : Number.POSITIVE_INFINITY;
    if (sinceRaiseMs < rules.raiseCooldownSeconds * 1000) return hold('cooldown', competitorPrice);
    if (dailyLimitReached) return hold('daily_limit', competitorPrice);
    return result('set', price, followingReasons.has(reason) ? 'follow_raise' : reason, competitorPrice);
  }
  if (!rules.autoLower) return hold('auto_lower_off', competitorPrice);
  if (dailyLimitReached) return hold('daily_limit', competitorPrice);
  // At least one tenge per cycle, so a small percent on a cheap item cannot freeze it.
  const lowestThisCycle = Math.min(current - 1, Math.ceil(current * (1 - rules.maxDropPercent / 100)));
  if (price < lowestThisCycle) return result('set', lowestThisCycle, 'max_drop_capped', competitorPrice);
  return result('set', price, reason, competitorPrice);
}
