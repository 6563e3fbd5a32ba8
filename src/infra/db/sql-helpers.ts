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

/**
 * Runs a delete of at most `batch` rows until one deletes fewer: old rows go a slice at a time, so no
 * single statement holds locks on a large table for long. Returns how many rows went.
 */
export async function deleteInBatches(deleteBatch: (batch: number) => Promise<number>, batch = 5000): Promise<number> {
  let total = 0;
  while (true) {
    const deleted = await deleteBatch(batch);
    total += deleted;
    if (deleted < batch) return total;
  }
}
