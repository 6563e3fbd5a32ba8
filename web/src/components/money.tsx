import { formatPrice } from '../format/price.ts';
import { useLanguage } from '../i18n/use-language.ts';

/** A price in tenge, `12 990 ₸`; tabular digits so columns line up. */
export function Money({ value }: { value: number | null | undefined }) {
  const language = useLanguage();
  return <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatPrice(value, language)}</span>;
}
