import { describe, expect, it } from 'vitest';
import { paceOf } from './schedule-pace.ts';

describe("the competition's pace", () => {
  it('is quiet under one move a day', () => {
    expect(paceOf(0)).toEqual({ kind: 'quiet' });
    expect(paceOf(0.03)).toEqual({ kind: 'quiet' });
  });
  it('counts moves per day under one an hour', () => {
    expect(paceOf(0.3)).toEqual({ kind: 'perDay', count: 7 });
    expect(paceOf(1 / 24)).toEqual({ kind: 'perDay', count: 1 });
  });
  it('counts per hour above that: a bot every 45 s is 80 an hour', () => {
    expect(paceOf(2.345)).toEqual({ kind: 'perHour', value: 2.3 });
    expect(paceOf(3600 / 45)).toEqual({ kind: 'perHour', value: 80 });
  });
});
