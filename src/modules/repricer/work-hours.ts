// A store's working hours ("HH:MM" to "HH:MM", Asia/Almaty): whether the demper may work now and when
// it may next. Pure functions, shared by the settings API and the repricer runner.
//
// Asia/Almaty is UTC+05:00 all year: Kazakhstan moved the whole country to UTC+5 on 1 March 2024 and
// has had no daylight saving time since 2005. A fixed offset is therefore exact for every date the
// demper can see, and it avoids depending on the ICU/tzdata build of the Node binary (older tzdata
// still says +06:00 for Almaty, which would shift every window by an hour).
const OFFSET_MINUTES = 5 * 60;
const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;

export const WORK_HOURS_TIMEZONE = 'Asia/Almaty';

/** "HH:MM" (00:00-23:59) as minutes since midnight; null for anything else. */
export function parseHhMm(value: string): number | null {
  const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(value);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The window in minutes since local midnight; null = no restriction (both null, one missing, unreadable, or start = end). */
function windowOf(start: string | null, end: string | null): { start: number; end: number } | null {
  if (start === null || end === null) return null;
  const s = parseHhMm(start);
  const e = parseHhMm(end);
  if (s === null || e === null || s === e) return null;
  return { start: s, end: e };
}

/** Minutes since midnight in Almaty at `now`. */
function localMinutes(now: Date): number {
  const minutes = Math.floor(now.getTime() / MS_PER_MINUTE) + OFFSET_MINUTES;
  return ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

/**
 * Whether `now` is inside the working hours: from `start` (inclusive) to `end` (exclusive), Almaty
 * time. An end before the start spans midnight (22:00-06:00). null/null (or start = end) is all day.
 */
export function withinWorkHours(start: string | null, end: string | null, now: Date): boolean {
  const window = windowOf(start, end);
  if (!window) return true;
  const t = localMinutes(now);
  return window.start < window.end ? t >= window.start && t < window.end : t >= window.start || t < window.end;
}

/**
 * When work may next happen: `now` itself when inside the working hours (or there are none),
 * otherwise the next time the window opens (the start minute, Almaty time, today or tomorrow).
 */
export function nextWorkStart(start: string | null, end: string | null, now: Date): Date {
  if (withinWorkHours(start, end, now)) return now;
  const window = windowOf(start, end)!;
  const minuteStart = Math.floor(now.getTime() / MS_PER_MINUTE) * MS_PER_MINUTE;
  const t = localMinutes(now);
  const wait = (window.start - t + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return new Date(minuteStart + wait * MS_PER_MINUTE);
}
