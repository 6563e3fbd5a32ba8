import { type AnyColumn, asc, desc, type SQL, sql } from 'drizzle-orm';

/** `%term%` for ILIKE with the user's own % and _ taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** ORDER BY the chosen column, then by id so pages never overlap or skip rows on ties. */
export function orderBy(column: AnyColumn | SQL, descending: boolean, tieBreaker: AnyColumn): SQL[] {
  return descending ? [desc(column), desc(tieBreaker)] : [asc(column), asc(tieBreaker)];
}

/** Names sort the way people read them ("alpha" before "Bravo"), whatever the database collation. */
export const caseInsensitive = (column: AnyColumn): SQL => sql`lower(${column})`;
