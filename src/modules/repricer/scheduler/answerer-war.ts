// A rival bot that answers our moves: it undercuts a steady delay after our new price shows, not on a
// clock of its own. The gaps between its moves are its delay plus our own reaction, and tell little;
// each move's time after our push tells more. A move seen between two reads came in (previous read,
// read], so its delay lies in (previous read - our push, read - our push]; the windows of several
// moves intersect around the bot's delay (plus Kaspi's ingest delay, which is steady enough). The
// product is then read that long after each of our pushes, and each read halves the window: a read
// that sees the move bounds the delay from above, one that does not bounds it from below (and is
// followed at once by a read at the upper bound, so the answer is never waited for longer than that).

import type { CityWatch, WarClock } from '../../../infra/db/schema.ts';
import { median } from './median.ts';

const RECENT_SECONDS = 3 * 3600;
/** Answers needed to recognise the bot: each one is timed against our own push, so three do. */
const MIN_ANSWERS = 3;
/** The windows may disagree by this much (s, or this share of the delay) and still be one delay. */
const SLACK_SECONDS = 3;
const SLACK_SHARE = 0.15;
/** The widest delay window (s, or half the delay) a bot is recognised with. */
const MAX_WINDOW_SECONDS = 15;
/** A planned read comes this long after the delay's upper bound (s). */
const MARGIN_SECONDS = 1;
/** A window narrower than this (s) is not halved any more: its upper bound is read. */
const NARROW_SECONDS = 4;

export interface AnswerSign {
  /** The delay window, seconds after our push. */
  lo: number;
  hi: number;
  /** Typical time between its moves: what the war costs the plan in reads. */
  periodSeconds: number;
  step: number | null;
}

/** The bot, if the city's recent moves show one: nearly all after our pushes, mostly undercuts, at one delay. */
export function recogniseAnswerer(watch: CityWatch, now: number): AnswerSign | null {
  const moves = watch.moves.filter((m) => now - m[0] <= RECENT_SECONDS);
  const answers = moves.filter((m) => m[3] === 1 && m[4] !== undefined && m[0] > m[4]);
  if (answers.length < MIN_ANSWERS || answers.length < 0.8 * moves.length) return null;
  const undercuts = answers.filter((m) => m[2] < 0);
  if (undercuts.length < 0.6 * answers.length) return null;
  const last = answers.slice(-6);
  const lo = Math.max(...last.map(([, previous, , , ours]) => previous - ours!));
  const hi = Math.min(...last.map(([seen, , , , ours]) => seen - ours!));
  if (!(hi > 0) || lo > hi + Math.max(SLACK_SECONDS, SLACK_SHARE * hi)) return null;
  // Windows this wide come from reads too sparse to time anything: not an answerer yet.
  if (hi - lo > Math.max(MAX_WINDOW_SECONDS, hi / 2)) return null;
  const times = moves.map(([seen, previous]) => (seen + previous) / 2);
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  const steps = undercuts.map((m) => -m[2]);
  const step = median(steps);
  const steady = steps.every((s) => Math.abs(s - step) <= Math.max(1, 0.2 * step));
  return { lo: Math.max(0, Math.min(lo, hi)), hi, periodSeconds: Math.round(Math.max(hi, median(gaps)) * 10) / 10, step: steady ? step : null };
}

/** A new clock for the bot; its reads are planned from our next push (expectAnswer). */
export function answererClock(watch: CityWatch, sign: AnswerSign, now: number): WarClock {
  return {
    city_id: watch.city_id,
    period_seconds: sign.periodSeconds,
    expected_at: now + sign.periodSeconds,
    read_at: now + sign.periodSeconds,
    step: sign.step,
    answers_us: true,
    misses: 0,
    walk_seconds: 0,
    since: now,
    marks: [],
    answer: { lo: sign.lo, hi: sign.hi, our_move_at: null },
  };
}

/** Where in the window the next answer is looked for (s after our push): its middle, or its top once narrow. */
function probeOffset(answer: { lo: number; hi: number }): number {
  return answer.hi - answer.lo > NARROW_SECONDS ? (answer.lo + answer.hi) / 2 : answer.hi + MARGIN_SECONDS;
}

/** After our push at `now` (epoch s): read when the bot's answer is due. */
export function expectAnswer(clock: WarClock, now: number, minSeconds: number): WarClock {
  if (!clock.answer) return clock;
  const offset = Math.max(minSeconds, probeOffset(clock.answer));
  return { ...clock, answer: { ...clock.answer, our_move_at: now }, expected_at: now + clock.answer.hi, read_at: now + offset, misses: 0 };
}

/**
 * The clock after a read of the war's city at `now`. Seen: the delay is at most (read - push), and the
 * next read waits for our next push (or a period, if we do not move). Not seen at or after the planned
 * read: the delay is at least (read - push), and the upper bound is read next; a second miss there
 * ends the war (the bot stopped, or its delay changed: it is recognised again from new moves).
 */
export function advanceAnswerer(clock: WarClock, watch: CityWatch, moved: boolean, now: number, minSeconds: number): WarClock | null {
  const answer = clock.answer!;
  const ours = answer.our_move_at;
  if (moved) {
    const last = watch.moves.at(-1);
    let { lo, hi } = answer;
    // The move answers the push this clock planned for (the stamps of one push, seconds apart).
    const pushAt = last?.[3] === 1 ? last[4] : undefined;
    if (ours !== null && last && pushAt !== undefined && Math.abs(pushAt - ours) <= 5) {
      const seenHi = last[0] - pushAt;
      const seenLo = last[1] - pushAt;
      // A window that no longer meets the new one: the bot's delay changed; start from the new one.
      if (seenHi < lo - SLACK_SECONDS || seenLo > hi + SLACK_SECONDS) [lo, hi] = [Math.max(0, seenLo), seenHi];
      else [lo, hi] = [Math.max(lo, Math.min(seenLo, seenHi)), Math.min(hi, seenHi)];
    }
    return { ...clock, answer: { lo, hi, our_move_at: ours }, expected_at: now + clock.period_seconds, read_at: now + clock.period_seconds, misses: 0 };
  }
  if (now < clock.read_at - 0.5 || ours === null) return clock;
  if (clock.misses >= 1) return null;
  const lo = Math.max(answer.lo, now - ours);
  const hi = Math.max(answer.hi, lo + MARGIN_SECONDS);
  return { ...clock, answer: { lo, hi, our_move_at: ours }, misses: clock.misses + 1, read_at: Math.max(now + minSeconds, ours + hi + MARGIN_SECONDS) };
}
