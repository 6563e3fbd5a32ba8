// How often a product's competition moves, learned from what successive storefront reads show. A read
// only tells whether the offers changed since the previous read, not how many times: for an interval
// of t seconds, "changed" has probability 1 - e^(-λt) and "unchanged" e^(-λt) (competitor moves as a
// Poisson process). The estimate is the maximum a posteriori λ over the last observations, each
// weighted by its age (old behaviour fades with a half-life), with a prior of one changed and one
// unchanged interval of an hour, weighing a tenth of a read each (alone, they say λ = ln 2 / hour): with few
// observations the estimate stays near the prior instead of jumping to 0 or infinity. This is the
// irregular-interval estimator of Cho and Garcia-Molina ("Estimating frequency of change", ACM TOIT
// 3(3), 2003) with a prior and forgetting.

import type { ScheduleObservation as Observation } from '../../../infra/db/schema.ts';

export interface RateOptions {
  /** An observation this old counts half. */
  halfLifeSeconds: number;
  /** The prior: a changed and an unchanged interval of this length... */
  priorSeconds: number;
  /** ...which count as this many observations (small: a few real reads outweigh it). */
  priorWeight: number;
}

export const DEFAULT_RATE_OPTIONS: RateOptions = { halfLifeSeconds: 6 * 3600, priorSeconds: 3600, priorWeight: 0.1 };

const MIN_RATE = 1e-7;
const MAX_RATE = 1;

/**
 * The derivative of the weighted log-likelihood (plus the prior) at λ: decreasing in λ, so its root
 * is found by bisection. A changed interval contributes t·e^(-λt)/(1 - e^(-λt)), an unchanged one -t.
 */
function slope(rate: number, changed: readonly (readonly [number, number])[], unchangedSeconds: number): number {
  let s = -unchangedSeconds;
  for (const [t, w] of changed) {
    const x = rate * t;
    s += x < 1e-6 ? w / rate : (w * t * Math.exp(-x)) / -Math.expm1(-x);
  }
  return s;
}

/** Competitor moves per second for these observations at `now` (epoch seconds). */
export function estimateRate(observations: readonly Observation[], now: number, options: RateOptions = DEFAULT_RATE_OPTIONS): number {
  const changed: [number, number][] = [[options.priorSeconds, options.priorWeight]];
  let unchanged = options.priorSeconds * options.priorWeight;
  for (const [seconds, moved, at] of observations) {
    if (!(seconds > 0)) continue;
    const weight = 0.5 ** (Math.max(0, now - at) / options.halfLifeSeconds);
    if (moved) changed.push([seconds, weight]);
    else unchanged += seconds * weight;
  }
  let lo = Math.log(MIN_RATE);
  let hi = Math.log(MAX_RATE);
  if (slope(MAX_RATE, changed, unchanged) >= 0) return MAX_RATE;
  if (slope(MIN_RATE, changed, unchanged) <= 0) return MIN_RATE;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (slope(Math.exp(mid), changed, unchanged) > 0) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}
