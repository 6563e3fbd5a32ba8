import { describe, expect, test } from 'vitest';
import { jobFraction, progressPairs } from './job-progress.ts';

describe('jobFraction', () => {
  test('done of total', () => {
    expect(jobFraction({ done: 3, total: 10 })).toEqual({ done: 3, total: 10 });
  });
  test('the cards job counts refreshed and failed against due', () => {
    expect(jobFraction({ due: 50, refreshed: 20, failed: 5 })).toEqual({ done: 25, total: 50 });
  });
  test('nothing countable: no bar', () => {
    expect(jobFraction({ phase: 'reading', pages: 2, offers_seen: 200 })).toBeNull();
    expect(jobFraction({ due: 0, refreshed: 0 })).toBeNull();
    expect(jobFraction(null)).toBeNull();
  });
});

describe('progressPairs', () => {
  test('keeps numbers and short words, drops lists and objects', () => {
    expect(progressPairs({ phase: 'done', created: 3, errors: ['x'], nested: { a: 1 } })).toEqual([
      ['phase', 'done'],
      ['created', 3],
    ]);
  });
});
