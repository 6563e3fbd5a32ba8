import { describe, expect, it } from 'vitest';
import { marketSummary } from './market.ts';

const city = (city_id: string, place: number | null, cheapest: number | null) => ({ city_id, place, cheapest_competitor_price: cheapest, checked_at: '2026-11-30T05:00:00Z' });

describe('the market summary a row shows', () => {
  it('is nothing before the first check', () => {
    expect(marketSummary({ market: [] })).toBeNull();
  });
  it('shows the city where we stand worst', () => {
    const summary = marketSummary({ market: [city('750000000', 1, 5000), city('710000000', 3, 4900), city('511010000', 2, 4950)] });
    expect(summary?.worst.city_id).toBe('710000000');
    expect(summary?.cities).toBe(3);
  });
  it('counts not being listed as the worst place', () => {
    expect(marketSummary({ market: [city('750000000', 5, 5000), city('710000000', null, null)] })?.worst.city_id).toBe('710000000');
  });
});
