// Almaty clock arithmetic for quiet hours and the daily summary. Asia/Almaty is UTC+05:00 all year
// (Kazakhstan moved to UTC+5 on 1 March 2024, no daylight saving since 2005), so a fixed offset is
// exact and does not depend on the tzdata of the Node build (older data still says +06:00).
const OFFSET_MS = 5 * 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** "HH:MM" (00:00-23:59) as minutes since midnight; null for anything else. */
export function parseHhMm(value: string): number | null {
  const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Minutes since midnight in Almaty. */
export function almatyMinutes(now: Date): number {
  return Math.floor(((now.getTime() + OFFSET_MS) % DAY_MS) / MINUTE_MS);
}

/** The Almaty hour (0-23). */
export function almatyHour(now: Date): number {
  return Math.floor(almatyMinutes(now) / 60);
}

/** The Almaty date, YYYY-MM-DD. */
export function almatyDate(now: Date): string {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** `30.11.2026 14:05`, Almaty time, 24-hour clock (UI.md). */
export function almatyDateTime(at: Date): string {
  const local = new Date(at.getTime() + OFFSET_MS).toISOString();
  return `${local.slice(8, 10)}.${local.slice(5, 7)}.${local.slice(0, 4)} ${local.slice(11, 16)}`;
}

/**
 * When the quiet hours around `now` end: null when `now` is not inside them (or there are none).
 * The window runs from `start` (inclusive) to `end` (exclusive); an end before the start spans midnight.
 */
export function quietUntil(start: string | null, end: string | null, now: Date): Date | null {
  if (start === null || end === null) return null;
  const s = parseHhMm(start);
  const e = parseHhMm(end);
  if (s === null || e === null || s === e) return null;
  const t = almatyMinutes(now);
  const inside = s < e ? t >= s && t < e : t >= s || t < e;
  if (!inside) return null;
  const minutesLeft = (e - t + 24 * 60) % (24 * 60);
  // To the start of the end minute (seconds of the current minute dropped).
  const minuteStart = now.getTime() - (now.getTime() % MINUTE_MS);
  return new Date(minuteStart + minutesLeft * MINUTE_MS);
}
