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
    expect(formatRelative('2026-11-30T08:58:00Z', 'ru', now)).toMatch(/2 мин\.? назад/);
    expect(formatRelative('2026-11-30T08:58:00Z', 'en', now)).toMatch(/^2 min\.? ago$/);
  });
  test('beyond a day, the exact date and time', () => {
    expect(formatRelative('2026-11-27T09:00:00Z', 'ru', now)).toBe('27.11.2026, 14:00');
  });
});
