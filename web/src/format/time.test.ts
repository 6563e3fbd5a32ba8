import { describe, expect, test } from 'vitest';
import { formatDate, formatDateTime, formatRelative } from './time.ts';

describe('Almaty time', () => {
  test('is UTC+5 all year (since 1 March 2024), whatever the machine zone', () => {
    expect(formatDateTime('2026-11-30T09:05:00Z')).toBe('30.11.2026, 14:05');
    expect(formatDateTime('2026-07-01T19:30:00Z')).toBe('02.07.2026, 00:30');
  });
  test('was UTC+6 before the change', () => {
    expect(formatDateTime('2024-01-15T00:00:00Z')).toBe('15.01.2024, 06:00');
  });
  test('dates read day.month.year in every language', () => {
    expect(formatDate('2026-11-30T20:00:00Z', 'en')).toBe('01.12.2026');
    expect(formatDateTime('2026-11-30T09:05:00Z', 'kk')).toBe('30.11.2026, 14:05');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-11-30T09:00:00Z');
  test('recent events in minutes, in the language', () => {
    expect(formatRelative('2026-11-30T08:58:00Z', 'ru', now)).toMatch(/2\sмин\.? назад/);
    expect(formatRelative('2026-11-30T08:58:00Z', 'en', now)).toMatch(/^2\smin\.? ago$/);
  });
  test("Kazakh from our own words, not the browser's locale data (Debian's Chromium has none for kk)", () => {
    expect(formatRelative('2026-11-30T08:59:54Z', 'kk', now)).toBe('6\u00a0сек. бұрын');
    expect(formatRelative('2026-11-30T08:58:00Z', 'kk', now)).toBe('2\u00a0мин. бұрын');
    expect(formatRelative('2026-11-30T09:05:00Z', 'kk', now)).toBe('5\u00a0мин. кейін');
    expect(formatRelative('2026-11-30T04:00:00Z', 'kk', now)).toBe('5\u00a0сағ. бұрын');
    expect(formatRelative('2026-11-30T09:00:00.200Z', 'kk', now)).toBe('қазір');
  });
  test('every language, past and future, pinned', () => {
    expect(formatRelative('2026-11-30T08:59:54Z', 'ru', now)).toBe('6\u00a0сек. назад');
    expect(formatRelative('2026-11-30T09:03:00Z', 'ru', now)).toBe('через 3\u00a0мин.');
    expect(formatRelative('2026-11-30T07:00:00Z', 'ru', now)).toBe('2\u00a0ч назад');
    expect(formatRelative('2026-11-30T09:00:00Z', 'ru', now)).toBe('сейчас');
    expect(formatRelative('2026-11-30T09:00:45Z', 'en', now)).toBe('in 45\u00a0sec.');
    expect(formatRelative('2026-11-30T06:00:00Z', 'en', now)).toBe('3\u00a0hr. ago');
    expect(formatRelative('not a date', 'en', now)).toBe('—');
  });
  test('beyond a day, the exact date and time', () => {
    expect(formatRelative('2026-11-27T09:00:00Z', 'ru', now)).toBe('27.11.2026, 14:00');
  });
});
