import type { Language } from '../i18n/languages.ts';

/** Every time the app shows is Almaty time (UTC+5 all year since 1 March 2024), whatever the device says. */
export const ALMATY = 'Asia/Almaty';

// Only the numeric parts of dates are taken from Intl (the text is assembled below), so every language uses
// one locale whose data every browser has: Debian's Chromium lacks 'kk-KZ' and answered in its fallback.
const partsLocale = 'ru-RU';

const dateTimeFormats = new Map<boolean, Intl.DateTimeFormat>();
function dateTimeFormat(withTime: boolean): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(withTime);
  if (!format) {
    format = new Intl.DateTimeFormat(partsLocale, {
      timeZone: ALMATY,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      ...(withTime && { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    });
    dateTimeFormats.set(withTime, format);
  }
  return format;
}

function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** `30.11.2026, 14:05` in Almaty time (dates always day.month.year, 24-hour clock, in every language). */
export function formatDateTime(value: string | number | Date | null | undefined, _language: Language = 'ru'): string {
  if (value === null || value === undefined) return '—';
  const parts = dateTimeFormat(true).formatToParts(toDate(value));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')}, ${get('hour')}:${get('minute')}`;
}

/** `30.11.2026` in Almaty time. */
export function formatDate(value: string | number | Date | null | undefined, _language: Language = 'ru'): string {
  if (value === null || value === undefined) return '—';
  const parts = dateTimeFormat(false).formatToParts(toDate(value));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')}`;
}

type RelativeUnit = 'second' | 'minute' | 'hour';
const units: [RelativeUnit, number][] = [
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/**
 * Our own words for relative times, in CLDR's short style. Not `Intl.RelativeTimeFormat`: a browser built
 * without Kazakh locale data (Debian's Chromium) answers 'kk' in English or as a bare "-6 s".
 */
const relativeWords: Record<Language, { now: string; past: string; future: string; unit: Record<RelativeUnit, string> }> = {
  ru: { now: 'сейчас', past: '{n} {u} назад', future: 'через {n} {u}', unit: { second: 'сек.', minute: 'мин.', hour: 'ч' } },
  kk: { now: 'қазір', past: '{n} {u} бұрын', future: '{n} {u} кейін', unit: { second: 'сек.', minute: 'мин.', hour: 'сағ.' } },
  en: { now: 'now', past: '{n} {u} ago', future: 'in {n} {u}', unit: { second: 'sec.', minute: 'min.', hour: 'hr.' } },
};

/**
 * "2 мин. назад", "через 5 мин." for events within a day; older or further ones get the full date and
 * time, since "3 дня назад" hides when exactly a price changed.
 */
export function formatRelative(value: string | number | Date | null | undefined, language: Language = 'ru', now: number = Date.now()): string {
  if (value === null || value === undefined) return '—';
  const at = toDate(value).getTime();
  if (!Number.isFinite(at)) return '—';
  const diff = at - now;
  if (Math.abs(diff) >= 86_400_000) return formatDateTime(at, language);
  const words = relativeWords[language];
  const [unit, ms] = units.find(([, size]) => Math.abs(diff) >= size) ?? (['second', 1_000] as const);
  const count = Math.round(Math.abs(diff) / ms);
  if (count === 0) return words.now;
  // A no-break space keeps the number with its unit when a narrow column wraps.
  const phrase = (diff < 0 ? words.past : words.future).replace('{n}', String(count)).replace('{u}', words.unit[unit]);
  return phrase.replace(`${count} `, `${count}\u00a0`);
}
