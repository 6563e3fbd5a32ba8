// Equal price ranks the better-rated merchant first, so a better rating wins first place at the
// leader's price without undercutting anyone. Otherwise this is beat_first.
import { positionAt } from '../ranking.ts';
import { beatFirst } from './beat-first.ts';
import type { StrategyFn } from './strategy.ts';

export const matchFirst: StrategyFn = (ctx) => {
  const leader = ctx.competitors[0];
  if (leader) {
    const matched = Math.floor(leader.price);
    if (positionAt(matched, ctx.ourRating, ctx.competitors) === 1) {
      return { kind: 'price', price: matched, reason: 'match_better_rating', competitorPrice: leader.price, targetPosition: 1, followsMarket: true };
    }
  }
  return beatFirst(ctx);
};
