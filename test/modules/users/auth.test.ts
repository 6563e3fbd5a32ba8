import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { registerUser, startTestApp, type TestApp } from '../../helpers/app.ts';

describe('auth', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('register answers 202 with a message and no token; the new account signs in with login', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register/', payload: { email: 'New.Seller@Example.KZ', password: 'long enough' } });
    assert.equal(res.statusCode, 202);
    assert.deepEqual(Object.keys(res.json()), ['detail']);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: 'new.seller@example.kz', password: 'long enough' } });
    assert.equal(login.statusCode, 200);
    const me = await t.app.inject({ url: '/api/v1/auth/me/', headers: { authorization: `Bearer ${login.json().token}` } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().email, 'new.seller@example.kz');
    assert.match(me.json().id, /^[0-9a-f-]{36}$/);
    assert.equal(me.json().is_admin, false);
  });

  test('the password is stored as an scrypt hash, never in plain text', async () => {
    await registerUser(t.app, 'hash-check@example.kz');
    const rows = await t.sql<{ password_hash: string; api_key_encrypted: string }>("select password_hash from users where email = 'hash-check@example.kz'");
    assert.match(rows[0]!.password_hash, /^scrypt\$\d+\$8\$1\$/);
    assert.ok(!rows[0]!.password_hash.includes('correct horse battery'));
  });

  test('registering a taken email (any case) answers exactly like a new one, and changes nothing', async () => {
    const owner = await registerUser(t.app, 'twice@example.kz');
    const fresh = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register/', payload: { email: 'first-time@example.kz', password: 'long enough' } });
    const taken = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register/', payload: { email: 'TWICE@example.kz', password: 'long enough' } });
    assert.equal(taken.statusCode, fresh.statusCode);
    assert.equal(taken.body, fresh.body);
    assert.equal(taken.headers['content-type'], fresh.headers['content-type']);

    const intruder = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: 'twice@example.kz', password: 'long enough' } });
    assert.equal(intruder.statusCode, 401, "the second registration's password opens nothing");
    const me = await t.app.inject({ url: '/api/v1/auth/me/', headers: owner.headers });
    assert.equal(me.statusCode, 200, "the owner's token still works");
    const rows = await t.sql<{ n: number }>("select count(*)::int as n from users where email = 'twice@example.kz'");
    assert.equal(rows[0]!.n, 1);
  });

  test('sign-out revokes every token of the user; signing in again gives a working one', async () => {
    const user = await registerUser(t.app);
    const laptop = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: user.email, password: 'correct horse battery' } });
    const laptopHeaders = { authorization: `Bearer ${laptop.json().token}` };
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: laptopHeaders })).statusCode, 200);

    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout/', headers: user.headers });
    assert.equal(out.statusCode, 204);
    for (const headers of [user.headers, laptopHeaders]) {
      const res = await t.app.inject({ url: '/api/v1/auth/me/', headers });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'not_authenticated');
    }
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout/', headers: user.headers })).statusCode, 401, 'a revoked token cannot sign out again');

    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: user.email, password: 'correct horse battery' } });
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: { authorization: `Bearer ${again.json().token}` } })).statusCode, 200);
  });

  test('a password change needs the current password, revokes earlier tokens and returns a fresh one', async () => {
    const user = await registerUser(t.app);
    const url = '/api/v1/auth/password/';
    const wrong = await t.app.inject({ method: 'POST', url, headers: user.headers, payload: { current_password: 'not my password', new_password: 'a brand new password' } });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().code, 'validation_error');
    assert.ok(wrong.json().fields.current_password);
    const short = await t.app.inject({ method: 'POST', url, headers: user.headers, payload: { current_password: 'correct horse battery', new_password: 'short' } });
    assert.equal(short.statusCode, 400);
    assert.ok(short.json().fields.new_password);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: user.headers })).statusCode, 200, 'refused changes revoke nothing');

    const changed = await t.app.inject({ method: 'POST', url, headers: user.headers, payload: { current_password: 'correct horse battery', new_password: 'a brand new password' } });
    assert.equal(changed.statusCode, 200);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: user.headers })).statusCode, 401, 'the token from before the change is revoked');
    const me = await t.app.inject({ url: '/api/v1/auth/me/', headers: { authorization: `Bearer ${changed.json().token}` } });
    assert.equal(me.json().id, user.id);

    const login = (password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: user.email, password } });
    assert.equal((await login('correct horse battery')).statusCode, 401);
    assert.equal((await login('a brand new password')).statusCode, 200);
  });

  test("an admin (or the user) revokes a user's tokens through the service; anyone else may not", async () => {
    const user = await registerUser(t.app);
    const other = await registerUser(t.app);
    const users = t.container.services.users;
    await assert.rejects(users.revokeTokens({ userId: other.id, isAdmin: false }, user.id), { code: 'permission_denied' });
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: user.headers })).statusCode, 200);
    await assert.rejects(users.revokeTokens({ userId: other.id, isAdmin: true }, '00000000-0000-0000-0000-000000000000'), { code: 'not_found' });

    const revoked = await users.revokeTokens({ userId: other.id, isAdmin: true }, user.id);
    assert.equal(revoked.email, user.email);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: user.headers })).statusCode, 401);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: other.headers })).statusCode, 200, "only that user's tokens");
  });

  test('register validates email, password length and unknown fields', async () => {
    const cases = [
      [{ email: 'not-an-email', password: 'long enough' }, 'email'],
      [{ email: 'short@example.kz', password: 'short' }, 'password'],
      [{ email: 'x@example.kz' }, 'password'],
      [{ email: 'x@example.kz', password: 'long enough', is_admin: true }, 'is_admin'],
    ] as const;
    for (const [payload, field] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register/', payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      const body = res.json();
      assert.equal(body.code, 'validation_error');
      assert.ok(body.fields[field], `expected an error on ${field}: ${res.body}`);
      assert.equal(typeof body.detail, 'string');
    }
  });

  test('login gives a token; a wrong password or unknown email is a 401 with the same message', async () => {
    const user = await registerUser(t.app, 'login@example.kz');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: 'LOGIN@example.kz', password: 'correct horse battery' } });
    assert.equal(ok.statusCode, 200);
    const me = await t.app.inject({ url: '/api/v1/auth/me/', headers: { authorization: `Bearer ${ok.json().token}` } });
    assert.equal(me.json().id, user.id);

    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: 'login@example.kz', password: 'wrong password' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: 'nobody@example.kz', password: 'wrong password' } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.json().detail, unknown.json().detail);
    assert.equal(wrong.json().code, 'invalid_credentials');
  });

  test('every /api/v1 route but register and login needs a valid bearer token', async () => {
    const routes = [
      ['GET', '/api/v1/auth/me/'],
      ['GET', '/api/v1/kaspi/stores/'],
      ['POST', '/api/v1/kaspi/stores/'],
      ['GET', '/api/v1/kaspi/stores/00000000-0000-0000-0000-000000000000/'],
      ['DELETE', '/api/v1/kaspi/stores/00000000-0000-0000-0000-000000000000/'],
      ['GET', '/api/v1/products/'],
      ['POST', '/api/v1/products/batch_enable/'],
      ['GET', '/api/v1/preorders/'],
      ['GET', '/api/v1/jobs/00000000-0000-0000-0000-000000000000/'],
    ] as const;
    for (const [method, url] of routes) {
      for (const authorization of [undefined, 'Bearer not-a-jwt', 'Basic abc', `Bearer ${`e30.e30.${'x'.repeat(43)}`}`]) {
        const res = await t.app.inject({ method, url, headers: authorization ? { authorization } : {} });
        assert.equal(res.statusCode, 401, `${method} ${url} with ${authorization}`);
        assert.equal(res.json().code, 'not_authenticated');
      }
    }
  });

  test('a token signed with another key is refused', async () => {
    const other = await startTestApp({ env: { SECRET_KEY: 'another-secret-key-0123456789abcdef0123456789' } });
    try {
      const stranger = await registerUser(other.app);
      const res = await t.app.inject({ url: '/api/v1/auth/me/', headers: stranger.headers });
      assert.equal(res.statusCode, 401);
    } finally {
      await other.close();
    }
  });
});

describe('auth rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  after(() => t.close());

  test('login attempts past the limit get a 429 in the error shape', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: 'brute@example.kz', password: `guess-${i}` } });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) assert.equal(res.json().code, 'rate_limited');
    }
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
  });
});

describe('auth rate limit behind a proxy', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'true' } });
  });
  after(() => t.close());

  test('TRUST_PROXY=true believes one hop: a client cannot pick its own IP with X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      // The client sends a forged address; the proxy appends the one it saw.
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login/',
        headers: { 'x-forwarded-for': `192.0.2.${i}, 198.51.100.20` },
        payload: { email: `spoof-${i}@example.kz`, password: 'guess' },
      });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
    const other = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', headers: { 'x-forwarded-for': '198.51.100.21' }, payload: { email: 'x@example.kz', password: 'guess' } });
    assert.equal(other.statusCode, 401, 'another client behind the same proxy has its own bucket');
  });
});

describe('per-account login backoff', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { LOGIN_FAILURES_BEFORE_BACKOFF: '2', LOGIN_BACKOFF_MAX_SECONDS: '1' } });
  });
  after(() => t.close());

  const login = (email: string, password: string, ip: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email, password }, remoteAddress: ip });

  test('failures for one e-mail lock it out from every IP, known or not; the right password works after the lockout', async () => {
    await registerUser(t.app, 'victim@example.kz');
    for (const email of ['victim@example.kz', 'nobody-here@example.kz']) {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await login(email, 'wrong password', `203.0.113.${i}`)).statusCode);
      assert.deepEqual(statuses, [401, 401, 401], email);
      const locked = await login(email, 'correct horse battery', '198.51.100.77');
      assert.equal(locked.statusCode, 429, `${email}: ${locked.body}`);
      assert.equal(locked.json().code, 'rate_limited');
      assert.match(locked.json().detail, /Too many failed logins for this e-mail/);
      assert.equal(locked.headers['retry-after'], '1');
    }
    const bystander = await registerUser(t.app, 'bystander@example.kz');
    const fine = await login('bystander@example.kz', 'correct horse battery', '203.0.113.0');
    assert.equal(fine.statusCode, 200, 'other accounts are not affected');
    assert.ok(bystander.id);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = await login('VICTIM@example.kz', 'correct horse battery', '203.0.113.9');
    assert.equal(after.statusCode, 200, after.body);
    // A success forgets the failures: two more are free again.
    for (let i = 0; i < 2; i++) assert.equal((await login('victim@example.kz', 'wrong password', '203.0.113.9')).statusCode, 401);
    assert.equal((await login('victim@example.kz', 'correct horse battery', '203.0.113.9')).statusCode, 200);
  });
});
