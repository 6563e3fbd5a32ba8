// The demper leaves the price alone, whatever the market or the band says.
import type { StrategyFn } from './strategy.ts';

export const manual: StrategyFn = () => ({ kind: 'hold', reason: 'manual' });
