// The seller's own price from strategy_params.price; the engine only clamps it into the band.
import type { StrategyFn } from './strategy.ts';

export const fixed: StrategyFn = (ctx) => ({
  kind: 'price',
  price: Number(ctx.rules.strategyParams['price']),
  reason: 'fixed',
  competitorPrice: null,
  targetPosition: null,
  followsMarket: false,
});
