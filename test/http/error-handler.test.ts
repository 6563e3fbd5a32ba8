import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DrizzleQueryError } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { conflict, DomainError, forbidden, invalid, notFound } from '../../src/errors/domain-error.ts';
import { registerErrorHandling } from '../../src/http/error-handler.ts';
import { errorStatus } from '../../src/http/error-status.ts';
import { KaspiBusyError } from '../../src/kaspi/kaspi-busy.ts';
import { KaspiError, kaspiErrorCodes } from '../../src/kaspi/kaspi-errors.ts';

// Services and the Kaspi client throw errors without statuses; the one handler maps their codes.
describe('error handler', () => {
  let app: FastifyInstance;
  let thrown: Error;
  before(async () => {
    app = Fastify();
    registerErrorHandling(app);
    app.get('/throw', async () => {
      throw thrown;
    });
    await app.ready();
  });
  after(() => app.close());

  async function answer(error: Error) {
    thrown = error;
    const res = await app.inject({ url: '/throw' });
    return { status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] };
  }

  test('domain errors: status from the code, the body as {detail, code, fields?}', async () => {
    assert.deepEqual(await answer(notFound('Store')), { status: 404, body: { detail: 'Store not found.', code: 'not_found' }, retryAfter: undefined });
    assert.equal((await answer(forbidden('No.'))).status, 403);
    assert.deepEqual(await answer(conflict('Taken.', 'product_exists')), { status: 409, body: { detail: 'Taken.', code: 'product_exists' }, retryAfter: undefined });
    assert.deepEqual(await answer(invalid({ price: 'Too low.' })), {
      status: 400,
      body: { detail: 'Invalid input: price: Too low.', code: 'validation_error', fields: { price: 'Too low.' } },
      retryAfter: undefined,
    });
    assert.deepEqual(await answer(new DomainError('queue_unavailable', 'Later.')), { status: 503, body: { detail: 'Later.', code: 'queue_unavailable' }, retryAfter: '5' });
  });

  test('a database that does not answer is a 503 with Retry-After, also when the driver gives no code', async () => {
    const failedQuery = (cause: Error) => new DrizzleQueryError('select "id" from "users" where "email" = $1', ['someone@example.kz'], cause);
    const unavailable = { status: 503, body: { detail: 'The database is unavailable; try again shortly.', code: 'unavailable' }, retryAfter: '5' };
    // node-postgres: the pool found no free connection in time; the server went away mid-query.
    assert.deepEqual(await answer(failedQuery(new Error('timeout exceeded when trying to connect'))), unavailable);
    assert.deepEqual(await answer(failedQuery(new Error('Connection terminated unexpectedly'))), unavailable);
    // PostgreSQL: statement_timeout, too many connections, shutting down.
    for (const code of ['57014', '53300', '57P01']) assert.deepEqual(await answer(failedQuery(Object.assign(new Error('x'), { code }))), unavailable);
    assert.equal((await answer(failedQuery(Object.assign(new Error('duplicate'), { code: '23505' })))).status, 409);
  });

  test('a Redis that does not answer is a 503 with Retry-After', async () => {
    const res = await answer(new Error('Command timed out'));
    assert.deepEqual(res, { status: 503, body: { detail: 'A service this request needs is unavailable; try again shortly.', code: 'unavailable' }, retryAfter: '5' });
    assert.equal((await answer(Object.assign(new Error('Reached the max retries per request limit (which is 2).'), { name: 'MaxRetriesPerRequestError' }))).status, 503);
  });

  test('Kaspi errors: every code has its status', async () => {
    for (const code of kaspiErrorCodes) {
      const res = await answer(new KaspiError(code, `${code}.`));
      assert.deepEqual(res, { status: errorStatus[code], body: { detail: `${code}.`, code }, retryAfter: undefined });
    }
    assert.equal((await answer(new KaspiError('kaspi_timeout', 'Slow.'))).status, 504);
  });

  test('a busy Kaspi is a 503 with Retry-After in whole seconds, at least 1', async () => {
    assert.deepEqual(await answer(new KaspiBusyError('kaspi_paused', 'Paused.', 1_799_001)), {
      status: 503,
      body: { detail: 'Paused.', code: 'kaspi_paused' },
      retryAfter: '1800',
    });
    assert.equal((await answer(new KaspiBusyError('kaspi_busy', 'Busy.', 0))).retryAfter, '1');
  });

  test('a value PostgreSQL refuses (data exception, class 22; check constraint) is a 400, never a 500', async () => {
    // As node-postgres and PGlite raise them (a NUL in text, in jsonb, bad JSON, out of range), bare or wrapped by Drizzle.
    for (const code of ['22021', '22P05', '22P02', '22003', '22001', '22007', '23514']) {
      const pgError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code });
      for (const error of [pgError, new Error('Failed query: insert into ...', { cause: pgError })]) {
        assert.deepEqual(await answer(error), { status: 400, body: { detail: 'A value is out of range or malformed.', code: 'validation_error' }, retryAfter: undefined }, code);
      }
    }
  });

  test('anything else is a 500 that says nothing of the cause', async () => {
    assert.deepEqual(await answer(new Error('secret')), { status: 500, body: { detail: 'Internal server error.', code: 'internal_error' }, retryAfter: undefined });
  });
});
