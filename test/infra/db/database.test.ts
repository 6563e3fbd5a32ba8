// The PostgreSQL pool's bounds: a statement runs at most DATABASE_STATEMENT_TIMEOUT_SECONDS, a request
// waits for a connection at most 5 s; both failures say "unavailable" (the API answers 503), not 500.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { type DatabaseHandle, openPostgres } from '../../../src/infra/db/database.ts';
import { unavailableBackend } from '../../../src/infra/unavailable.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';

describe('PostgreSQL pool bounds', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  before(async () => {
    database = await createTestDatabase();
    handle = await openPostgres(database.url, { poolSize: 1, statementTimeoutMs: 300 });
  });
  after(async () => {
    await handle?.close();
    await database?.drop();
  });

  test('a statement running past statement_timeout is cancelled, and that counts as unavailable', async () => {
    const started = Date.now();
    const err = await handle.db.execute(sql`select pg_sleep(3)`).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof Error, 'the statement was cancelled');
    assert.ok(Date.now() - started < 2_000, `cancelled after ${Date.now() - started} ms`);
    assert.equal((err.cause as { code?: string }).code, '57014');
    assert.equal(unavailableBackend(err), 'database');
  });

  test('no free connection within 5 s (no code from the driver) counts as unavailable', async () => {
    // The pool's one connection is held for 6 s by a transaction that waits between two statements:
    // no statement runs long (statements of 0.2 s each could pass the 300 ms statement_timeout on a
    // loaded machine, end the transaction early and give the query its connection).
    let holding!: () => void;
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const hold = handle.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      holding();
      await sleep(6_000);
      await tx.execute(sql`select 1`);
    });
    await held;
    const err = await handle.db.execute(sql`select 1`).then(
      () => undefined,
      (e: unknown) => e,
    );
    await hold;
    assert.ok(err instanceof Error, 'the query got no connection');
    assert.equal(unavailableBackend(err), 'database', String(err));
  });
});
