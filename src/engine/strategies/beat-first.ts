// Cheapest competitor minus step; in a bot cluster, match the leader instead.
import { clusterLeaderPrice } from '../cluster.ts';
import type { StrategyFn } from './strategy.ts';
import { underNth } from './under-nth.ts';

export const beatFirst: StrategyFn = (ctx) => {
  const clusterPrice = clusterLeaderPrice(ctx.competitors, ctx.rules);
  if (clusterPrice !== null) {
    return { kind: 'price', price: clusterPrice, reason: 'cluster_match', competitorPrice: clusterPrice, targetPosition: null, followsMarket: true };
  }
  return underNth(ctx, 1, 'undercut_leader');
};
