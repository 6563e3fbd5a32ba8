import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

const PASSWORD = 'correct horse battery';

/** The `kd_session=...` pair a browser would send back, and the cookie's attributes. */
function sessionCookie(res: LightMyRequestResponse) {
  const cookie = res.cookies.find((c) => c.name === 'kd_session');
  assert.ok(cookie, `no kd_session cookie in ${JSON.stringify(res.headers['set-cookie'])}`);
  return cookie as typeof cookie & { httpOnly?: boolean; sameSite?: string; secure?: boolean; maxAge?: number; path?: string };
}

describe('browser sessions', () => {
  let t: TestApp;
  let user: TestUser;

  async function signIn(headers: Record<string, string> = {}) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/session/', payload: { email: user.email, password: PASSWORD }, headers });
    assert.equal(res.statusCode, 200, res.body);
    const cookie = sessionCookie(res);
    return { res, cookie: `kd_session=${cookie.value}`, csrf: res.json().csrf_token as string };
  }

  before(async () => {
    t = await startTestApp();
    user = await registerUser(t.app);
  });
  after(() => t.close());

  test('sign-in sets an HttpOnly SameSite=Strict cookie for the token lifetime and answers the user and a CSRF token', async () => {
    const { res, cookie, csrf } = await signIn({ 'user-agent': 'TestBrowser/1.0' });
    const attrs = sessionCookie(res);
    assert.equal(attrs.httpOnly, true);
    assert.equal(attrs.sameSite, 'Strict');
    assert.equal(attrs.path, '/');
    assert.equal(attrs.maxAge, 7 * 86_400);
    assert.ok(!attrs.secure, 'plain http without an https PUBLIC_URL: not Secure');
    assert.deepEqual(Object.keys(res.json()).sort(), ['csrf_token', 'user']);
    const me = await t.app.inject({ url: '/api/v1/auth/me/', headers: user.headers });
    assert.deepEqual(res.json().user, me.json());
    assert.equal(me.json().language, 'ru');
    assert.ok(csrf.length >= 40 && !cookie.includes(csrf), 'the CSRF token is not the cookie');

    const viaCookie = await t.app.inject({ url: '/api/v1/auth/me/', headers: { cookie } });
    assert.equal(viaCookie.statusCode, 200);
    assert.equal(viaCookie.json().id, user.id);
    const [row] = await t.sql<{ user_agent: string; revoked_at: Date | null }>('select user_agent, revoked_at from user_sessions where user_id = $1', [user.id]);
    assert.equal(row?.user_agent, 'TestBrowser/1.0');
  });

  test('wrong credentials answer as login does, and set no cookie', async () => {
    const payload = { email: user.email, password: 'wrong password' };
    const session = await t.app.inject({ method: 'POST', url: '/api/v1/auth/session/', payload });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload });
    assert.equal(session.statusCode, 401);
    assert.deepEqual(session.json(), login.json());
    assert.equal(session.headers['set-cookie'], undefined);
  });

  test('GET /auth/session/ gives a reloaded page its CSRF token back; 401 without a valid cookie or with a bearer token alone', async () => {
    const { cookie, csrf } = await signIn();
    const again = await t.app.inject({ url: '/api/v1/auth/session/', headers: { cookie } });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().csrf_token, csrf);
    assert.equal(again.json().user.id, user.id);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/session/' })).statusCode, 401);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/session/', headers: user.headers })).statusCode, 401);
    const forged = await t.app.inject({ url: '/api/v1/auth/session/', headers: { cookie: `${cookie.slice(0, -2)}xx` } });
    assert.equal(forged.statusCode, 401);
    assert.match(String(forged.headers['set-cookie']), /kd_session=;/, 'a dead cookie is cleared');
  });

  test('a write with the cookie needs the CSRF token in X-CSRF-Token; a bearer token needs none', async () => {
    const { cookie, csrf } = await signIn();
    const other = await signIn();
    const body = { language: 'kk' };
    for (const headers of [{ cookie }, { cookie, 'x-csrf-token': 'nope' }, { cookie, 'x-csrf-token': other.csrf }]) {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me/', headers, payload: body });
      assert.equal(res.statusCode, 403, JSON.stringify(headers));
      assert.equal(res.json().code, 'csrf_failed');
    }
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: user.headers })).json().language, 'ru', 'nothing changed');
    const ok = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me/', headers: { cookie, 'x-csrf-token': csrf }, payload: body });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().language, 'kk');
    const script = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me/', headers: user.headers, payload: { language: 'en' } });
    assert.equal(script.statusCode, 200);
    assert.equal(script.json().language, 'en');
    // A request with an Authorization header is judged by it alone: a bad token fails even beside a good cookie.
    const bad = await t.app.inject({ url: '/api/v1/auth/me/', headers: { cookie, authorization: 'Bearer nope' } });
    assert.equal(bad.statusCode, 401);
    await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me/', headers: user.headers, payload: { language: 'ru' } });
  });

  test('PATCH /auth/me/ refuses an unknown language with a 400', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me/', headers: user.headers, payload: { language: 'de' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'validation_error');
    assert.ok(res.json().fields.language);
  });

  test('DELETE /auth/session/ ends this session only: its cookie dies, other browsers and bearer tokens go on', async () => {
    const laptop = await signIn();
    const phone = await signIn();
    const noCsrf = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/session/', headers: { cookie: laptop.cookie } });
    assert.equal(noCsrf.statusCode, 403);
    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/session/', headers: { cookie: laptop.cookie, 'x-csrf-token': laptop.csrf } });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /kd_session=;.*Max-Age=0|kd_session=;.*Expires=Thu, 01 Jan 1970/i);
    // A stolen copy of the cookie, sent after the sign-out, opens nothing.
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: { cookie: laptop.cookie } })).statusCode, 401);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: { cookie: phone.cookie } })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: user.headers })).statusCode, 200);
    const scriptDelete = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/session/', headers: user.headers });
    assert.equal(scriptDelete.statusCode, 204, 'a bearer token has no session to end');
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: user.headers })).statusCode, 200);
  });

  test('logout and a password change end every browser session too', async () => {
    const someone = await registerUser(t.app);
    const signInAs = async (password: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/session/', payload: { email: someone.email, password } });
      return { cookie: `kd_session=${sessionCookie(res).value}`, csrf: res.json().csrf_token as string };
    };
    const first = await signInAs(PASSWORD);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout/', headers: { cookie: first.cookie, 'x-csrf-token': first.csrf } });
    assert.equal(out.statusCode, 204);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: { cookie: first.cookie } })).statusCode, 401);

    const second = await signInAs(PASSWORD);
    const loginRes = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: someone.email, password: PASSWORD } });
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/',
      headers: { authorization: `Bearer ${loginRes.json().token}` },
      payload: { current_password: PASSWORD, new_password: 'a brand new password' },
    });
    assert.equal(change.statusCode, 200);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: { cookie: second.cookie } })).statusCode, 401);
    const third = await signInAs('a brand new password');
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: { cookie: third.cookie } })).statusCode, 200);
    const [rows] = await t.sql<{ n: number }>('select count(*)::int as n from user_sessions where user_id = (select id from users where email = $1)', [someone.email]);
    assert.equal(rows?.n, 1, 'sessions that can no longer be used are dropped at the next sign-in');
  });

  test('the cookie is Secure behind a trusted https proxy', async () => {
    const proxied = await startTestApp({ env: { TRUST_PROXY: '1' } });
    try {
      const someone = await registerUser(proxied.app);
      const payload = { email: someone.email, password: PASSWORD };
      const https = await proxied.app.inject({ method: 'POST', url: '/api/v1/auth/session/', payload, headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(sessionCookie(https).secure, true);
      const http = await proxied.app.inject({ method: 'POST', url: '/api/v1/auth/session/', payload });
      assert.ok(!sessionCookie(http).secure);
    } finally {
      await proxied.close();
    }
  });

  test('the OpenAPI document names the cookie scheme beside bearerAuth', async () => {
    const spec = (await t.app.inject({ url: '/openapi.json' })).json();
    assert.deepEqual(spec.components.securitySchemes.cookieAuth, {
      type: 'apiKey',
      in: 'cookie',
      name: 'kd_session',
      description: spec.components.securitySchemes.cookieAuth.description,
    });
    assert.deepEqual(spec.paths['/api/v1/auth/me/'].get.security, [{ bearerAuth: [] }, { cookieAuth: [] }]);
  });
});
