import type { Language } from '../i18n/languages.ts';

const NARROW_NBSP = '\u202f';

/**
 * Russian and Kazakh group thousands with a narrow no-break space and write a decimal comma (Kazakhstan's
 * standard, the same as Russia's); English uses a comma and a point. Done here by hand rather than by
 * `Intl.NumberFormat('kk-KZ')`: browsers built without Kazakh locale data (Debian's Chromium) silently
 * fall back to English there, and Kazakh readers saw `1,200 ₸`.
 */
const marks: Record<Language, { group: string; decimal: string }> = {
  ru: { group: NARROW_NBSP, decimal: ',' },
  kk: { group: NARROW_NBSP, decimal: ',' },
  en: { group: ',', decimal: '.' },
};

/**
 * `1234567` as `1 234 567`, `2.14` as `2,1` (with `fractionDigits` 1): rounded, trailing zeros of the
 * fraction dropped (`7,0` reads as `7`), a true minus sign for negatives.
 */
export function formatNumber(value: number, language: Language = 'ru', fractionDigits = 0): string {
  if (!Number.isFinite(value)) return '—';
  const { group, decimal } = marks[language];
  const fixed = Math.abs(value).toFixed(fractionDigits);
  const [whole = '0', fraction = ''] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const trimmed = fraction.replace(/0+$/, '');
  const text = trimmed ? `${grouped}${decimal}${trimmed}` : grouped;
  return value < 0 && Number(fixed) !== 0 ? `\u2212${text}` : text;
}
