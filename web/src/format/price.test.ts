import { describe, expect, test } from 'vitest';
import { formatPrice, parsePrice } from './price.ts';

describe('formatPrice', () => {
  test('groups thousands with a narrow no-break space and puts the sign after', () => {
    expect(formatPrice(12990)).toBe('12\u202f990\u00a0₸');
    expect(formatPrice(1_234_567, 'kk')).toBe('1\u202f234\u202f567\u00a0₸');
  });
  test('Kazakh groups as Russian does, whatever locale data the browser has', () => {
    // Pinned: Debian's Chromium has no kk-KZ data and gave "1,200 ₸" through Intl.
    expect(formatPrice(1200, 'kk')).toBe('1\u202f200\u00a0₸');
    expect(formatPrice(999, 'kk')).toBe('999\u00a0₸');
    expect(formatPrice(12_990, 'kk')).toBe(formatPrice(12_990, 'ru'));
  });
  test('English groups with commas', () => {
    expect(formatPrice(12990, 'en')).toBe('12,990\u00a0₸');
  });
  test('never shows decimals, and a dash for no price', () => {
    expect(formatPrice(999.6)).toBe('1\u202f000\u00a0₸');
    expect(formatPrice(10)).toBe('10\u00a0₸');
    expect(formatPrice(null)).toBe('—');
    expect(formatPrice(Number.NaN)).toBe('—');
  });
});

describe('parsePrice', () => {
  test('reads what a seller types', () => {
    expect(parsePrice('12 990')).toBe(12990);
    expect(parsePrice('12\u202f990 ₸')).toBe(12990);
    expect(parsePrice(' 500 ')).toBe(500);
  });
  test('refuses fractions, signs and words', () => {
    expect(parsePrice('12.5')).toBeNull();
    expect(parsePrice('-5')).toBeNull();
    expect(parsePrice('abc')).toBeNull();
    expect(parsePrice('')).toBeNull();
  });
});
