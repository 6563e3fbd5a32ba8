import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SimClock } from '../../../sim/clock/sim-clock.ts';
import type { RunningSimulator } from '../../../sim/server.ts';
import { generateWorld } from '../../../sim/world/world-generator.ts';
import { buildWorld } from '../../../sim/world/world-loader.ts';
import type { WorldSpec } from '../../../sim/world/world-types.ts';
import { advance, simControl, startTestSim } from '../../helpers/sim.ts';
import { loginCookies, pricefeed } from '../../helpers/sim-http.ts';
import { OWN_UID } from '../../helpers/sim-worlds.ts';

const T0 = Date.UTC(2026, 0, 1);
const A = '750000000';

function behaviourWorld(): WorldSpec {
  return {
    seed: 11,
    merchants: [
      { id: '1', name: 'Static', rating: 4 },
      { id: '2', name: 'Dumper', rating: 4 },
      { id: '3', name: 'Follower', rating: 4 },
      { id: '4', name: 'Walker', rating: 4 },
      { id: '5', name: 'Late', rating: 4 },
      { id: '6', name: 'Leaver', rating: 4 },
    ],
    products: [
      { id: '600', title: 'P600' },
      { id: '601', title: 'P601' },
      { id: '602', title: 'P602' },
      { id: '603', title: 'P603' },
    ],
    listings: [
      { productId: '600', merchantId: '1', cityId: A, price: 1000 },
      { productId: '600', merchantId: '2', cityId: A, price: 1100, behaviour: { kind: 'dumper', step: 10, every: 5, floor: 950 } },
      { productId: '601', merchantId: '1', cityId: A, price: 1200 },
      { productId: '601', merchantId: '3', cityId: A, price: 1000, behaviour: { kind: 'follower', step: 10, every: 1, floor: 900, ceiling: 1500 } },
      { productId: '602', merchantId: '4', cityId: A, price: 1000, behaviour: { kind: 'random-walk', step: 5, every: 1, floor: 980, ceiling: 1020 } },
      { productId: '603', merchantId: '5', cityId: A, price: 500, appearAt: 60 },
      { productId: '603', merchantId: '6', cityId: A, price: 600, leaveAt: 120 },
    ],
    ownMerchants: [{ uid: OWN_UID, name: 'Ours', points: [{ name: 'PP1', cityId: A }], offers: [{ sku: 'S1', productId: '601', model: 'P601', price: 1300 }] }],
    accounts: [{ email: 'seller@example.kz', password: 'secret123', merchants: [OWN_UID] }],
  };
}

const priceOf = (world: ReturnType<typeof buildWorld>, productId: string, merchantId: string, at: number) =>
  world.offersAt(world.productIndex(productId), A, at).find((r) => r.merchant.id === merchantId)?.price;

describe('world', () => {
  it('generates the same world from the same seed, and another from another seed', () => {
    const fingerprint = (seed: number) => {
      const w = generateWorld({ seed, products: 300, competitorsPerProduct: 6, cities: 2 }, T0);
      return JSON.stringify([w.products.titles, Array.from(w.listings.price.subarray(0, w.listings.count)), Array.from(w.listings.kind.subarray(0, w.listings.count)), w.merchants, w.orders]);
    };
    assert.equal(fingerprint(42), fingerprint(42));
    assert.notEqual(fingerprint(42), fingerprint(43));
  });

  it('plays the same behaviour timeline for a seed, however often it is read', () => {
    const params = { seed: 9, products: 200, competitorsPerProduct: 6, cities: 2, behaviourMix: { dumper: 0.3, follower: 0.2, randomWalk: 0.2 }, churn: 0.2 };
    const often = generateWorld(params, T0);
    const once = generateWorld(params, T0);
    for (let s = 1; s <= 600; s += 7) for (let p = 0; p < 200; p += 3) often.offersAt(p, A, T0 + s * 1000);
    const end = T0 + 600_000;
    for (let p = 0; p < 200; p++) {
      const a = often.offersAt(p, A, end).map((r) => `${r.merchant.id}:${r.price}`);
      const b = once.offersAt(p, A, end).map((r) => `${r.merchant.id}:${r.price}`);
      assert.deepEqual(a, b, `product ${p}`);
    }
    const moved = Array.from({ length: 200 }, (_, p) => p).filter(
      (p) =>
        JSON.stringify(
          generateWorld(params, T0)
            .offersAt(p, A, T0)
            .map((r) => r.price),
        ) !== JSON.stringify(once.offersAt(p, A, end).map((r) => r.price)),
    );
    assert.ok(moved.length > 20, `behaviours moved prices in ${moved.length} products`);
  });

  it('has a dumper undercut the cheapest by its step every N ticks, down to its floor and no further', () => {
    const w = buildWorld(behaviourWorld(), T0);
    assert.equal(priceOf(w, '600', '2', T0 + 4_999), 1100, 'nothing before its 5th tick');
    assert.equal(priceOf(w, '600', '2', T0 + 5_000), 990, 'undercuts 1000 by 10');
    assert.equal(priceOf(w, '600', '2', T0 + 10_000), 990, 'already cheapest: stays');
    w.setCompetitorPrice(w.productIndex('600'), '1', null, 980, T0 + 10_000);
    assert.equal(priceOf(w, '600', '2', T0 + 15_000), 970);
    w.setCompetitorPrice(w.productIndex('600'), '1', null, 900, T0 + 15_000);
    assert.equal(priceOf(w, '600', '2', T0 + 20_000), 950, 'stops at its floor');
    assert.equal(priceOf(w, '600', '2', T0 + 60_000), 950);
  });

  it('has a follower sit one step under the cheapest, following the market back up, and react to our price', () => {
    const w = buildWorld(behaviourWorld(), T0);
    assert.equal(priceOf(w, '601', '3', T0 + 1000), 1190);
    w.setCompetitorPrice(w.productIndex('601'), '1', null, 1400, T0 + 1000);
    assert.equal(priceOf(w, '601', '3', T0 + 2000), 1290, 'our 1300 is now the cheapest other');
    w.setCompetitorPrice(w.productIndex('601'), '1', null, 1600, T0 + 2000);
    assert.equal(priceOf(w, '601', '3', T0 + 3000), 1290);
  });

  it('keeps a random walk inside its bounds, the same for the same seed', () => {
    const a = buildWorld(behaviourWorld(), T0);
    const b = buildWorld(behaviourWorld(), T0);
    const walkA: number[] = [];
    for (let s = 1; s <= 100; s++) walkA.push(priceOf(a, '602', '4', T0 + s * 1000)!);
    assert.ok(walkA.every((p) => p >= 980 && p <= 1020));
    assert.ok(new Set(walkA).size > 3, 'it moves');
    assert.equal(priceOf(b, '602', '4', T0 + 100_000), walkA[99]);
  });

  it('lets merchants appear and leave', () => {
    const w = buildWorld(behaviourWorld(), T0);
    const sellers = (s: number) => w.offersAt(w.productIndex('603'), A, T0 + s * 1000).map((r) => r.merchant.id);
    assert.deepEqual(sellers(0), ['6']);
    assert.deepEqual(sellers(60), ['5', '6']);
    assert.deepEqual(sellers(120), ['5']);
  });

  it('advances, scales and freezes the clock', () => {
    let real = 1000;
    const clock = new SimClock({ mode: 'real', start: T0, realNow: () => real });
    real += 500;
    assert.equal(clock.now(), T0 + 500);
    clock.setScale(60);
    real += 1000;
    assert.equal(clock.now(), T0 + 500 + 60_000);
    clock.setMode('manual');
    real += 1000;
    assert.equal(clock.now(), T0 + 60_500);
    clock.advance(30 * 60_000);
    assert.equal(clock.now(), T0 + 60_500 + 30 * 60_000);
  });
});

describe('world over HTTP', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startTestSim({ world: behaviourWorld(), ingestDelayMs: 2000 });
  });
  after(() => sim.close());

  it('lets competitor bots react to our accepted price once it is ingested', async () => {
    const cookie = await loginCookies(sim);
    assert.equal((await pricefeed(sim, cookie, { merchantUid: OWN_UID, sku: 'S1', price: 1100 })).status, 200);
    await advance(sim, 1000);
    let view = await simControl(sim, 'GET', `/storefront/offers/601?cityId=${A}`);
    assert.equal(view.offers.find((o: any) => o.merchantId === '3').price, 1190, 'our 1100 is not visible yet');
    await advance(sim, 2000);
    view = await simControl(sim, 'GET', `/storefront/offers/601?cityId=${A}`);
    assert.deepEqual(
      view.offers.map((o: any) => [o.merchantId, o.price]),
      [
        ['3', 1090],
        [OWN_UID, 1100],
        ['1', 1200],
      ],
    );
  });

  it('changes a competitor price and generates worlds through the control API', async () => {
    await simControl(sim, 'POST', '/competitors/price', { productId: '600', merchantId: '1', price: 1234 });
    const view = await simControl(sim, 'GET', `/storefront/offers/600?cityId=${A}`);
    assert.equal(view.offers.find((o: any) => o.merchantId === '1').price, 1234);
    const summary = await simControl(sim, 'POST', '/world/generate', { seed: 5, products: 1000, competitorsPerProduct: 4, cities: 2 });
    assert.equal(summary.products, 1000);
    assert.equal(summary.listings, 8000);
    const again = await simControl(sim, 'POST', '/world/generate', { seed: 5, products: 1000, competitorsPerProduct: 4, cities: 2 });
    assert.deepEqual(again.sampleProducts, summary.sampleProducts);
    const bad = await fetch(`${sim.controlUrl}/world`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ products: [{ id: '1', title: 'x' }], listings: [{ productId: '2', merchantId: '1', cityId: A, price: 100 }] }),
    });
    assert.equal(bad.status, 400);
  });
});
