// One product's scheduling at the end of its check: what the reads taught (pace per city, a war),
// and when to read next. Pure; the check supplies the reads, the settings and the plan's level.
import type { CityWatch, ProductSchedule, WarClock } from '../../../infra/db/schema.ts';
import { expectAnswer } from './answerer-war.ts';
import { DEFAULT_RATE_OPTIONS, estimateRate } from './change-rate.ts';
import { type CityReadView, observe } from './market-watch.ts';
import { type NextRead, nextRead, type SchedulerMode } from './next-read.ts';
import { advanceWar, probeInterval, suspectWar } from './price-war.ts';
import { guaranteeSeconds, longestWaitSeconds, offerWorth } from './schedule-plan.ts';

/** Reads a probe of a suspected war may take before it gives up (and waits PROBE_PAUSE_SECONDS). */
const PROBE_READS = 16;
const PROBE_PAUSE_SECONDS = 3600;

export interface Learned {
  cities: CityWatch[];
  war: WarClock | null;
  probe: NonNullable<ProductSchedule['probe']> | null;
  probeAfter: number | null;
  /** Competitor moves per second over the cities. */
  rate: number;
  observations: number;
  /** A read new to this product showed the competition moved (other shops selling it have news too). */
  moved: boolean;
}

/**
 * Adds this check's reads to what the product's schedule knew. `lastOurMoveAt`: epoch s of our last
 * push. `mayProbe` is asked, with the reads per second the probe would take (the cities read over its
 * interval), before a suspected war's probe starts (the plan's room for probes; never for uniform stores).
 */
export function learn(
  previous: ProductSchedule | null,
  reads: readonly CityReadView[],
  ownMerchantIds: ReadonlySet<string>,
  lastOurMoveAt: number | null,
  now: number,
  minSeconds: number,
  mayProbe: (readsPerSecond: number) => boolean = () => true,
): Learned {
  const byCity = new Map((previous?.cities ?? []).map((c) => [c.city_id, c]));
  let war = previous?.war ?? null;
  let probe = previous?.probe ?? null;
  let probeAfter = previous?.probe_after ?? null;
  const nowS = now / 1000;
  let moved = false;
  for (const read of reads) {
    const before = byCity.get(read.cityId);
    const result = observe(before, read, ownMerchantIds, lastOurMoveAt);
    if (!result.fresh) continue;
    byCity.set(read.cityId, result.watch);
    moved ||= result.moved;
    if (before && (!war || war.city_id === read.cityId)) war = advanceWar(war, result.watch, result.moved, before.read_at, result.watch.read_at, minSeconds);
    if (war) {
      probe = null;
    } else if (probe?.city_id === read.cityId) {
      probe = probe.reads_left > 1 ? { ...probe, reads_left: probe.reads_left - 1 } : null;
      if (!probe) probeAfter = nowS + PROBE_PAUSE_SECONDS;
    } else if (!probe && (probeAfter ?? 0) <= nowS && suspectWar(result.watch)) {
      const interval = probeInterval(result.watch, minSeconds);
      if (mayProbe(Math.max(1, reads.length) / interval)) probe = { city_id: read.cityId, reads_left: PROBE_READS, interval_seconds: interval };
    }
  }
  const cities = [...byCity.values()];
  const rate = cities.reduce((sum, c) => sum + estimateRate(c.observations, nowS, c.prior_seconds ? { ...DEFAULT_RATE_OPTIONS, priorSeconds: c.prior_seconds } : DEFAULT_RATE_OPTIONS), 0);
  const observations = Math.min(...cities.map((c) => c.observations.length), Number.POSITIVE_INFINITY);
  return { cities, war, probe, probeAfter, rate, observations: Number.isFinite(observations) ? observations : 0, moved };
}

export interface ScheduleContext {
  mode: SchedulerMode;
  now: number;
  settings: { checkIntervalSeconds: number; priorityIntervalSeconds: number; maxIntervalSeconds: number };
  priority: boolean;
  price: number;
  stock: number;
  /** Storefront reads per check: the offer's cities. */
  cost: number;
  minSeconds: number;
  /** The plan's water level for the product's read budget (null before the first plan). */
  level: number | null;
  /** The plan's stretch of non-priority guarantees (1: not overloaded; schedule-plan.ts). */
  guaranteeStretch: number;
  verifyDelayMs: number;
  retryMs: number;
  jitter: number;
}

/** The next read and the schedule to store, given what was learned and how the check ended. */
export function schedule(learned: Learned, context: ScheduleContext, outcome: { verifySoon: boolean; failed: boolean; pushed?: boolean }): { next: NextRead; state: ProductSchedule } {
  const guarantee = guaranteeSeconds(context.settings, context.priority, context.minSeconds);
  // A bot that answers our moves is read when its answer to this push is due.
  const war = learned.war?.answer && outcome.pushed ? expectAnswer(learned.war, context.now / 1000, context.minSeconds) : learned.war;
  const next = nextRead({
    mode: context.mode,
    now: context.now,
    uniformSeconds: context.priority ? context.settings.priorityIntervalSeconds : context.settings.checkIntervalSeconds,
    minSeconds: context.minSeconds,
    maxSeconds: longestWaitSeconds(guarantee, context.priority, context.guaranteeStretch),
    rate: learned.rate,
    weight: offerWorth(context.price, context.stock, context.priority),
    cost: Math.max(1, context.cost),
    priority: context.priority,
    observations: learned.observations,
    level: context.level,
    war: context.mode === 'adaptive' ? war : null,
    probeSeconds: context.mode === 'adaptive' && learned.probe ? learned.probe.interval_seconds : null,
    verifySoon: outcome.verifySoon,
    verifyDelayMs: context.verifyDelayMs,
    failed: outcome.failed,
    retryMs: context.retryMs,
    jitter: context.jitter,
  });
  return {
    next,
    state: {
      mode: context.mode,
      rate: learned.rate,
      interval_seconds: next.intervalSeconds,
      reason: next.reason,
      cost: Math.max(1, context.cost),
      planned_at: new Date(context.now).toISOString(),
      cities: learned.cities,
      war,
      probe: learned.probe,
      probe_after: learned.probeAfter,
    },
  };
}
