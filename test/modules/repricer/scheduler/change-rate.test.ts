import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Prng } from '../../../../sim/world/prng.ts';
import type { ScheduleObservation } from '../../../../src/infra/db/schema.ts';
import { estimateRate } from '../../../../src/modules/repricer/scheduler/change-rate.ts';

/** Reads every `every` s of a Poisson process of rate `rate`: what the estimator sees. */
function observations(rate: number, every: number, count: number, seed: number, end = count * every): ScheduleObservation[] {
  const rng = new Prng(seed);
  const out: ScheduleObservation[] = [];
  for (let i = 0; i < count; i++) {
    const changed = rng.next() < 1 - Math.exp(-rate * every) ? 1 : 0;
    out.push([every, changed, end - (count - 1 - i) * every]);
  }
  return out;
}

describe('change rate estimate', () => {
  test('no observations: the prior, ln 2 per hour', () => {
    assert.ok(Math.abs(estimateRate([], 0) * 3600 - Math.LN2) < 1e-3);
  });

  test('finds the rate of a busy and of a quiet product within a factor of 2 from 32 reads', () => {
    for (const seed of [1, 2, 3]) {
      const busy = estimateRate(observations(1 / 120, 60, 32, seed), 32 * 60);
      assert.ok(busy > 1 / 240 && busy < 1 / 60, `busy ${1 / busy} s`);
    }
    // Quiet: one move in three hours, read every 10 minutes for five hours.
    const quiet = estimateRate(observations(1 / 10_800, 600, 32, 5), 32 * 600);
    assert.ok(quiet < 1 / 3600, `quiet ${1 / quiet} s`);
  });

  test('a change at every read does not run to infinity (a change means at least one move)', () => {
    const always = Array.from({ length: 10 }, (_, i): ScheduleObservation => [600, 1, i * 600]);
    const rate = estimateRate(always, 6000);
    assert.ok(rate > 1 / 1200 && rate < 1, `${rate}`);
  });

  test('forgets: a war that ended a day ago weighs little against quiet reads since', () => {
    const now = 200_000;
    const war = Array.from({ length: 16 }, (_, i): ScheduleObservation => [30, 1, now - 86_400 - i * 30]);
    const quiet = Array.from({ length: 16 }, (_, i): ScheduleObservation => [600, 0, now - i * 600]);
    const rate = estimateRate([...war, ...quiet], now);
    assert.ok(rate < 1 / 1800, `${1 / rate} s between moves`);
  });
});
