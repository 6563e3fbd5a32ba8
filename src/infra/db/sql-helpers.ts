import { asc, desc, type AnyColumn, type SQL } from 'drizzle-orm';

/** `%term%` for ILIKE with the user's own % and _ taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** ORDER BY the chosen column, then by id so pages never overlap or skip rows on ties. */
export function orderBy(column: AnyColumn, descending: boolean, tieBreaker: AnyColumn): SQL[] {
  return descending ? [desc(column), desc(tieBreaker)] : [asc(column), asc(tieBreaker)];
}
