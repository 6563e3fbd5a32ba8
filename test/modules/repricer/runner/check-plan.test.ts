import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PriceHistoryRow } from '../../../../src/infra/db/schema.ts';
import type { MarketOffer } from '../../../../src/kaspi/parsers/storefront-offers.parser.ts';
import { almatyDayStart, mergedCityPrices, offerCities, verifyChanges } from '../../../../src/modules/repricer/runner/check-plan.ts';

const offer = (merchantId: string, price: number): MarketOffer => ({
  merchantId,
  merchantName: null,
  merchantSku: null,
  price,
  rating: null,
  reviews: 0,
  deliveryDuration: 'TOMORROW',
  kaspiDelivery: false,
  preorderDays: 0,
});

const change = (over: Partial<PriceHistoryRow>): PriceHistoryRow => ({
  id: 'h1',
  productId: 'p',
  storeId: 's',
  cityId: '750000000',
  oldPrice: 1200,
  newPrice: 1080,
  source: 'demper',
  reason: 'undercut_leader',
  strategy: 'beat_first',
  competitorPrice: 1000,
  position: 1,
  via: 'pricefeed',
  status: 'pushed',
  error: null,
  actualPosition: null,
  verifiedAt: null,
  approvedBy: null,
  proposalId: null,
  createdAt: new Date(10_000),
  ...over,
});

describe('check plan', () => {
  test('the day starts at midnight in Almaty (UTC+5)', () => {
    assert.equal(almatyDayStart(new Date('2026-11-26T18:59:00Z')).toISOString(), '2026-11-25T19:00:00.000Z');
    assert.equal(almatyDayStart(new Date('2026-11-26T19:00:00Z')).toISOString(), '2026-11-26T19:00:00.000Z');
  });

  test('the cities of an offer are those of its available points; an offer never synced sells at every enabled point', () => {
    const store = {
      points: [
        { name: 'PP1', city_id: 'A', city_name: null, enabled: true },
        { name: 'PP2', city_id: 'B', city_name: null, enabled: true },
        { name: 'PP3', city_id: 'A', city_name: null, enabled: false },
        { name: 'PP4', city_id: 'C', city_name: null, enabled: false },
      ],
    };
    const at = (point: string, available: boolean) => ({ point, available, stock_count: 0, preorder_days: 0 });
    assert.deepEqual(offerCities({ availabilities: [at('PP1', true), at('PP2', false), at('PP3', true)] }, store), ['A']);
    assert.deepEqual(offerCities({ availabilities: [at('PP4', true), at('PP2', true)] }, store), ['C', 'B']);
    assert.deepEqual(offerCities({ availabilities: [] }, store), ['A', 'B']);
  });

  test('a change keeps the prices of the cities it does not touch', () => {
    assert.deepEqual(
      mergedCityPrices(
        [
          { city_id: 'A', price: 100 },
          { city_id: 'B', price: 200 },
        ],
        [
          { cityId: 'B', price: 150 },
          { cityId: 'C', price: 90 },
        ],
      ),
      [
        { city_id: 'A', price: 100 },
        { city_id: 'B', price: 150 },
        { city_id: 'C', price: 90 },
      ],
    );
  });

  test('verification: applied only by a read taken after the change; failed after the deadline with what the storefront showed', () => {
    const row = change({});
    const read = (fetchedAt: number, price: number) => ({ cityId: '750000000', offers: [offer('rival', 1000), offer('us', price)], fetchedAt });
    // A read from before the change proves nothing, even if it happens to show the price.
    assert.equal(verifyChanges([row], [read(9_000, 1080)], 'us', 12_000, 5_000)[0]!.outcome, 'waiting');
    assert.deepEqual(verifyChanges([row], [read(11_000, 1080)], 'us', 12_000, 5_000)[0], { id: 'h1', outcome: 'applied', position: 2 });
    assert.equal(verifyChanges([row], [read(11_000, 1200)], 'us', 12_000, 5_000)[0]!.outcome, 'waiting');
    const failed = verifyChanges([row], [read(11_000, 1200)], 'us', 16_000, 5_000)[0]!;
    assert.equal(failed.outcome, 'failed');
    assert.match(failed.outcome === 'failed' ? failed.error : '', /still shows 1200/);
    const orphan = verifyChanges([change({ status: 'sending' })], [], 'us', 16_000, 5_000)[0]!;
    assert.match(orphan.outcome === 'failed' ? orphan.error : '', /worker stopped .* could not be read/);
    // A base-price row (no city) is confirmed by any city.
    assert.equal(verifyChanges([change({ cityId: null })], [{ ...read(11_000, 1080), cityId: 'other' }], 'us', 12_000, 5_000)[0]!.outcome, 'applied');
  });
});
