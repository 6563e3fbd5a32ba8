import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decide } from '../../src/engine/engine.ts';
import { priceBand } from '../../src/engine/floor.ts';
import { deliveryDurations, type MarketOffer } from '../../src/engine/market-offer.ts';
import { type PricingRules, rulesFor, strategies } from '../../src/engine/rules.ts';
import type { DecideInput } from '../../src/engine/types.ts';
import { offer, us } from '../helpers/engine-market.ts';

const runs = { numRuns: 400 };
const cityId = '750000000';

const offerArb: fc.Arbitrary<MarketOffer> = fc
  .record({
    merchantId: fc.constantFrom(us, 'a', 'b', 'c', 'd', 'e', '42', 'Sulpak'),
    price: fc.integer({ min: 1, max: 3000 }),
    rating: fc.option(fc.constantFrom(3, 4, 4.5, 5)),
    deliveryDuration: fc.constantFrom(...deliveryDurations),
    preorderDays: fc.constantFrom(0, 0, 0, 3),
  })
  .map(({ merchantId, price, ...rest }) => offer(merchantId, price, rest));

const rulesArb: fc.Arbitrary<Partial<PricingRules>> = fc
  .record({
    min: fc.integer({ min: 10, max: 1500 }),
    span: fc.integer({ min: 0, max: 1500 }),
    step: fc.integer({ min: 1, max: 50 }),
    strategy: fc.constantFrom(...strategies),
    position: fc.integer({ min: 1, max: 6 }),
    fixedPrice: fc.integer({ min: 10, max: 4000 }),
    autoLower: fc.boolean(),
    autoRaise: fc.boolean(),
    atFloor: fc.constantFrom('hold_at_min' as const, 'best_reachable' as const),
    noCompetitors: fc.constantFrom('go_to_max' as const, 'hold' as const),
    maxDropPercent: fc.constantFrom(5, 10, 50, 100),
    clusterTolerance: fc.constantFrom(0, 0, 3, 20),
    maxDeliveryDuration: fc.option(fc.constantFrom(...deliveryDurations)),
    cost: fc.option(
      fc.record({ purchasePrice: fc.integer({ min: 0, max: 1500 }), commissionPercent: fc.constantFrom(0, 8, 12), taxPercent: fc.constantFrom(0, 4), delivery: fc.constantFrom(0, 300) }),
    ),
  })
  .map((r) => ({
    minPrice: r.min,
    maxPrice: r.min + r.span,
    step: r.step,
    strategy: r.strategy,
    strategyParams: { position: r.position, price: r.fixedPrice },
    autoLower: r.autoLower,
    autoRaise: r.autoRaise,
    atFloor: r.atFloor,
    noCompetitors: r.noCompetitors,
    raiseCooldownSeconds: 0,
    maxDropPercent: r.maxDropPercent,
    maxChangesPerDay: null,
    clusterTolerance: r.clusterTolerance,
    maxDeliveryDuration: r.maxDeliveryDuration,
    cost: r.cost,
  }));

const inputArb = fc.record({
  rules: rulesArb,
  current: fc.integer({ min: 10, max: 4000 }),
  offers: fc.array(offerArb, { maxLength: 20 }),
  ourRating: fc.option(fc.constantFrom(3, 4, 4.5, 5)),
});

function inputOf(rules: Partial<PricingRules>, current: number, offers: readonly MarketOffer[], ourRating: number | null): DecideInput {
  return { rules, ourMerchantId: us, ownMerchantIds: ['42'], ourRating, cities: [{ cityId, currentPrice: current, market: { ok: true, offers } }], now: new Date(0) };
}

function decideOne(input: DecideInput) {
  const d = decide(input).cities[0];
  assert.ok(d, 'one decision per city');
  return d;
}

test('every decided price is an integer tenge inside [floor, max]', () => {
  fc.assert(
    fc.property(inputArb, ({ rules, current, offers, ourRating }) => {
      const band = priceBand(rulesFor(rules), current);
      const d = decideOne(inputOf(rules, current, offers, ourRating));
      if (d.action === 'hold') return assert.equal(d.price, current, 'a hold keeps the current price');
      assert.ok(Number.isInteger(d.price), `integer price, got ${d.price}`);
      assert.ok(d.price >= band.floor && d.price >= 10 && d.price <= band.max, `${d.price} inside [${band.floor}, ${band.max}] (${d.reason})`);
    }),
    runs,
  );
});

test('a hold never leaves a market-following price outside the band', () => {
  fc.assert(
    fc.property(inputArb, ({ rules, current, offers, ourRating }) => {
      const band = priceBand(rulesFor(rules), current);
      const d = decideOne(inputOf(rules, current, offers, ourRating));
      if (d.action === 'hold' && d.reason !== 'manual' && d.reason !== 'floor_above_max') {
        assert.ok(current >= band.floor && current <= band.max, `held ${current} outside [${band.floor}, ${band.max}] (${d.reason})`);
      }
    }),
    runs,
  );
});

test('our own offers never count: deciding with them equals deciding without them', () => {
  fc.assert(
    fc.property(inputArb, ({ rules, current, offers, ourRating }) => {
      const withoutOurs = offers.filter((o) => o.merchantId !== us && o.merchantId !== '42');
      const ownCopies = [offer(us, Math.max(1, current - 1)), offer('42', 10)];
      assert.deepEqual(decideOne(inputOf(rules, current, [...offers, ...ownCopies], ourRating)), decideOne(inputOf(rules, current, withoutOurs, ourRating)));
    }),
    runs,
  );
});

test('idempotent on an unchanged market (and converges when the drop cap splits a move)', () => {
  fc.assert(
    fc.property(inputArb, ({ rules, current, offers, ourRating }) => {
      const first = decideOne(inputOf(rules, current, offers, ourRating));
      let price = first.price;
      let again = decideOne(inputOf(rules, price, offers, ourRating));
      if (first.reason !== 'max_drop_capped') {
        assert.deepEqual([again.action, again.price], ['hold', price], `after ${first.reason} -> ${price}, then ${again.reason} -> ${again.price}`);
        return;
      }
      for (let cycle = 0; cycle < 200 && again.action === 'set'; cycle++) {
        price = again.price;
        again = decideOne(inputOf(rules, price, offers, ourRating));
      }
      assert.equal(again.action, 'hold', 'capped drops reach a fixed point');
    }),
    runs,
  );
});

test('a market error never changes a price, and manual never does', () => {
  fc.assert(
    fc.property(inputArb, fc.constantFrom('failed', 'html', 'stale'), ({ rules, current, offers, ourRating }, error) => {
      const failed: DecideInput = { ...inputOf(rules, current, offers, ourRating), cities: [{ cityId, currentPrice: current, market: { ok: false, error } }] };
      const d = decideOne(failed);
      assert.deepEqual([d.action, d.price], ['hold', current], d.reason);
      assert.equal(decide(failed).push, null, 'nothing to push');
      const m = decideOne(inputOf({ ...rules, strategy: 'manual' }, current, offers, ourRating));
      assert.deepEqual([m.action, m.price, m.reason], ['hold', current, 'manual'], 'manual holds');
    }),
    runs,
  );
});

test('beat_first: a cheaper competitor never yields a higher price (hold_at_min, no cluster)', () => {
  fc.assert(
    fc.property(inputArb, fc.nat(), fc.integer({ min: 1, max: 500 }), ({ rules, current, offers, ourRating }, pick, cut) => {
      if (offers.length === 0) return;
      const monotoneRules = { ...rules, strategy: 'beat_first' as const, atFloor: 'hold_at_min' as const, clusterTolerance: 0 };
      const index = pick % offers.length;
      const cheaper = offers.map((o, i) => (i === index ? { ...o, price: Math.max(1, o.price - cut) } : o));
      const before = decideOne(inputOf(monotoneRules, current, offers, ourRating));
      const after = decideOne(inputOf(monotoneRules, current, cheaper, ourRating));
      assert.ok(after.price <= before.price, `${before.price} (${before.reason}) then ${after.price} (${after.reason})`);
    }),
    runs,
  );
});

test('the expected position matches a full sort of the market with us in it', () => {
  fc.assert(
    fc.property(inputArb, ({ rules, current, offers, ourRating }) => {
      const plain = { ...rules, maxDeliveryDuration: null };
      const d = decideOne(inputOf(plain, current, offers, ourRating));
      if (d.expectedPosition === null) return;
      const best = new Map<string, MarketOffer>();
      for (const o of offers) if (o.merchantId !== us && o.merchantId !== '42' && (!best.has(o.merchantId) || o.price < best.get(o.merchantId)!.price)) best.set(o.merchantId, o);
      const ahead = [...best.values()].filter((o) => o.price < d.price || (o.price === d.price && (o.rating ?? 0) >= (ourRating ?? 0))).length;
      assert.equal(d.expectedPosition, ahead + 1, 'position = competitors ranked ahead + 1');
    }),
    runs,
  );
});
