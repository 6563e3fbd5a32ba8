// Price wars: a rival (usually a bot) that undercuts at a steady step and period, often only after we
// moved. Recognised from a city's recent moves; then the product is read on the rival's clock instead
// of the allocation's interval: just after its next move is due, so each of its moves costs about one
// read and is answered within seconds (advanceWar says how the clock keeps time).

import type { CityWatch, ScheduleMove, WarClock } from '../../../infra/db/schema.ts';
import { advanceAnswerer, answererClock, recogniseAnswerer } from './answerer-war.ts';
import { median } from './median.ts';

export type { WarClock } from '../../../infra/db/schema.ts';

/** A planned read comes this long after the move is expected (seconds): our reads and the rival's clock both jitter. */
const MARGIN_SECONDS = 2;
/** After a read that saw the move, the next is planned this much earlier relative to the rival's clock (seconds). */
const WALK_SECONDS = 1;
const RECENT_SECONDS = 3 * 3600;
const MIN_MOVES = 4;
const MAX_MARKS = 12;
/** A probe reads at least this often (s). */
const PROBE_MAX_SECONDS = 20;

export interface WarSign {
  periodSeconds: number;
  step: number | null;
  answersUs: boolean;
}

/**
 * A war, if the city's recent moves show one: at least four, mostly undercuts, at a steady period
 * (each gap between the moves' estimated times within ±35 % of a multiple, at most 4, of the typical
 * short gap), seen by reads faster than the moves (else the gaps only repeat our own read interval).
 */
export function recogniseWar(watch: CityWatch, now: number): WarSign | null {
  const moves = watch.moves.filter((m) => now - m[0] <= RECENT_SECONDS);
  if (moves.length < MIN_MOVES) return null;
  const undercuts = moves.filter((m) => m[2] < 0);
  if (undercuts.length < 0.6 * moves.length) return null;
  const times = moves.map(([seen, previous]) => (seen + previous) / 2);
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  // A bot on a clock moves only on its ticks, and skips the ticks where we have not answered yet:
  // the gaps are then multiples of its period. Two candidates for that period, the typical gap and
  // the typical short gap; the one the gaps fit better (as multiples of it) wins, the longer on a tie.
  const fitTo = (base: number) => {
    const multiples = gaps.map((g) => Math.max(1, Math.round(g / base)));
    const misfit = median(gaps.map((g, i) => Math.abs(g / multiples[i]! - base))) / base;
    return { base, multiples, misfit };
  };
  const sorted = [...gaps].sort((a, b) => a - b);
  const typical = median(gaps);
  const short = median(sorted.slice(0, Math.max(1, Math.ceil(sorted.length / 2))));
  if (!(short > 0)) return null;
  const [a, b] = [fitTo(typical), fitTo(short)];
  const { base, multiples, misfit } = b.misfit < a.misfit - 0.05 ? b : a;
  if (misfit > 0.35 || multiples.some((k) => k > 4)) return null;
  const widths = moves.map(([seen, previous]) => seen - previous);
  if (median(widths) > 0.6 * base) return null;
  // The whole span over the periods it holds: each time's error counts once, not at every gap.
  const period = (times.at(-1)! - times[0]!) / multiples.reduce((a, b) => a + b, 0);
  const steps = undercuts.map((m) => -m[2]);
  const step = median(steps);
  const steady = steps.every((s) => Math.abs(s - step) <= Math.max(1, 0.2 * step));
  const answersUs = moves.filter((m: ScheduleMove) => m[3] === 1).length >= 0.8 * moves.length;
  return { periodSeconds: Math.round(period * 10) / 10, step: steady ? step : null, answersUs };
}

/**
 * A war may be on but cannot be seen yet: the competition moved at three of the last four reads, or at
 * both of the last two, mostly undercuts. Reads that slow cannot time the moves, so the product is
 * probed (read faster for a while) until the moves are timed and the war recognised, or the probe
 * gives up. Two reads in a row suffice: a fleet's first sweeps are slow, and probes are capped anyway.
 */
export function suspectWar(watch: CityWatch): boolean {
  const changed = (o: CityWatch['observations'][number]) => o[1] === 1;
  const last4 = watch.observations.slice(-4);
  const last2 = watch.observations.slice(-2);
  const busy = (last4.length === 4 && last4.filter(changed).length >= 3) || (last2.length === 2 && last2.every(changed));
  if (!busy) return false;
  const moves = watch.moves.slice(-3);
  return moves.length >= 2 && moves.filter((m) => m[2] < 0).length >= 2;
}

/**
 * How fast a probe reads: a quarter of the recent read spacing, between the server minimum and 20 s.
 * Bots move every minute or few; reads a minute apart cannot time such moves, so a probe that slow
 * would spend its reads for nothing (the plan caps what probes take in all).
 */
export function probeInterval(watch: CityWatch, minIntervalSeconds: number): number {
  const spacing = median(watch.observations.slice(-4).map((o) => o[0]));
  return Math.max(minIntervalSeconds, Math.min(PROBE_MAX_SECONDS, spacing / 4));
}

/** How close two reads must be for the move between them to count as timed (seconds): a tenth of the period. */
export function lockWidth(clock: Pick<WarClock, 'period_seconds'>, minIntervalSeconds: number): number {
  return Math.max(minIntervalSeconds, clock.period_seconds / 10);
}

/** The period from the marks (timed moves): their span over the periods it holds. */
function refinedPeriod(marks: readonly number[], current: number): number {
  if (marks.length < 2) return current;
  const span = marks.at(-1)! - marks[0]!;
  const periods = Math.round(span / current);
  return periods >= 1 && periods <= 64 ? span / periods : current;
}

/**
 * The clock after a read of the war's city at `now` (epoch s), `moved` saying whether it showed a
 * move since `previousReadAt`. A read that sees the move only says the move came before it; one that
 * does not says it comes after. So the clock plans each read a little after the move is due and,
 * while its reads keep seeing the move, walks the plan a second earlier per period; the first planned
 * read that comes too early is followed by another one `lockWidth / 2` later, and those two time the
 * move honestly (a mark). Marks set the period; the walk keeps the lateness to a few seconds at about
 * one read per move. A product without a clock gets one when its moves show a war; null when the war
 * is over (the move is a quarter period late, or none is recognised).
 */
export function advanceWar(clock: WarClock | null, watch: CityWatch, moved: boolean, previousReadAt: number, now: number, minIntervalSeconds: number): WarClock | null {
  if (clock?.answer && clock.city_id === watch.city_id) return advanceAnswerer(clock, watch, moved, now, minIntervalSeconds);
  if (!clock || clock.city_id !== watch.city_id) {
    const sign = recogniseWar(watch, now);
    if (!sign) {
      if (clock) return clock;
      // No clock of its own fits: perhaps a bot that answers our moves after a steady delay. (A bot on
      // a clock that we answer at once also moves a steady delay after our pushes; its clock comes
      // first, so it is shown with its own period.)
      const answerer = recogniseAnswerer(watch, now);
      return answerer ? answererClock(watch, answerer, now) : null;
    }
    const [seen, previous] = watch.moves.at(-1)!;
    const expected = (seen + previous) / 2 + sign.periodSeconds;
    // Moves the recognising reads already timed closely enough start the marks.
    const width = lockWidth({ period_seconds: sign.periodSeconds }, minIntervalSeconds);
    const marks = watch.moves.filter(([s, p]) => s - p <= 2 * width).map(([s, p]) => (s + p) / 2);
    return {
      city_id: watch.city_id,
      period_seconds: sign.periodSeconds,
      expected_at: expected,
      read_at: expected + MARGIN_SECONDS,
      step: sign.step,
      answers_us: sign.answersUs,
      misses: 0,
      walk_seconds: WALK_SECONDS,
      since: now,
      marks: marks.slice(-MAX_MARKS),
    };
  }
  const width = lockWidth(clock, minIntervalSeconds);
  if (moved) {
    const sign = recogniseWar(watch, now);
    const timed = now - previousReadAt <= 2 * width;
    const marks = timed ? [...clock.marks, (previousReadAt + now) / 2].slice(-MAX_MARKS) : clock.marks;
    const period = refinedPeriod(marks, clock.period_seconds);
    const expected = timed ? (previousReadAt + now) / 2 + period : clock.expected_at + period;
    // Timed: plan just after the move is due. Seen late: plan earlier, twice as much each time in a
    // row, so a period estimated too long is found in a few periods.
    const readAt = timed ? expected + MARGIN_SECONDS : Math.min(now + period - clock.walk_seconds, expected + MARGIN_SECONDS);
    const walk = timed ? WALK_SECONDS : Math.min(2 * clock.walk_seconds, period / 2);
    return {
      ...clock,
      period_seconds: Math.round(period * 10) / 10,
      expected_at: expected,
      read_at: Math.max(readAt, now + minIntervalSeconds),
      step: sign?.step ?? clock.step,
      answers_us: sign?.answersUs ?? clock.answers_us,
      misses: 0,
      walk_seconds: walk,
      marks,
    };
  }
  // A read before the plan (a verification, another shop's shared read): the move is still to come.
  if (now < clock.read_at - 0.5) return clock;
  // The planned read came before the move: look again a little later, unless the move is long overdue.
  if (now - clock.expected_at > Math.max(3 * width, clock.period_seconds / 4)) return null;
  return { ...clock, misses: clock.misses + 1, read_at: now + Math.max(minIntervalSeconds, width / 2) };
}

/** When to read next on the war's clock (epoch s). */
export function warReadAt(clock: WarClock, now: number, minIntervalSeconds: number): number {
  return Math.max(clock.read_at, now + minIntervalSeconds);
}
