import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type NextReadInput, nextRead } from '../../../../src/modules/repricer/scheduler/next-read.ts';

const base: NextReadInput = {
  mode: 'uniform',
  now: 0,
  uniformSeconds: 300,
  minSeconds: 5,
  maxSeconds: 3600,
  rate: 1 / 3600,
  weight: 100,
  cost: 1,
  priority: false,
  observations: 10,
  level: null,
  war: null,
  verifySoon: false,
  verifyDelayMs: 60_000,
  failed: false,
  retryMs: 30_000,
  jitter: 0,
};

describe('next read', () => {
  test('uniform: the interval, sooner to verify a change or retry a failure, spread by up to 10 %', () => {
    assert.deepEqual(nextRead(base), { at: 300_000, intervalSeconds: 300, reason: 'uniform' });
    assert.equal(nextRead({ ...base, verifySoon: true }).at, 60_000);
    assert.equal(nextRead({ ...base, verifySoon: true }).reason, 'verify');
    assert.equal(nextRead({ ...base, failed: true, verifySoon: true }).at, 30_000);
    assert.equal(nextRead({ ...base, jitter: 1 }).at, 330_000);
    assert.equal(nextRead({ ...base, uniformSeconds: 10, verifySoon: true }).at, 10_000, 'never later than the interval');
  });

  test('adaptive without a plan yet: the store interval within the bounds; few reads say learning', () => {
    const next = nextRead({ ...base, mode: 'adaptive', observations: 1 });
    assert.equal(next.intervalSeconds, 300);
    assert.equal(next.reason, 'learning');
  });

  test('adaptive: a quiet product sits at its longest interval, a busy one far shorter', () => {
    const level = 1e7;
    const quiet = nextRead({ ...base, mode: 'adaptive', level, rate: 1 / 604_800 });
    const busy = nextRead({ ...base, mode: 'adaptive', level, rate: 1 / 120 });
    assert.equal(quiet.reason, 'quiet');
    assert.equal(quiet.intervalSeconds, 3600);
    assert.equal(busy.reason, 'active');
    assert.ok(busy.intervalSeconds < 600, `busy ${busy.intervalSeconds}`);
  });

  test('a war reads on the rival clock, exactly, and its read verifies our change when it comes soon enough', () => {
    const war = { city_id: 'c', period_seconds: 120, expected_at: 107, read_at: 109, step: 1, answers_us: true, misses: 0, walk_seconds: 1, since: 0, marks: [] };
    const next = nextRead({ ...base, mode: 'adaptive', level: 50, war, verifySoon: true, jitter: 1 });
    assert.equal(next.reason, 'war');
    assert.equal(next.at, 109_000, 'just after the move is due, no jitter, no separate verification read');
    // A war read far off: the verification comes first.
    const far = nextRead({ ...base, mode: 'adaptive', level: 50, war: { ...war, expected_at: 903, read_at: 905 }, verifyDelayMs: 60_000, verifySoon: true, jitter: 0 });
    assert.equal(far.reason, 'verify');
    assert.equal(far.at, 60_000);
  });
});
