// How often to read each product, given how often its competition moves and what it is worth: the
// age-optimal refresh allocation of Cho and Garcia-Molina ("Effective page refresh policies for Web
// crawlers", ACM TODS 28(4), 2003; "Synchronizing a database to improve freshness", SIGMOD 2000).
//
// A product whose competitors move as a Poisson process of rate λ and that we read every I seconds
// sits out of date for an expected time-average "age" A(λ, I) = I/2 - 1/λ + (1 - e^(-λI)) / (λ²I):
// the time since the first move we have not seen yet, which is how long the seller's offer sits out
// of its target place before we can answer. We choose the intervals I_i that minimise Σ w_i A(λ_i, I_i)
// (w = what the offer is worth) subject to Σ c_i / I_i = B (c = reads per check, B = the read
// budget). The Lagrange condition is the same for every product: w_i · ∂A/∂I (I_i) · I_i² / c_i = μ,
// where μ is the price of one read per second ("the water level"). One number per budget, found by
// bisection, sets every product's interval; each product works out its own from μ at its check.
// Unlike the freshness metric (which starves what changes fastest), age gives faster-moving products
// shorter intervals, up to a point set by their worth.

/** One product as the allocation sees it. */
export interface RefreshItem {
  /** Competitor moves per second (summed over the product's cities). */
  rate: number;
  /** What the offer is worth (price × stock, × priority). */
  weight: number;
  /** Storefront reads one check costs (its cities). */
  cost: number;
  /** Shortest and longest interval allowed (seconds). */
  minSeconds: number;
  maxSeconds: number;
  /** Products alike enough to share one entry (the plan groups them: a deployment has tens of thousands). */
  count?: number;
}

/** A(λ, I): the expected time-averaged age of a product read every `interval` seconds. */
export function expectedAge(rate: number, interval: number): number {
  const x = rate * interval;
  if (x < 1e-4) return interval * (x / 6 - (x * x) / 24);
  return interval * (0.5 - 1 / x + (1 - Math.exp(-x)) / (x * x));
}

/**
 * I² · ∂A/∂I, which the optimum equates to μ·c/w. With x = λI, ∂A/∂I = 1/2 - (1 - e^(-x))/x² + e^(-x)/x:
 * ≈ x/3 for a product read far more often than it moves, → 1/2 for one that moves at every read.
 * Increasing in I, so the equation has one root.
 */
export function marginalAge(rate: number, interval: number): number {
  const x = rate * interval;
  const slope = x < 1e-3 ? x / 3 - (x * x) / 8 : 0.5 - (1 - Math.exp(-x)) / (x * x) + Math.exp(-x) / x;
  return interval * interval * slope;
}

/** The interval of one product at water level `level` (μ), within its bounds. */
export function intervalAt(item: RefreshItem, level: number): number {
  const target = (level * item.cost) / Math.max(item.weight, 1e-9);
  if (marginalAge(item.rate, item.minSeconds) >= target) return item.minSeconds;
  if (marginalAge(item.rate, item.maxSeconds) <= target) return item.maxSeconds;
  let lo = Math.log(item.minSeconds);
  let hi = Math.log(item.maxSeconds);
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (marginalAge(item.rate, Math.exp(mid)) < target) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

/** Reads per second the items use at water level `level`. */
export function readsPerSecondAt(items: readonly RefreshItem[], level: number): number {
  let sum = 0;
  for (const item of items) sum += ((item.count ?? 1) * item.cost) / intervalAt(item, level);
  return sum;
}

export interface Allocation {
  /** μ: every product's interval follows from it (intervalAt). */
  level: number;
  /** Reads per second planned at that level (≤ budget unless every product is at its shortest). */
  plannedReadsPerSecond: number;
  /** Reads per second if every product were read at its longest interval (the guarantee): demand. */
  guaranteedReadsPerSecond: number;
}

/**
 * The water level that spends `budget` reads per second (or less, when every product is already
 * at its shortest interval). More level, longer intervals, fewer reads: bisection on log μ.
 */
export function allocate(items: readonly RefreshItem[], budget: number): Allocation {
  const guaranteedReadsPerSecond = items.reduce((s, i) => s + ((i.count ?? 1) * i.cost) / i.maxSeconds, 0);
  if (!items.length) return { level: 0, plannedReadsPerSecond: 0, guaranteedReadsPerSecond };
  const atShortest = items.reduce((s, i) => s + ((i.count ?? 1) * i.cost) / i.minSeconds, 0);
  if (atShortest <= budget) return { level: 0, plannedReadsPerSecond: atShortest, guaranteedReadsPerSecond };
  let lo = Math.log(1e-12);
  let hi = Math.log(1e15);
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (readsPerSecondAt(items, Math.exp(mid)) > budget) lo = mid;
    else hi = mid;
  }
  const level = Math.exp(hi);
  return { level, plannedReadsPerSecond: readsPerSecondAt(items, level), guaranteedReadsPerSecond };
}
