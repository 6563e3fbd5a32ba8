import { describe, expect, it } from 'vitest';
import { historyCities, historyPoints, priceRange } from './history-series.ts';
import type { HistoryRow } from './product-api.ts';

const row = (at: string, price: number, city: string | null, extra: Partial<HistoryRow> = {}): HistoryRow => ({
  id: at,
  product_id: 'p',
  store_id: 's',
  city_id: city,
  created_at: at,
  new_price: price,
  old_price: null,
  approved_by: null,
  proposal_id: null,
  competitor_price: null,
  position: null,
  reason: 'manual',
  source: 'manual',
  status: 'applied',
  strategy: null,
  error: null,
  via: 'pricefeed',
  ...extra,
});

// The API lists newest first.
const rows = [
  row('2026-11-30T03:00:00Z', 4800, '710000000', { competitor_price: 4810, source: 'demper' }),
  row('2026-11-30T02:00:00Z', 4900, '750000000', { status: 'failed' }),
  row('2026-11-30T01:00:00Z', 5000, null),
];

describe("the price history chart's points", () => {
  it('puts them oldest first and leaves out pushes that failed', () => {
    expect(historyPoints(rows, null).map((p) => p.price)).toEqual([5000, 4800]);
  });
  it("gives a city its own changes and the base price's", () => {
    expect(historyPoints(rows, '710000000').map((p) => p.price)).toEqual([5000, 4800]);
    expect(historyPoints(rows, '750000000').map((p) => p.price)).toEqual([5000]);
  });
  it('lists the cities mentioned', () => {
    expect(historyCities(rows)).toEqual(['710000000', '750000000']);
  });
  it('fits the y axis around prices, competitors and the band', () => {
    expect(priceRange(historyPoints(rows, null), { min: 4500, max: 6000 })).toEqual([4380, 6120]);
    expect(priceRange([], { min: null, max: null })).toBeNull();
  });
});
