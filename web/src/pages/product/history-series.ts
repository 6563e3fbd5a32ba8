import type { HistoryRow } from './product-api.ts';

export interface HistoryPoint {
  at: number;
  price: number;
  competitor: number | null;
  reason: string;
  source: string;
  status: string;
  cityId: string | null;
}

/**
 * The chart's points for one city, oldest first. A base-price change (city_id null) applies to every city,
 * so it belongs to each city's line; `city` null shows every change. Failed pushes never reached the
 * storefront: they stay in the table below but not on the line.
 */
export function historyPoints(rows: readonly HistoryRow[], city: string | null): HistoryPoint[] {
  return rows
    .filter((row) => row.status !== 'failed' && (city === null || row.city_id === null || row.city_id === city))
    .map((row) => ({
      at: Date.parse(row.created_at),
      price: row.new_price,
      competitor: row.competitor_price,
      reason: row.reason,
      source: row.source,
      status: row.status,
      cityId: row.city_id,
    }))
    .sort((a, b) => a.at - b.at);
}

/** The cities the history mentions, in the order they first appear. */
export function historyCities(rows: readonly HistoryRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) if (row.city_id) seen.add(row.city_id);
  return [...seen];
}

/** The y range that shows the prices and the min-max band with a little air, in whole tenge. */
export function priceRange(points: readonly HistoryPoint[], band: { min: number | null; max: number | null }): [number, number] | null {
  const values = [...points.flatMap((p) => (p.competitor === null ? [p.price] : [p.price, p.competitor])), ...[band.min, band.max].filter((v): v is number => v !== null)];
  if (values.length === 0) return null;
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = Math.max(10, Math.round((high - low) * 0.08));
  return [Math.max(0, low - pad), high + pad];
}
