import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide } from '../../src/engine/engine.ts';
import { costFloor } from '../../src/engine/floor.ts';
import { rulesFor, validateRules } from '../../src/engine/rules.ts';
import { offer, oneCity, us } from '../helpers/engine-market.ts';

const only = (input: Parameters<typeof decide>[0]) => {
  const d = decide(input).cities[0];
  assert.ok(d, 'one city decided');
  return d;
};
const t0 = new Date('2026-09-21T10:00:00Z');

describe('floor and bounds', () => {
  test('hold_at_min sits at the floor when the leader is under it', () => {
    const d = only(oneCity({}, 300, [offer('a', 50), offer('b', 400)]));
    assert.deepEqual([d.action, d.price, d.reason, d.expectedPosition], ['set', 100, 'at_floor_hold', 2]);
    assert.deepEqual(only(oneCity({}, 100, [offer('a', 50)])).action, 'hold');
  });
  test('best_reachable keeps the floor place at the highest price', () => {
    const d = only(oneCity({ atFloor: 'best_reachable' }, 300, [offer('a', 50), offer('b', 60), offer('c', 400)]));
    assert.deepEqual([d.action, d.price, d.reason, d.expectedPosition], ['set', 399, 'best_reachable', 3]);
  });
  test('the cost floor lifts the min', () => {
    assert.equal(costFloor({ purchasePrice: 800, commissionPercent: 12, taxPercent: 8, delivery: 0 }), 1000);
    const d = only(oneCity({ maxPrice: 2000, cost: { purchasePrice: 800, commissionPercent: 12, taxPercent: 8, delivery: 0 } }, 1500, [offer('a', 900)]));
    assert.deepEqual([d.price, d.reason], [1000, 'at_floor_hold']);
  });
  test('a current price above max is brought into the band at once', () => {
    const d = only(oneCity({ maxDropPercent: 1 }, 5000, [offer('a', 2000)]));
    assert.deepEqual([d.action, d.price, d.reason], ['set', 1000, 'out_of_bounds']);
  });
  test('no min: never lowered; floor above max: hold', () => {
    assert.deepEqual(only(oneCity({ minPrice: null }, 300, [offer('a', 200)])).price, 300);
    const d = only(oneCity({ maxPrice: 150, cost: { purchasePrice: 500, commissionPercent: 0, taxPercent: 0, delivery: 0 } }, 140, []));
    assert.deepEqual([d.action, d.reason], ['hold', 'floor_above_max']);
  });
});

describe('raise, no competitors, switches', () => {
  test('no competitor: go to max, or hold by setting', () => {
    assert.deepEqual(only(oneCity({}, 300, [offer(us, 300)])).reason, 'no_competitors_max');
    assert.deepEqual(only(oneCity({}, 300, [offer(us, 300)])).price, 1000);
    assert.deepEqual(only(oneCity({ noCompetitors: 'hold' }, 300, [])).reason, 'no_competitors_hold');
  });
  test('auto_raise off holds a raise, auto_lower off holds a drop', () => {
    assert.deepEqual(only(oneCity({ autoRaise: false }, 300, [offer('a', 500)])).reason, 'auto_raise_off');
    assert.deepEqual(only(oneCity({ autoLower: false }, 600, [offer('a', 500)])).reason, 'auto_lower_off');
  });
  test('raise cooldown holds a raise until it passes, not a drop', () => {
    const recent = { changesToday: 1, lastRaiseAt: new Date(t0.getTime() - 60_000) };
    assert.deepEqual(only(oneCity({ raiseCooldownSeconds: 600 }, 300, [offer('a', 500)], {}, { history: recent })).reason, 'cooldown');
    assert.deepEqual(only(oneCity({ raiseCooldownSeconds: 30 }, 300, [offer('a', 500)], {}, { history: recent })).action, 'set');
    assert.deepEqual(only(oneCity({ raiseCooldownSeconds: 600 }, 600, [offer('a', 500)], {}, { history: recent })).action, 'set');
  });
});

describe('against price wars', () => {
  test('max drop per cycle caps a deep undercut', () => {
    const d = only(oneCity({ maxDropPercent: 10 }, 800, [offer('a', 300)]));
    assert.deepEqual([d.action, d.price, d.reason], ['set', 720, 'max_drop_capped']);
  });
  test('max changes per day holds', () => {
    const d = only(oneCity({ maxChangesPerDay: 5 }, 800, [offer('a', 300)], {}, { history: { changesToday: 5, lastRaiseAt: null } }));
    assert.deepEqual([d.action, d.reason], ['hold', 'daily_limit']);
  });
  test('a bot cluster around the leader is matched, not undercut', () => {
    const bots = [offer('a', 500), offer('b', 501), offer('c', 502), offer('d', 700)];
    const d = only(oneCity({ clusterTolerance: 2 }, 800, bots));
    assert.deepEqual([d.price, d.reason, d.competitorPrice], [500, 'cluster_match', 500]);
    assert.deepEqual(only(oneCity({ clusterTolerance: 1 }, 800, bots)).price, 499);
  });
  test('a market error holds, never "no competitors"', () => {
    const d = only(oneCity({}, 300, [], {}, { market: { ok: false, error: 'html' } }));
    assert.deepEqual([d.action, d.price, d.reason, d.expectedPosition], ['hold', 300, 'market_error', null]);
  });
});

describe('competitors', () => {
  test('our shops, the ignore list, slow and preorder sellers are dropped; one offer per merchant', () => {
    const offers = [
      offer(us, 200),
      offer('42', 210),
      offer('bot', 220),
      offer('slow', 230, { deliveryDuration: 'TILL_7_DAYS' }),
      offer('pre', 240, { preorderDays: 3 }),
      offer('x', 400),
      offer('x', 300),
    ];
    const d = only(oneCity({ maxDeliveryDuration: 'TILL_2_DAYS' }, 900, offers, { ownMerchantIds: ['42'], ignoredMerchantIds: ['bot'] }));
    assert.deepEqual([d.price, d.competitorPrice, d.expectedPosition], [299, 300, 1]);
  });
  test('merchant ids compare as strings', () => {
    const numeric = { ...offer('x', 200), merchantId: 30141222 as unknown as string };
    assert.deepEqual(only(oneCity({}, 900, [numeric, offer('a', 500)])).price, 499);
  });
});

describe('offer summary and rules', () => {
  test('one pricefeed plan with every city and base = lowest; nothing when all hold', () => {
    const input = oneCity({}, 600, [offer('a', 500)]);
    input.cities = [...input.cities, { cityId: '710000000', currentPrice: 450, market: { ok: false, error: 'stale' } }];
    assert.deepEqual(decide(input).push, {
      basePrice: 450,
      cityPrices: [
        { cityId: '750000000', price: 499 },
        { cityId: '710000000', price: 450 },
      ],
    });
    assert.equal(decide(oneCity({}, 499, [offer('a', 500)])).push, null);
  });
  test('per-city overrides win over the product rules', () => {
    const input = oneCity({}, 600, [offer('a', 500)], { cityRules: { '750000000': { strategy: 'manual' } } });
    assert.deepEqual(decide(input).cities[0]?.reason, 'manual');
  });
  test('validateRules names each problem; invalid rules hold', () => {
    const errors = validateRules(rulesFor({ minPrice: 5, maxPrice: 3, step: 0, strategy: 'stay_top_n' }));
    assert.equal(errors.length, 5, errors.join('; '));
    assert.deepEqual(validateRules(rulesFor({ minPrice: 100, maxPrice: 200 })), []);
    assert.deepEqual(only(oneCity({ step: 0 }, 600, [offer('a', 500)])).reason, 'invalid_rules');
  });
});
