// The price band a city's decision must stay inside. Kaspi refuses prices under 10 tenge.
import type { CostRules, PricingRules } from './rules.ts';

export const kaspiMinimumPrice = 10;

/**
 * The lowest integer price at which a sale still covers purchase, delivery, commission and tax:
 * p - p * (commission + tax) / 100 >= purchase + delivery. The epsilon absorbs float noise so an
 * exact break-even price is not pushed one tenge up.
 */
export function costFloor(cost: CostRules): number {
  const keptShare = 1 - (cost.commissionPercent + cost.taxPercent) / 100;
  return Math.ceil((cost.purchasePrice + cost.delivery) / keptShare - 1e-9);
}

export interface PriceBand {
  floor: number;
  max: number;
}

/** Missing min or max fall back to the current price (see rules.ts): no move without a bound the seller chose. */
export function priceBand(rules: PricingRules, currentPrice: number): PriceBand {
  const floor = Math.max(kaspiMinimumPrice, rules.minPrice ?? Math.ceil(currentPrice), rules.cost ? costFloor(rules.cost) : 0);
  const max = rules.maxPrice ?? Math.floor(currentPrice);
  return { floor, max };
}
