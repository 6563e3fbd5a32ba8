import { describe, expect, it } from 'vitest';
import { formatReadsPerSecond, overload } from './scheduler-figures.ts';

describe('reads per second', () => {
  it('one decimal as a seller reads it, in the language', () => {
    expect(formatReadsPerSecond(2.14, 'ru')).toBe('2,1');
    expect(formatReadsPerSecond(7.6, 'kk')).toBe('7,6');
    expect(formatReadsPerSecond(7.6, 'en')).toBe('7.6');
    expect(formatReadsPerSecond(32, 'ru')).toBe('32');
    expect(formatReadsPerSecond(1234.5, 'ru')).toBe('1\u202f235');
  });
  it("a small shop's trickle is not shown as 0", () => {
    expect(formatReadsPerSecond(30 / 3600, 'ru')).toBe('<0,01');
    expect(formatReadsPerSecond(0.0167, 'ru')).toBe('0,02');
    expect(formatReadsPerSecond(0, 'ru')).toBe('0');
  });
});

describe('overload', () => {
  it('warns with the ratio when demand is over the budget', () => {
    expect(overload({ demand_over_budget: 1.4, overloaded: true })).toEqual({ warn: true, ratio: 1.4, longestWaitSeconds: null });
    expect(overload({ demand_over_budget: 1.2, overloaded: false })).toEqual({ warn: true, ratio: 1.2, longestWaitSeconds: null });
  });
  it('says how long products without priority may now wait when the overload stretched their longest interval', () => {
    expect(overload({ demand_over_budget: 1.4, overloaded: true, guarantee_stretch: 1.46, longest_wait_seconds: 5256 })).toEqual({ warn: true, ratio: 1.4, longestWaitSeconds: 5256 });
    expect(overload({ demand_over_budget: 1.4, overloaded: true, guarantee_stretch: 1, longest_wait_seconds: 3600 })).toEqual({ warn: true, ratio: 1.4, longestWaitSeconds: null });
    expect(overload({ demand_over_budget: 1.4, overloaded: true, guarantee_stretch: 2, longest_wait_seconds: null })).toEqual({ warn: true, ratio: 1.4, longestWaitSeconds: null });
  });
  it('warns without a ratio when only the flag says so', () => {
    expect(overload({ demand_over_budget: null, overloaded: true })).toEqual({ warn: true, ratio: null, longestWaitSeconds: null });
  });
  it('stays quiet within the budget or before the first plan', () => {
    expect(overload({ demand_over_budget: 0.7, overloaded: false })).toEqual({ warn: false, ratio: null, longestWaitSeconds: null });
    expect(overload({ demand_over_budget: 1, overloaded: false })).toEqual({ warn: false, ratio: null, longestWaitSeconds: null });
    expect(overload({ demand_over_budget: null, overloaded: false })).toEqual({ warn: false, ratio: null, longestWaitSeconds: null });
  });
});
