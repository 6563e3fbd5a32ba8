import type { Language } from '../i18n/languages.ts';
import { formatNumber } from './number.ts';

const NBSP = '\u00a0';

/**
 * Whole tenge with the sign after: `12 990 ₸`. Prices are integers everywhere in the API; a fraction
 * (never expected) is rounded rather than shown. Grouping as `formatNumber` does it (never from the
 * browser's Kazakh locale data, which some builds lack).
 */
export function formatPrice(value: number | null | undefined, language: Language = 'ru'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${formatNumber(value, language)}${NBSP}₸`;
}

/** Reads what a seller typed as a price: spaces, no-break spaces and a trailing ₸ allowed; whole tenge only. */
export function parsePrice(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f₸,]/g, '');
  if (!/^\d{1,10}$/.test(cleaned)) return null;
  return Number(cleaned);
}
