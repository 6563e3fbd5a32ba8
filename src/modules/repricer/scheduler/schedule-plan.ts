// The plan: per read budget (the pool of egress IPs, or a store's own proxy), the water level that
// spends it (refresh-allocation.ts) given every product's learned pace and worth. Pure: rows in, plan
// out. Each product's check turns the level into its own interval (next-read.ts).
import { type SchedulePlanRow, VERIFY_WINDOW_SECONDS } from '../../products/index.ts';
import { allocate, type RefreshItem } from './refresh-allocation.ts';

export interface PlanOptions {
  /** Storefront reads per second per egress IP (STOREFRONT_READS_PER_SECOND). */
  readsPerSecond: number;
  /** Egress IPs in the pool (KASPI_PROXIES; none = 1, direct). */
  poolSize: number;
  /** The share of the budget the plan spends; the rest is for verification reads, retries and the API. */
  share: number;
  /** The server's shortest interval (DEMPER_MIN_INTERVAL_SECONDS). */
  minSeconds: number;
}

export interface EgressPlan {
  /** μ, the price of one read per second: every adaptive product's interval follows from it. */
  level: number;
  /** What the shops ask for exceeds the budget: non-priority products' longest intervals stretch. */
  overloaded: boolean;
  /**
   * How much longer than its guarantee a non-priority adaptive product may wait (1 unless overloaded):
   * just enough for the guarantees left to fit the budget after the fixed reads and priority, so a
   * short overload (a burst of verification reads, probes) stretches them a little, not to a day.
   */
  guaranteeStretch: number;
  budgetReadsPerSecond: number;
  plannedReadsPerSecond: number;
  /** Reads per second the shops ask for: uniform stores at their interval, wars at their period, adaptive products at their guarantee. */
  demandReadsPerSecond: number;
  productsInWar: number;
  /** Suspected wars being timed (price-war.ts), and the reads per second new ones may take before the next plan. */
  productsProbing: number;
  probeReadsRoom: number;
  products: number;
}

export interface SchedulePlan {
  /** Epoch ms. */
  at: number;
  egress: Record<string, EgressPlan>;
}

/** ln 2 / 1 h: the estimator's prior (change-rate.ts), for products the scheduler has not seen yet. */
export const UNSEEN_RATE = Math.LN2 / 3600;
/** A priority product weighs this many times its worth. */
export const PRIORITY_WEIGHT = 4;
/**
 * Probes (reads a few times faster to time a suspected war) may take this share of a budget. Without
 * a cap, a fleet's first sweeps suspect hundreds of wars at once, their probes take every read, and
 * probes and everything else run minutes late, too late to time anything.
 */
export const PROBE_SHARE = 0.3;
/**
 * The reads paid first (wars, probes, verification, uniform stores) count against at most this share
 * of a budget when the guarantees are fitted: the rest always serves the guarantees, so a fleet of
 * wars makes every read a little late (they share the queue) rather than every quiet product a day
 * late. In the reaction bench, 166 wars, their verification reads and the probes asked 7.5 of 7.6
 * reads/s, and 5,000 hourly guarantees need 1.4.
 */
const FIXED_SHARE_MAX = 0.8;
/** However overloaded the budget, no product waits longer than a day. */
const LONGEST_OVERLOADED_SECONDS = 86_400;

/**
 * What an offer is worth to the allocation: √(price × stock), × PRIORITY_WEIGHT for priority. The
 * square root keeps a 100× dearer offer from taking 100× the reads: the age-optimal interval goes
 * as worth^(-1/3) for quiet products, so a 10,000× range of worth spans about 4.6× in interval.
 */
export function offerWorth(price: number, stock: number, priority: boolean): number {
  return Math.sqrt(Math.max(price, 1) * Math.max(stock, 1)) * (priority ? PRIORITY_WEIGHT : 1);
}

/** The longest a product may wait (adaptive): the store's guarantee, or its priority interval when shorter. */
export function guaranteeSeconds(settings: { maxIntervalSeconds: number; priorityIntervalSeconds: number }, priority: boolean, minSeconds: number): number {
  return Math.max(minSeconds, priority ? Math.min(settings.priorityIntervalSeconds, settings.maxIntervalSeconds) : settings.maxIntervalSeconds);
}

/** The longest a product may wait under the plan: its guarantee, stretched (not for priority) when overloaded. */
export function longestWaitSeconds(guarantee: number, priority: boolean, stretch: number): number {
  return priority || stretch <= 1 ? guarantee : Math.min(Math.max(guarantee, LONGEST_OVERLOADED_SECONDS), guarantee * stretch);
}

/**
 * A budget's stretch of the non-priority guarantees (null: no plan for it yet). A plan cached by an
 * older process has no stretch: overloaded meant a day then.
 */
export function guaranteeStretchOf(egress: EgressPlan | undefined): number | null {
  if (!egress) return null;
  return egress.guaranteeStretch ?? (egress.overloaded ? LONGEST_OVERLOADED_SECONDS : 1);
}

/** The read budget a store's products draw on: its own proxy's, or the pool's (as planRows names them). */
export function egressOf(store: { id: string; proxyUrlEncrypted: string | null }): string {
  return store.proxyUrlEncrypted ? `own:${store.id}` : 'pool';
}

export function buildPlan(rows: readonly SchedulePlanRow[], options: PlanOptions, now: number): SchedulePlan {
  const byEgress = new Map<string, SchedulePlanRow[]>();
  for (const row of rows) {
    const list = byEgress.get(row.egress);
    if (list) list.push(row);
    else byEgress.set(row.egress, [row]);
  }
  const egress: Record<string, EgressPlan> = {};
  for (const [key, list] of byEgress) egress[key] = planEgress(list, budgetOf(key, options), options.minSeconds);
  return { at: now, egress };
}

export function budgetOf(egress: string, options: PlanOptions): number {
  return options.readsPerSecond * (egress === 'pool' ? Math.max(1, options.poolSize) : 1) * options.share;
}

function planEgress(rows: readonly SchedulePlanRow[], budget: number, minSeconds: number): EgressPlan {
  let fixed = 0;
  let wars = 0;
  let probes = 0;
  let probeReads = 0;
  // Every push is followed by a verification read per city after Kaspi's ingest delay. In a war that
  // is about a read per rival move on top of the war's own: the plan leaves room for what the last
  // minute's pushes ask, or they make every other read late.
  let verifyReads = 0;
  let guaranteed = 0;
  let priorityGuaranteed = 0;
  const adaptive: { row: SchedulePlanRow; max: number }[] = [];
  for (const row of rows) {
    if (row.pushedRecently) verifyReads += row.cost / VERIFY_WINDOW_SECONDS;
    if (row.scheduler === 'uniform') {
      fixed += row.cost / Math.max(minSeconds, row.priority ? row.priorityIntervalSeconds : row.checkIntervalSeconds);
    } else if (row.warPeriodSeconds !== null) {
      wars++;
      fixed += row.cost / Math.max(minSeconds, row.warPeriodSeconds);
    } else if (row.probeSeconds !== null) {
      probes++;
      probeReads += row.cost / Math.max(minSeconds, row.probeSeconds);
    } else {
      const max = guaranteeSeconds(row, row.priority, minSeconds);
      guaranteed += row.cost / max;
      if (row.priority) priorityGuaranteed += row.cost / max;
      adaptive.push({ row, max });
    }
  }
  fixed += probeReads + verifyReads;
  const demand = fixed + guaranteed;
  const overloaded = demand > budget;
  // Priority keeps its guarantee; the others share what is left in proportion (never under 1).
  const paidFirst = Math.min(fixed, FIXED_SHARE_MAX * budget);
  const room = budget - paidFirst - priorityGuaranteed;
  const stretch = !overloaded ? 1 : room > 0 ? Math.max(1, (guaranteed - priorityGuaranteed) / room) : Number.POSITIVE_INFINITY;
  // Alike products share one entry: rate and worth rounded to ~6 % steps on a log scale.
  const groups = new Map<string, RefreshItem>();
  for (const { row, max } of adaptive) {
    const rate = row.rate ?? UNSEEN_RATE;
    const worth = offerWorth(row.price, row.stock, row.priority);
    const maxSeconds = longestWaitSeconds(max, row.priority, stretch);
    const rateKey = Math.round(Math.log(rate) * 16);
    const worthKey = Math.round(Math.log(worth) * 16);
    const key = `${rateKey}|${worthKey}|${row.cost}|${maxSeconds}`;
    const item = groups.get(key);
    if (item) item.count = (item.count ?? 1) + 1;
    else groups.set(key, { rate: Math.exp(rateKey / 16), weight: Math.exp(worthKey / 16), cost: row.cost, minSeconds, maxSeconds, count: 1 });
  }
  const allocation = allocate([...groups.values()], Math.max(0, budget - paidFirst));
  return {
    level: allocation.level,
    overloaded,
    guaranteeStretch: Number.isFinite(stretch) ? Math.round(stretch * 100) / 100 : LONGEST_OVERLOADED_SECONDS,
    budgetReadsPerSecond: round2(budget),
    plannedReadsPerSecond: round2(fixed + allocation.plannedReadsPerSecond),
    demandReadsPerSecond: round2(demand),
    productsInWar: wars,
    productsProbing: probes,
    probeReadsRoom: round2(Math.max(0, PROBE_SHARE * budget - probeReads)),
    products: rows.length,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
