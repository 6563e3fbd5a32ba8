import { expect, test } from 'vitest';
import { railsProblem } from './rails.ts';

test('a floor above the ceiling is refused before the API is asked; empty rails are fine', () => {
  expect(railsProblem(1000, 900)).toBe('minAboveMax');
  expect(railsProblem(900, 1000)).toBeNull();
  expect(railsProblem(1000, 1000)).toBeNull();
  expect(railsProblem('', 900)).toBeNull();
  expect(railsProblem(1000, '')).toBeNull();
});
