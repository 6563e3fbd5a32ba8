import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CityWatch } from '../../../../src/infra/db/schema.ts';
import { type CityReadView, observe } from '../../../../src/modules/repricer/scheduler/market-watch.ts';
import { advanceWar, recogniseWar, suspectWar, type WarClock, warReadAt } from '../../../../src/modules/repricer/scheduler/price-war.ts';

const own = new Set(['us']);

/** A rival bot that undercuts every `period` s from `phase`, and us; reads at the times the test picks. */
function market(period: number, phase: number, start = 10_000) {
  return (t: number): CityReadView => {
    const moves = Math.max(0, Math.floor((t - phase) / period) + 1);
    return {
      cityId: 'almaty',
      fetchedAt: t * 1000,
      offers: [
        { merchantId: 'bot', price: start - moves },
        { merchantId: 'us', price: start - moves - 1 },
      ],
    };
  };
}

describe('price war', () => {
  test('moves read faster than they come, at a steady period and step: a war at that period', () => {
    const read = market(120, 7);
    let watch: CityWatch | undefined;
    for (let t = 0; t <= 1200; t += 20) watch = observe(watch, read(t), own, null).watch;
    const sign = recogniseWar(watch!, 1200);
    assert.ok(sign, 'recognised');
    assert.ok(Math.abs(sign.periodSeconds - 120) <= 10, `period ${sign.periodSeconds}`);
    assert.equal(sign.step, 1);
  });

  test('moves at every read (reads slower than the rival) are not a war yet', () => {
    const read = market(120, 7);
    let watch: CityWatch | undefined;
    for (let t = 0; t <= 6000; t += 300) watch = observe(watch, read(t), own, null).watch;
    assert.equal(recogniseWar(watch!, 6000), null);
  });

  test('quiet products are not at war', () => {
    const read = market(10_000_000, 5_000_000);
    let watch: CityWatch | undefined;
    for (let t = 0; t <= 6000; t += 60) watch = observe(watch, read(t), own, null).watch;
    assert.equal(recogniseWar(watch!, 6000), null);
  });

  test('the clock locks on: one read per rival move, each within a tenth of the period after it', () => {
    const period = 150;
    const phase = 37;
    const read = market(period, phase);
    let watch: CityWatch | undefined;
    let clock: WarClock | null = null;
    let t = 0;
    let reads = 0;
    const delays: number[] = [];
    while (t < 6000) {
      const before = watch;
      const result = observe(watch, read(t), own, null);
      watch = result.watch;
      if (t > 3000) reads++;
      if (before) clock = advanceWar(clock, watch, result.moved, before.read_at, t, 5);
      if (result.moved && t > 3000) {
        const lastMove = phase + Math.floor((t - phase) / period) * period;
        delays.push(t - lastMove);
      }
      t = clock ? Math.ceil(warReadAt(clock, t, 5)) : t + 20;
    }
    assert.ok(clock, 'still at war');
    assert.ok(Math.abs(clock.period_seconds - period) <= 3, `period ${clock.period_seconds}`);
    assert.ok(delays.length >= 15, `${delays.length} moves answered`);
    assert.ok(reads / delays.length <= 1.6, `${reads} reads for ${delays.length} moves`);
    const worst = Math.max(...delays);
    assert.ok(worst <= period / 10 + 3, `worst delay ${worst} s`);
  });

  test('the war ends when the rival stops: three reads after the window see nothing', () => {
    const read = market(100, 3);
    let watch: CityWatch | undefined;
    let clock: WarClock | null = null;
    for (let t = 0; t <= 1000; t += 10) {
      const before = watch;
      const r = observe(watch, read(t), own, null);
      watch = r.watch;
      if (before) clock = advanceWar(clock, watch, r.moved, before.read_at, t, 5);
    }
    assert.ok(clock);
    // The rival stops: the market stays as it was at t = 1000.
    const frozen = read(1000);
    let t = 1000;
    for (let i = 0; i < 10 && clock; i++) {
      t = Math.ceil(warReadAt(clock, t, 5));
      const before = watch!;
      const r = observe(watch, { ...frozen, fetchedAt: t * 1000 }, own, null);
      watch = r.watch;
      clock = advanceWar(clock, watch, r.moved, before.read_at, t, 5);
    }
    assert.equal(clock, null);
  });

  test('a bot on a clock that skips the ticks we had not answered yet: gaps that are multiples of its period', () => {
    // Moves timed within 10 s, 120 s apart or a multiple: [seen, previous read, delta, after ours].
    const watch: CityWatch = {
      city_id: 'almaty',
      read_at: 1000,
      fingerprint: 'x',
      cheapest: 900,
      observations: [],
      moves: [
        [130, 120, -1, 1],
        [250, 240, -1, 1],
        [490, 480, -1, 1],
        [610, 600, -1, 1],
        [970, 960, -1, 1],
      ],
    };
    const sign = recogniseWar(watch, 1000);
    assert.ok(sign, 'recognised');
    assert.ok(Math.abs(sign.periodSeconds - 120) <= 2, `period ${sign.periodSeconds}`);
    assert.equal(sign.answersUs, true);
  });

  test('suspected when three of the last four reads saw undercuts: the moves need faster reads to be timed', () => {
    const watch: CityWatch = {
      city_id: 'almaty',
      read_at: 400,
      fingerprint: 'x',
      cheapest: 900,
      observations: [
        [100, 1, 100],
        [100, 1, 200],
        [100, 0, 300],
        [100, 1, 400],
      ],
      moves: [
        [100, 0, -1, 0],
        [200, 100, -1, 1],
        [400, 300, -1, 1],
      ],
    };
    assert.equal(suspectWar(watch), true);
    assert.equal(suspectWar({ ...watch, moves: watch.moves.map(([a, b, , d]) => [a, b, 5, d] as const) }), false, 'prices going up are not a war');
    assert.equal(suspectWar({ ...watch, observations: watch.observations.map(([a, , c]) => [a, 0, c] as const) }), false);
    // Two reads in a row that both saw an undercut are enough; one is not.
    const early: CityWatch = {
      ...watch,
      observations: [
        [600, 1, 700],
        [300, 1, 1000],
      ],
      moves: [
        [700, 100, -3, 0],
        [1000, 700, -2, 1],
      ],
    };
    assert.equal(suspectWar(early), true);
    assert.equal(
      suspectWar({
        ...early,
        observations: [
          [600, 0, 700],
          [300, 1, 1000],
        ],
        moves: [[1000, 700, -2, 1]],
      }),
      false,
    );
  });
});
