import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';

/** What every repository receives: a Drizzle handle (or a transaction), whichever engine is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** A real round trip; throws when the database is unreachable. */
  ping(): Promise<void>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_KEY = 7_251_330_001;

export interface PostgresOptions {
  poolSize?: number;
  /** PostgreSQL's statement_timeout for every connection of the pool (migrations lift it). */
  statementTimeoutMs?: number;
}

export async function openPostgres(url: string, { poolSize = 10, statementTimeoutMs = 30_000 }: PostgresOptions = {}): Promise<DatabaseHandle> {
  const { Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  // application_name: pg_stat_activity then tells which of our processes holds a connection.
  // connectionTimeoutMillis bounds the wait for a connection (a full pool, a server that does not
  // answer); statement_timeout bounds a statement, so no request holds a connection for ever;
  // keepAlive notices a server gone without a word.
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    options: `-c statement_timeout=${Math.round(statementTimeoutMs)}`,
    application_name: `kaspi-demper:${process.pid}`,
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema });
  return {
    db,
    kind: 'postgres',
    async ping() {
      await pool.query('select 1');
    },
    async migrate() {
      // Several api/worker processes may start together: one migrates, the others wait for it.
      // A migration (a backfill) may run longer than any request should: on this connection only,
      // with no statement_timeout.
      const client = await pool.connect();
      try {
        await client.query('set statement_timeout = 0');
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migrate(drizzle(client, { schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        await client.query('reset statement_timeout').catch(() => {});
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

export async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  // Extensions the migrations create (PGlite ships them as modules to load).
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const dir = path.join(dataDir, 'pglite');
  await fs.mkdir(dir, { recursive: true });
  const client = await PGlite.create(dir, { extensions: { pg_trgm } });
  const db = drizzle(client, { schema });
  return {
    db,
    kind: 'pglite',
    async ping() {
      await db.execute(sql`select 1`);
    },
    async migrate() {
      await migrate(db, { migrationsFolder });
    },
    async close() {
      await client.close();
    },
  };
}

export function openDatabase(opts: { databaseUrl?: string; dataDir: string } & PostgresOptions) {
  // PGlite runs in this process and serves one statement at a time; it has no statement_timeout timer.
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts.dataDir);
}
