import { type AnyColumn, asc, desc, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './database.ts';

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
 * Deletes the rows of `table` that match `where`, at most `batch` per statement until fewer are left:
 * old rows go a slice at a time, so no single statement holds locks on a large table for long.
 * Returns how many rows went.
 */
export async function deleteInBatches(db: Database, table: PgTable, id: PgColumn, where: SQL | undefined, batch = 5000): Promise<number> {
  let total = 0;
  while (true) {
    const slice = db.select({ id }).from(table).where(where).limit(batch);
    const deleted = (await db.delete(table).where(inArray(id, slice)).returning({ id })).length;
    total += deleted;
    if (deleted < batch) return total;
  }
}
