// What a failed query leaves in the logs: its name and its PostgreSQL code, never its bind parameters
// (a failed sign-up would otherwise log the email and the password hash it tried to insert).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { loggerOptions, queryName, serializeError } from '../../src/infra/logger.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('logged errors', () => {
  const lines: string[] = [];
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ log: pino(loggerOptions('info'), { write: (line: string) => lines.push(line) }) });
    // Every sign-up fails inside PostgreSQL, after the statement and its values have reached it.
    await t.sql(`create function refuse_users() returns trigger language plpgsql as $$ begin raise exception 'no sign-ups today'; end $$`);
    await t.sql(`create trigger refuse_users before insert on users for each row execute function refuse_users()`);
  });
  after(() => t.close());

  test('a failed sign-up logs the query name and code, not the email or the password hash', async () => {
    const email = `leak-check-${Date.now()}@example.kz`;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register/', payload: { email, password: 'correct horse battery' } });
    assert.equal(res.statusCode, 500, res.body);
    assert.deepEqual(res.json(), { detail: 'Internal server error.', code: 'internal_error' });

    const failed = lines.filter((line) => line.includes('request failed'));
    assert.equal(failed.length, 1, lines.join('\n'));
    const logged = JSON.parse(failed[0]!) as { err: { message: string; query: string; stack: string; cause: { code: string; message: string } } };
    assert.equal(logged.err.query, 'insert users');
    assert.equal(logged.err.message, 'Failed query: insert users');
    assert.equal(logged.err.cause.code, 'P0001');
    assert.equal(logged.err.cause.message, 'no sign-ups today');
    for (const line of lines) {
      assert.ok(!line.includes(email), `the email is in a log line: ${line}`);
      assert.ok(!/scrypt\$/.test(line), `a password hash is in a log line: ${line}`);
      assert.ok(!/"params"|insert into/i.test(line), `the statement or its parameters are in a log line: ${line}`);
    }
  });

  test("an XML feed's secret token never reaches the request log", async () => {
    const token = 'Zq3xW9secretSECRETsecret_-0123456789abcdefg';
    lines.length = 0;
    const res = await t.app.inject({ url: `/api/v1/kaspi/feeds/${token}.xml?x=1` });
    assert.equal(res.statusCode, 404);
    assert.ok(
      lines.some((line) => line.includes('/api/v1/kaspi/feeds/[redacted]')),
      lines.join('\n'),
    );
    for (const line of lines) assert.ok(!line.includes(token), `the token is in a log line: ${line}`);
  });
});

describe('serializeError', () => {
  test("drops a PostgreSQL error's detail (it quotes the values) and keeps its code and constraint", () => {
    const err = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), {
      code: '23505',
      constraint: 'users_email_unique',
      detail: 'Key (email)=(someone@example.kz) already exists.',
    });
    const out = serializeError(err) as Record<string, unknown>;
    assert.equal(out['code'], '23505');
    assert.equal(out['constraint'], 'users_email_unique');
    assert.ok(!JSON.stringify(out).includes('someone@example.kz'));
  });

  test('names statements by verb and table', () => {
    assert.equal(queryName('insert into "users" ("id", "email") values (default, $1)'), 'insert users');
    assert.equal(queryName('update "jobs" set "state" = $1 where "jobs"."id" = $2'), 'update jobs');
    assert.equal(queryName('delete from "products" where "id" = $1'), 'delete products');
    assert.equal(queryName('select "id", "email" from "users" where "users"."email" = $1'), 'select users');
    assert.equal(queryName('with x as (select 1) select * from x'), 'with');
  });
});
