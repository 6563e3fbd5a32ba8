// The engine's input and output. Plain data so the worker can build it from the database and the
// storefront reader, and tests can build it by hand.
import type { MarketOffer } from './market-offer.ts';
import type { PricingRules, Strategy } from './rules.ts';

/** A city's storefront read: the offers, or why there are none we can trust (failed, HTML, stale...). */
export type CityMarket = { ok: true; offers: readonly MarketOffer[] } | { ok: false; error: string };

export interface CityHistory {
  /** Our price changes in this city since local midnight. */
  changesToday: number;
  lastRaiseAt: Date | null;
}

export interface CityInput {
  cityId: string;
  /** Our price in this city now. */
  currentPrice: number;
  market: CityMarket;
  history?: CityHistory;
}

export interface DecideInput {
  /** The product's rules; missing fields take the defaults of rules.ts. */
  rules: Partial<PricingRules>;
  /** Per-city overrides over the product's rules. */
  cityRules?: Readonly<Record<string, Partial<PricingRules>>>;
  ourMerchantId: string;
  /** The user's other shops: never competitors either. */
  ownMerchantIds?: readonly string[];
  /** The store's ignore list. */
  ignoredMerchantIds?: readonly string[];
  ourRating: number | null;
  cities: readonly CityInput[];
  now: Date;
}

export type DecisionAction = 'set' | 'hold';

export interface CityDecision {
  cityId: string;
  action: DecisionAction;
  /** The price after this decision: the new one for `set`, the current one for `hold`. */
  price: number;
  previousPrice: number;
  reason: string;
  strategy: Strategy;
  /** 1-based among the filtered competitors and us; null when the market is unknown. */
  expectedPosition: number | null;
  /** The competitor price the decision was aimed at, for price history. */
  competitorPrice: number | null;
}

/** One pricefeed call carries every city of the offer (protocol 2.4); the base price is the lowest city price. */
export interface PricefeedPlan {
  basePrice: number;
  cityPrices: { cityId: string; price: number }[];
}

export interface Decision {
  cities: CityDecision[];
  /** Null: nothing to push. */
  push: PricefeedPlan | null;
}
