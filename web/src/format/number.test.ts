import { describe, expect, test } from 'vitest';
import { formatNumber } from './number.ts';

describe('formatNumber', () => {
  test('Russian and Kazakh: narrow no-break space between thousands, a decimal comma', () => {
    expect(formatNumber(1_234_567, 'ru')).toBe('1\u202f234\u202f567');
    expect(formatNumber(1_234_567, 'kk')).toBe('1\u202f234\u202f567');
    expect(formatNumber(2.14, 'kk', 1)).toBe('2,1');
    expect(formatNumber(1234.56, 'ru', 1)).toBe('1\u202f234,6');
  });
  test('English: comma between thousands, a decimal point', () => {
    expect(formatNumber(1234.56, 'en', 1)).toBe('1,234.6');
  });
  test('no trailing zeros, no groups below a thousand, a true minus', () => {
    expect(formatNumber(7, 'ru', 1)).toBe('7');
    expect(formatNumber(7.04, 'ru', 1)).toBe('7');
    expect(formatNumber(999, 'ru')).toBe('999');
    expect(formatNumber(0.05, 'ru', 1)).toBe('0,1');
    expect(formatNumber(-1500, 'ru')).toBe('\u22121\u202f500');
    expect(formatNumber(-0.01, 'ru', 1)).toBe('0');
    expect(formatNumber(Number.NaN, 'ru')).toBe('—');
  });
});
