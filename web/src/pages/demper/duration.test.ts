import { describe, expect, it } from 'vitest';
import { durationUnit } from './duration.ts';

describe('durationUnit', () => {
  it('picks a readable unit', () => {
    expect(durationUnit(0)).toEqual({ unit: 'seconds', count: 0 });
    expect(durationUnit(45.4)).toEqual({ unit: 'seconds', count: 45 });
    expect(durationUnit(600)).toEqual({ unit: 'minutes', count: 10 });
    expect(durationUnit(3 * 3600)).toEqual({ unit: 'hours', count: 3 });
    expect(durationUnit(-5)).toEqual({ unit: 'seconds', count: 0 });
  });
});
