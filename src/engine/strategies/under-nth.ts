// Shared by the positional strategies: `step` under the N-th competitor puts us at place N or better,
// and is the highest such price of the form "competitor minus step" (never lower than needed).
import { justUnder } from '../ranking.ts';
import type { StrategyContext, StrategyTarget } from './strategy.ts';

export function underNth(ctx: StrategyContext, n: number, reason: string): StrategyTarget {
  const nth = ctx.competitors[n - 1];
  // Fewer than N competitors: every price up to max keeps place N.
  if (!nth) return { kind: 'price', price: ctx.band.max, reason, competitorPrice: null, targetPosition: n, followsMarket: true };
  return { kind: 'price', price: justUnder(nth.price, ctx.rules.step), reason, competitorPrice: nth.price, targetPosition: n, followsMarket: true };
}
