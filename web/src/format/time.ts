import type { Language } from '../i18n/languages.ts';

/** Every time the app shows is Almaty time (UTC+5 all year since 1 March 2024), whatever the device says. */
export const ALMATY = 'Asia/Almaty';

const locales: Record<Language, string> = { ru: 'ru-RU', kk: 'kk-KZ', en: 'en-GB' };

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(language: Language, withTime: boolean): Intl.DateTimeFormat {
  const key = `${language}:${withTime}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locales[language], {
      timeZone: ALMATY,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      ...(withTime && { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    });
    dateTimeFormats.set(key, format);
  }
  return format;
}

function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** `30.11.2026, 14:05` in Almaty time (dates always day.month.year, 24-hour clock). */
export function formatDateTime(value: string | number | Date | null | undefined, language: Language = 'ru'): string {
  if (value === null || value === undefined) return '—';
  const parts = dateTimeFormat(language, true).formatToParts(toDate(value));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')}, ${get('hour')}:${get('minute')}`;
}

/** `30.11.2026` in Almaty time. */
export function formatDate(value: string | number | Date | null | undefined, language: Language = 'ru'): string {
  if (value === null || value === undefined) return '—';
  const parts = dateTimeFormat(language, false).formatToParts(toDate(value));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')}`;
}

const relativeFormats = new Map<Language, Intl.RelativeTimeFormat>();
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/**
 * "2 мин назад", "через 5 мин" for events within a day; older or further ones get the full date and time,
 * since "3 дня назад" hides when exactly a price changed.
 */
export function formatRelative(value: string | number | Date | null | undefined, language: Language = 'ru', now: number = Date.now()): string {
  if (value === null || value === undefined) return '—';
  const at = toDate(value).getTime();
  const diff = at - now;
  if (Math.abs(diff) >= 86_400_000) return formatDateTime(at, language);
  let format = relativeFormats.get(language);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locales[language], { numeric: 'auto', style: 'short' });
    relativeFormats.set(language, format);
  }
  for (const [unit, ms] of units) {
    if (Math.abs(diff) >= ms || unit === 'second') return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, 'second');
}
