// What every strategy gets and gives back. A strategy only names the price it wants; bounds, the
// floor behaviour, the auto switches and the anti-war rails are applied after it, in engine.ts.

import type { PriceBand } from '../floor.ts';
import type { MarketOffer } from '../market-offer.ts';
import type { PricingRules } from '../rules.ts';

export interface StrategyContext {
  rules: PricingRules;
  /** Filtered competitors in Kaspi's order; never empty for a market-following strategy. */
  competitors: readonly MarketOffer[];
  ourRating: number | null;
  band: PriceBand;
}

export type StrategyTarget =
  | { kind: 'hold'; reason: string }
  | {
      kind: 'price';
      /** May lie outside the band; the engine clamps it. */
      price: number;
      reason: string;
      competitorPrice: number | null;
      /** The place the strategy aims for; a current price already there is never lowered. */
      targetPosition: number | null;
      /** False for `fixed`: the seller's own price, no market rules. */
      followsMarket: boolean;
    };

export type StrategyFn = (ctx: StrategyContext) => StrategyTarget;
