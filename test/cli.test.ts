import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { loggerOptions } from '../src/infra/logger.ts';
import { registerUser, startTestApp, type TestApp } from './helpers/app.ts';
import { runCli } from './helpers/process.ts';

describe('cli create-admin (the old createsuperuser)', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('creates an admin who can log in; a second run promotes again and resets the password', async () => {
    const env = { DATABASE_URL: t.database.url, SECRET_KEY: t.container.config.secretKey, PASSWORD_HASH_LOG_N: '12', MIGRATE_ON_START: 'false' };
    const first = runCli(['create-admin', '--email', 'Root@Example.kz', '--password', 'first password'], env);
    assert.equal(await first.exited, 0, first.output());
    assert.match(first.output(), /Created admin root@example\.kz/);
    const before = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: 'root@example.kz', password: 'first password' } });
    const again = runCli(['create-admin', '--email', 'root@example.kz'], { ...env, ADMIN_PASSWORD: 'second password' });
    assert.equal(await again.exited, 0, again.output());
    assert.match(again.output(), /Updated admin/);

    const old = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: 'root@example.kz', password: 'first password' } });
    assert.equal(old.statusCode, 401);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: 'root@example.kz', password: 'second password' } });
    assert.equal(login.statusCode, 200);
    const me = await t.app.inject({ url: '/api/v1/auth/me/', headers: { authorization: `Bearer ${login.json().token}` } });
    assert.equal(me.json().is_admin, true);
    const stale = await t.app.inject({ url: '/api/v1/auth/me/', headers: { authorization: `Bearer ${before.json().token}` } });
    assert.equal(stale.statusCode, 401, 'the reset revoked the token issued under the first password');

    const short = runCli(['create-admin', '--email', 'x@example.kz', '--password', 'short'], env);
    assert.equal(await short.exited, 1);
    assert.match(short.output(), /8\+ characters/);
  });
});

describe('cli revoke-tokens', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test("signs a user out everywhere; another user's tokens keep working; an unknown email fails", async () => {
    const env = { DATABASE_URL: t.database.url, SECRET_KEY: t.container.config.secretKey, MIGRATE_ON_START: 'false' };
    const user = await registerUser(t.app, 'revoke-me@example.kz');
    const bystander = await registerUser(t.app);
    const run = runCli(['revoke-tokens', '--email', 'Revoke-Me@example.kz'], env);
    assert.equal(await run.exited, 0, run.output());
    assert.match(run.output(), new RegExp(`Revoked every token of revoke-me@example\\.kz \\(${user.id}\\)`));
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: user.headers })).statusCode, 401);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: bystander.headers })).statusCode, 200);

    const unknown = runCli(['revoke-tokens', '--email', 'nobody@example.kz'], env);
    assert.equal(await unknown.exited, 1);
    assert.match(unknown.output(), /No user with the email nobody@example\.kz/);
  });
});

describe('log redaction', () => {
  test('credentials, tokens and cookies never reach a log line', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = pino(loggerOptions('info'), sink);
    log.info({ req: { headers: { authorization: 'Bearer secret-jwt', cookie: 'mc-session=abc', 'x-auth-token': 'shop-token' } } }, 'request');
    log.info({ body: { password: 'hunter22', api_key: 'key-123', token: 'tok-456' } }, 'body');
    const out = lines.join('');
    for (const secret of ['secret-jwt', 'mc-session=abc', 'shop-token', 'hunter22', 'key-123', 'tok-456']) {
      assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
    }
    assert.match(out, /\[redacted\]/);
  });
});
