import type { Language } from '../i18n/languages.ts';

const NARROW_NBSP = '\u202f';
const NBSP = '\u00a0';

const grouping: Record<Language, Intl.NumberFormat> = {
  ru: new Intl.NumberFormat('ru-KZ', { maximumFractionDigits: 0 }),
  kk: new Intl.NumberFormat('kk-KZ', { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-KZ', { maximumFractionDigits: 0 }),
};

/**
 * Whole tenge with the sign after: `12 990 ₸`. Prices are integers everywhere in the API; a fraction
 * (never expected) is rounded rather than shown. Russian and Kazakh group with a narrow no-break space.
 */
export function formatPrice(value: number | null | undefined, language: Language = 'ru'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const digits = grouping[language].format(Math.round(value)).replace(/[\s\u00a0]/g, language === 'en' ? ',' : NARROW_NBSP);
  return `${digits}${NBSP}₸`;
}

/** Reads what a seller typed as a price: spaces, no-break spaces and a trailing ₸ allowed; whole tenge only. */
export function parsePrice(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f₸,]/g, '');
  if (!/^\d{1,10}$/.test(cleaned)) return null;
  return Number(cleaned);
}
