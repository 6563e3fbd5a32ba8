// Place N or better at the highest price that keeps it: step under the N-th competitor.
import type { StrategyFn } from './strategy.ts';
import { underNth } from './under-nth.ts';

export const stayTopN: StrategyFn = (ctx) => underNth(ctx, Number(ctx.rules.strategyParams['position']), 'target_position');
