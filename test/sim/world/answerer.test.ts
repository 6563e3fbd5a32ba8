// The answering bot (it undercuts whoever went below it, a fixed delay later), the phase of periodic
// bots, and the price log the world fills as behaviours replay and our prices are accepted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PriceLog } from '../../../sim/log/price-log.ts';
import { buildWorld } from '../../../sim/world/world-loader.ts';
import type { WorldSpec } from '../../../sim/world/world-types.ts';

const T0 = Date.UTC(2026, 0, 1);
const A = '750000000';
const OURS = '30141222';

function warWorld(): WorldSpec {
  return {
    seed: 3,
    merchants: [
      { id: '1', name: 'Static', rating: 4 },
      { id: '7', name: 'Answerer', rating: 4 },
      { id: '8', name: 'Phased dumper', rating: 4 },
    ],
    products: [
      { id: '700', title: 'P700' },
      { id: '701', title: 'P701' },
    ],
    listings: [
      { productId: '700', merchantId: '1', cityId: A, price: 1000 },
      { productId: '700', merchantId: '7', cityId: A, price: 1100, behaviour: { kind: 'answerer', step: 10, delay: 3, floor: 900 } },
      { productId: '701', merchantId: '1', cityId: A, price: 1000 },
      { productId: '701', merchantId: '8', cityId: A, price: 1100, behaviour: { kind: 'dumper', step: 10, every: 5, floor: 900, phase: 2 } },
    ],
    ownMerchants: [{ uid: OURS, name: 'Ours', points: [{ name: 'PP1', cityId: A }], offers: [{ sku: 'S1', productId: '700', model: 'P700', price: 1200 }] }],
    accounts: [],
  };
}

const priceOf = (world: ReturnType<typeof buildWorld>, productId: string, merchantId: string, at: number) =>
  world.offersAt(world.productIndex(productId), A, at).find((r) => r.merchant.id === merchantId)?.price;

/** Our offer accepts `price` at `at`; the storefront shows it `ingestMs` later. */
function ourPrice(world: ReturnType<typeof buildWorld>, price: number, at: number, ingestMs = 5000): void {
  const offer = world.ownMerchants.get(OURS)!.offers.get('S1')!;
  offer.accept({ ...offer.current(), price }, at, at + ingestMs);
}

describe('answering bot', () => {
  it('undercuts an offer below it once the delay has passed, answers our moves as they reach the storefront, and stops at its floor', () => {
    const w = buildWorld(warWorld(), T0);
    // The static 1000 is below it from tick 1: it answers at tick 4.
    assert.equal(priceOf(w, '700', '7', T0 + 3_999), 1100);
    assert.equal(priceOf(w, '700', '7', T0 + 4_000), 990);
    assert.equal(priceOf(w, '700', '7', T0 + 9_000), 990, 'cheapest already: it waits');
    // We go to 980 at 10 s; the storefront shows it at 15 s; it answers 3 ticks later, not before.
    ourPrice(w, 980, T0 + 10_000);
    assert.equal(priceOf(w, '700', '7', T0 + 17_999), 990);
    assert.equal(priceOf(w, '700', '7', T0 + 18_000), 970);
    // A move it has not seen for the whole delay (we go back above it) is not answered.
    ourPrice(w, 960, T0 + 20_000);
    ourPrice(w, 1050, T0 + 21_000);
    assert.equal(priceOf(w, '700', '7', T0 + 40_000), 970);
    // Below its floor: it stops at the floor.
    ourPrice(w, 850, T0 + 40_000);
    assert.equal(priceOf(w, '700', '7', T0 + 60_000), 900);
    assert.equal(priceOf(w, '700', '7', T0 + 120_000), 900);
  });

  it('plays the same timeline however often it is read', () => {
    const often = buildWorld(warWorld(), T0);
    const once = buildWorld(warWorld(), T0);
    for (const w of [often, once]) ourPrice(w, 980, T0 + 10_000);
    for (let s = 0; s <= 60; s++) priceOf(often, '700', '7', T0 + s * 1000);
    assert.equal(priceOf(often, '700', '7', T0 + 60_000), priceOf(once, '700', '7', T0 + 60_000));
  });

  it('shifts a periodic bot by its phase', () => {
    const w = buildWorld(warWorld(), T0);
    // every 5 with phase 2: ticks 3, 8, 13...
    assert.equal(priceOf(w, '701', '8', T0 + 2_999), 1100);
    assert.equal(priceOf(w, '701', '8', T0 + 3_000), 990);
  });
});

describe('price log', () => {
  it('records behaviour moves at their simulated time, control changes and our prices when the storefront shows them, ordered by time', () => {
    const w = buildWorld(warWorld(), T0);
    const log = new PriceLog(100);
    w.recordPricesTo(log);
    ourPrice(w, 980, T0 + 10_000);
    w.setCompetitorPrice(w.productIndex('701'), '1', A, 950, T0 + 11_000);
    // Nothing was read: the behaviour moves are recorded when the world is caught up.
    w.catchUpAll(T0 + 20_000);
    const rows = log.query({ productId: '700' }).map((c) => [c.at - T0, c.merchantId, c.own, c.price, c.previous, c.cause]);
    assert.deepEqual(rows, [
      [4_000, '7', false, 990, 1100, 'behaviour'],
      [15_000, OURS, true, 980, 1200, 'accepted'],
      [18_000, '7', false, 970, 990, 'behaviour'],
    ]);
    const control = log.query({ productId: '701', from: T0 + 10_000 });
    assert.deepEqual(
      control.map((c) => [c.at - T0, c.merchantId, c.price, c.cause]),
      [
        [11_000, '1', 950, 'control'],
        [13_000, '8', 940, 'behaviour'],
      ],
    );
    assert.equal(log.query({ own: true })[0]!.acceptedAt, T0 + 10_000);
  });

  it('keeps the newest changes when full and counts the dropped ones', () => {
    const log = new PriceLog(2);
    for (let i = 0; i < 5; i++) log.add({ at: i, productId: 'p', cityId: A, merchantId: 'm', sku: null, own: false, price: 100 + i, previous: null, cause: 'control' });
    assert.deepEqual(
      log.query().map((c) => c.price),
      [103, 104],
    );
    assert.equal(log.dropped, 3);
  });
});
