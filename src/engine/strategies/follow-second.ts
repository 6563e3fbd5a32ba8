// Second place without a war: step under the second-cheapest competitor, so exactly one competitor
// is cheaper (or none, when the two cheapest share a price). We never chase the leader, so a leader
// that undercuts us does not start a spiral.
import type { StrategyFn } from './strategy.ts';
import { underNth } from './under-nth.ts';

export const followSecond: StrategyFn = (ctx) => underNth(ctx, 2, 'target_position');
