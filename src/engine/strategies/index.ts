import type { Strategy } from '../rules.ts';
import { beatFirst } from './beat-first.ts';
import { fixed } from './fixed.ts';
import { followSecond } from './follow-second.ts';
import { manual } from './manual.ts';
import { matchFirst } from './match-first.ts';
import { stayTopN } from './stay-top-n.ts';
import type { StrategyFn } from './strategy.ts';

export const strategyFns: Record<Strategy, StrategyFn> = {
  beat_first: beatFirst,
  stay_top_n: stayTopN,
  follow_second: followSecond,
  match_first: matchFirst,
  fixed,
  manual,
};
