import { parsePrice } from '../../format/price.ts';

export type RuleField = 'min_price' | 'max_price' | 'step';

/**
 * What a seller typed into a min / max / step field, as the API takes it: `12 990`, `12990 ₸` are prices;
 * an empty min or max clears the rail (null), an empty step is refused. Returns a problem key instead when
 * the text is not a whole number in range (the API checks again and has the last word).
 */
export function readRuleInput(field: RuleField, text: string): { value: number | null } | { problem: 'badPrice' | 'badStep' } {
  const trimmed = text.trim();
  if (field === 'step') {
    const step = parsePrice(trimmed);
    return step !== null && step >= 1 && step <= 1_000_000 ? { value: step } : { problem: 'badStep' };
  }
  if (trimmed === '') return { value: null };
  const price = parsePrice(trimmed);
  return price !== null && price >= 10 && price <= 1_000_000_000 ? { value: price } : { problem: 'badPrice' };
}
