import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide } from '../../../src/engine/engine.ts';
import { offer, oneCity } from '../../helpers/engine-market.ts';

const only = (input: Parameters<typeof decide>[0]) => {
  const d = decide(input).cities[0];
  assert.ok(d, 'one city decided');
  return d;
};

describe('beat_first', () => {
  test('undercuts the cheapest competitor by step', () => {
    const d = only(oneCity({ step: 5 }, 600, [offer('a', 500), offer('b', 520)]));
    assert.deepEqual([d.action, d.price, d.reason, d.expectedPosition, d.competitorPrice], ['set', 495, 'undercut_leader', 1, 500]);
  });
  test('holds when already first within step of the leader', () => {
    const d = only(oneCity({ step: 5 }, 498, [offer('a', 500)]));
    assert.deepEqual([d.action, d.price, d.reason, d.expectedPosition], ['hold', 498, 'already_first', 1]);
  });
  test('holds at exactly leader minus step', () => {
    const d = only(oneCity({}, 499, [offer('a', 500)]));
    assert.deepEqual([d.action, d.reason], ['hold', 'already_first']);
  });
  test('raises to leader minus step when first with a bigger gap', () => {
    const d = only(oneCity({}, 300, [offer('a', 500)]));
    assert.deepEqual([d.action, d.price, d.reason], ['set', 499, 'follow_raise']);
  });
  test('an equal price with an equal rating is not first (pessimistic tie)', () => {
    const d = only(oneCity({}, 500, [offer('a', 500, { rating: 4.5 })]));
    assert.deepEqual([d.action, d.price], ['set', 499]);
  });
  test('never above max when the leader is far above', () => {
    const d = only(oneCity({ maxPrice: 400 }, 300, [offer('a', 500)]));
    assert.deepEqual([d.action, d.price, d.reason], ['set', 400, 'follow_raise']);
  });
});

describe('stay_top_n', () => {
  const market = [offer('a', 200), offer('b', 300), offer('c', 400), offer('d', 500)];
  test('goes step under the N-th competitor', () => {
    const d = only(oneCity({ strategy: 'stay_top_n', strategyParams: { position: 3 } }, 900, market));
    assert.deepEqual([d.action, d.price, d.reason, d.expectedPosition, d.competitorPrice], ['set', 399, 'target_position', 3, 400]);
  });
  test('raises back up when cheaper than needed', () => {
    const d = only(oneCity({ strategy: 'stay_top_n', strategyParams: { position: 3 } }, 150, market));
    assert.deepEqual([d.action, d.price, d.reason], ['set', 399, 'follow_raise']);
  });
  test('with fewer than N competitors goes to max', () => {
    const d = only(oneCity({ strategy: 'stay_top_n', strategyParams: { position: 9 } }, 150, market));
    assert.deepEqual([d.action, d.price, d.expectedPosition], ['set', 1000, 5]);
  });
  test('keeps a place already held instead of lowering', () => {
    const d = only(oneCity({ strategy: 'stay_top_n', strategyParams: { position: 3 }, step: 10 }, 395, market));
    assert.deepEqual([d.action, d.price, d.reason], ['hold', 395, 'target_held']);
  });
});

describe('follow_second', () => {
  test('exactly one competitor cheaper', () => {
    const d = only(oneCity({ strategy: 'follow_second' }, 900, [offer('a', 300), offer('b', 500), offer('c', 600)]));
    assert.deepEqual([d.action, d.price, d.expectedPosition, d.competitorPrice], ['set', 499, 2, 500]);
  });
  test('does not chase a leader that undercuts it', () => {
    const d = only(oneCity({ strategy: 'follow_second' }, 499, [offer('a', 150), offer('b', 500)]));
    assert.deepEqual([d.action, d.price], ['hold', 499]);
  });
});

describe('match_first', () => {
  test('matches the leader when our rating is better', () => {
    const d = only(oneCity({ strategy: 'match_first' }, 900, [offer('a', 500, { rating: 4.0 }), offer('b', 600)], { ourRating: 4.9 }));
    assert.deepEqual([d.action, d.price, d.reason, d.expectedPosition], ['set', 500, 'match_better_rating', 1]);
  });
  test('undercuts when our rating is not better', () => {
    const d = only(oneCity({ strategy: 'match_first' }, 900, [offer('a', 500, { rating: 4.9 })], { ourRating: 4.9 }));
    assert.deepEqual([d.action, d.price, d.reason], ['set', 499, 'undercut_leader']);
  });
  test('a merchant without rating loses to ours', () => {
    const d = only(oneCity({ strategy: 'match_first' }, 900, [offer('a', 500, { rating: null })], { ourRating: 3 }));
    assert.deepEqual([d.price, d.reason], [500, 'match_better_rating']);
  });
});

describe('fixed and manual', () => {
  test('fixed sets the seller price, clamped into the band', () => {
    assert.deepEqual(only(oneCity({ strategy: 'fixed', strategyParams: { price: 700 } }, 900, [offer('a', 100)])).price, 700);
    const d = only(oneCity({ strategy: 'fixed', strategyParams: { price: 5000 } }, 900, []));
    assert.deepEqual([d.action, d.price, d.reason], ['set', 1000, 'fixed']);
  });
  test('fixed holds once at its price', () => {
    assert.equal(only(oneCity({ strategy: 'fixed', strategyParams: { price: 700 } }, 700, [offer('a', 100)])).action, 'hold');
  });
  test('manual never moves, even out of bounds', () => {
    const d = only(oneCity({ strategy: 'manual' }, 5000, [offer('a', 100)]));
    assert.deepEqual([d.action, d.price, d.reason], ['hold', 5000, 'manual']);
  });
});
