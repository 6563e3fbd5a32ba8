import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UNDERCUT_PRIOR_SECONDS } from '../../../../src/modules/repricer/scheduler/market-watch.ts';
import { learn } from '../../../../src/modules/repricer/scheduler/product-schedule.ts';

const own = new Set(['us']);
const read = (at: number, rival: number, ours = 10_000) => ({
  cityId: 'almaty',
  fetchedAt: at * 1000,
  offers: [
    { merchantId: 'us', price: ours },
    { merchantId: 'rival', price: rival },
    { merchantId: 'static', price: 12_500 },
  ],
});

/** Competitor moves per hour after these reads (all unchanged after the first). */
function perHour(reads: ReturnType<typeof read>[]): number {
  let state = null;
  for (const r of reads) {
    const learned = learn(state, [r], own, null, r.fetchedAt, 5);
    state = { cities: learned.cities } as Parameters<typeof learn>[0];
  }
  const last = reads.at(-1)!;
  return learn(state, [], own, null, last.fetchedAt, 5).rate * 3600;
}

describe("a product's first read seeds its pace", () => {
  test('a competitor just under our price (a bot at work) starts it at minutes, not the hour-long prior', () => {
    const hourly = Math.LN2;
    const undercut = perHour([read(0, 9_990)]);
    assert.ok(Math.abs(undercut - (Math.LN2 * 3600) / UNDERCUT_PRIOR_SECONDS) < 0.01, `${undercut}`);
    // Ours first, or a competitor far under us (a cheap static seller): the usual prior.
    assert.ok(Math.abs(perHour([read(0, 10_500)]) - hourly) < 0.01);
    assert.ok(Math.abs(perHour([read(0, 7_000)]) - hourly) < 0.01);
  });

  test('a quiet product that started so shows it within three reads: its pace falls under the usual prior', () => {
    const reads = [read(0, 9_990), read(300, 9_990), read(900, 9_990), read(1_800, 9_990)];
    assert.ok(perHour(reads) < Math.LN2, `${perHour(reads)} per hour`);
  });
});
