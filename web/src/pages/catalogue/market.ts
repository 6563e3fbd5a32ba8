import type { ProductRow } from './products-api.ts';

type MarketCity = ProductRow['market'][number];

/**
 * The list's `market` holds one entry per city from the demper's last check. A row shows one city: the one
 * where we stand worst (not listed, then the highest place), since that is what a seller has to act on.
 */
export function marketSummary(row: Pick<ProductRow, 'market'>): { worst: MarketCity; cities: number } | null {
  if (row.market.length === 0) return null;
  const rank = (city: MarketCity) => (city.place === null ? Number.POSITIVE_INFINITY : city.place);
  const worst = row.market.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  return { worst, cities: row.market.length };
}
