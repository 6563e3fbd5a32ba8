/**
 * The competition's learned pace in the unit that reads best: under one move a day it is quiet, under
 * one an hour it is counted per day (`≈ 7 a day`), else per hour with one decimal below ten.
 */
export type Pace = { kind: 'quiet' } | { kind: 'perDay'; count: number } | { kind: 'perHour'; value: number };

export function paceOf(changesPerHour: number): Pace {
  const perDay = changesPerHour * 24;
  if (!Number.isFinite(perDay) || perDay < 1) return { kind: 'quiet' };
  if (changesPerHour < 1) return { kind: 'perDay', count: Math.round(perDay) };
  return { kind: 'perHour', value: changesPerHour < 10 ? Math.round(changesPerHour * 10) / 10 : Math.round(changesPerHour) };
}
