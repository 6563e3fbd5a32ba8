import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextWorkStart, parseHhMm, withinWorkHours } from '../../../src/modules/repricer/work-hours.ts';

/** An instant given as Almaty wall-clock time (UTC+05:00). */
const almaty = (local: string) => new Date(`${local}+05:00`);

describe('work hours (Asia/Almaty)', () => {
  test('parseHhMm reads HH:MM from 00:00 to 23:59 and nothing else', () => {
    assert.equal(parseHhMm('00:00'), 0);
    assert.equal(parseHhMm('09:30'), 570);
    assert.equal(parseHhMm('23:59'), 23 * 60 + 59);
    for (const bad of ['24:00', '9:00', '09:60', '0900', '09:00:00', '', ' 09:00', 'ab:cd']) assert.equal(parseHhMm(bad), null, bad);
  });

  test('no hours (null/null) is always within, and the next start is now', () => {
    const now = almaty('2025-03-10T03:17:00');
    assert.equal(withinWorkHours(null, null, now), true);
    assert.equal(nextWorkStart(null, null, now).getTime(), now.getTime());
  });

  test('a daytime window: start inclusive, end exclusive, in Almaty time not UTC', () => {
    assert.equal(withinWorkHours('09:00', '21:00', almaty('2025-03-10T08:59:59')), false);
    assert.equal(withinWorkHours('09:00', '21:00', almaty('2025-03-10T09:00:00')), true);
    assert.equal(withinWorkHours('09:00', '21:00', almaty('2025-03-10T20:59:00')), true);
    assert.equal(withinWorkHours('09:00', '21:00', almaty('2025-03-10T21:00:00')), false);
    // 05:00 UTC is 10:00 in Almaty: within, although 05:00 would not be.
    assert.equal(withinWorkHours('09:00', '21:00', new Date('2025-03-10T05:00:00Z')), true);
  });

  test('a window spanning midnight (22:00-06:00)', () => {
    assert.equal(withinWorkHours('22:00', '06:00', almaty('2025-03-10T23:30:00')), true);
    assert.equal(withinWorkHours('22:00', '06:00', almaty('2025-03-11T00:00:00')), true);
    assert.equal(withinWorkHours('22:00', '06:00', almaty('2025-03-11T05:59:00')), true);
    assert.equal(withinWorkHours('22:00', '06:00', almaty('2025-03-11T06:00:00')), false);
    assert.equal(withinWorkHours('22:00', '06:00', almaty('2025-03-11T12:00:00')), false);
    assert.equal(withinWorkHours('22:00', '06:00', almaty('2025-03-11T21:59:00')), false);
    assert.deepEqual(nextWorkStart('22:00', '06:00', almaty('2025-03-11T12:00:00')), almaty('2025-03-11T22:00:00'));
    const inside = almaty('2025-03-11T02:00:00');
    assert.equal(nextWorkStart('22:00', '06:00', inside).getTime(), inside.getTime());
  });

  test("nextWorkStart: later today, or tomorrow once today's window has closed", () => {
    assert.deepEqual(nextWorkStart('09:00', '21:00', almaty('2025-03-10T07:45:30')), almaty('2025-03-10T09:00:00'));
    assert.deepEqual(nextWorkStart('09:00', '21:00', almaty('2025-03-10T21:00:00')), almaty('2025-03-11T09:00:00'));
    assert.deepEqual(nextWorkStart('09:00', '21:00', almaty('2025-12-31T23:10:00')), almaty('2026-01-01T09:00:00'));
    // Just before the window opens (seconds are dropped, not rounded up past the start).
    assert.deepEqual(nextWorkStart('09:00', '21:00', almaty('2025-03-10T08:59:59.900')), almaty('2025-03-10T09:00:00'));
  });

  test('the same start and end is all day', () => {
    assert.equal(withinWorkHours('10:00', '10:00', almaty('2025-03-10T03:00:00')), true);
  });
});
