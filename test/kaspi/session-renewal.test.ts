import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { RunningSimulator } from '../../sim/server.ts';
import type { BrowserPool } from '../../src/infra/browser/browser-pool.ts';
import { KaspiError } from '../../src/kaspi/kaspi-errors.ts';
import { registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../helpers/app.ts';
import { addAccount, lastSmsCode, passwordLoginsSince, simControl, simSeq, startTestSim } from '../helpers/sim.ts';
import { linkingWorld, PASSWORD } from '../helpers/sim-worlds.ts';

// Sessions that stay alive: renewal on 401 with the stored credentials, once, under a lock that two
// API processes (two containers on one database and one Redis) share.
describe('kaspi cabinet sessions', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let t: TestApp;
  let second: TestApp;
  before(async () => {
    sim = await startTestSim({ world: linkingWorld() });
    pool = sharedBrowserPool(2);
    const redisPrefix = `test-${crypto.randomBytes(4).toString('hex')}`;
    t = await startTestApp({ sim, browserPool: pool, redis: true, redisPrefix });
    second = await startTestApp({ sim, browserPool: pool, redis: true, redisPrefix, database: t.database });
  });
  after(async () => {
    await second?.stop();
    await t?.close();
    await pool?.close();
    await sim?.close();
  });

  async function link(user: TestUser, merchants: number[], extra = {}) {
    const account = await addAccount(sim, merchants, extra);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/kaspi/auth/authenticate/', headers: user.headers, payload: { email: account.email, password: PASSWORD } });
    assert.equal(res.statusCode, 200, res.body);
    return { account, storeId: res.json().store_id as string };
  }

  const merchantsVia = (app: TestApp, storeId: string) => app.container.services.kaspiSessions.withCabinet(storeId, (session) => app.container.kaspi.mc.merchants(session));

  const sessionOf = async (user: TestUser, storeId: string) => {
    const res = await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/session/`, headers: user.headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  test('an expired session is renewed with the stored password, with one login, and the call succeeds', async () => {
    const user = await registerUser(t.app);
    const { account, storeId } = await link(user, [1]);
    const before = (await t.sql<{ session_version: number }>('select session_version from kaspi_stores where id = $1', [storeId]))[0]!;
    await simControl(sim, 'POST', '/sessions/expire', { email: account.email });
    assert.equal((await sessionOf(user, storeId)).is_valid, false, 'the probe sees the dead session (and starts its renewal)');

    const since = await simSeq(sim);
    const merchants = await merchantsVia(t, storeId);
    assert.deepEqual(
      merchants.map((m) => m.uid),
      ['40000001'],
    );
    assert.equal(await passwordLoginsSince(sim, since, account.email), 1);
    const after = (await t.sql<{ session_version: number }>('select session_version from kaspi_stores where id = $1', [storeId]))[0]!;
    assert.equal(after.session_version, before.session_version + 1);
    const status = await sessionOf(user, storeId);
    assert.equal(status.is_valid, true);
    assert.equal(status.needs_reauth, false);
  });

  test('many concurrent 401s in two processes cause exactly one login', async () => {
    const user = await registerUser(t.app);
    const { account, storeId } = await link(user, [2]);
    await simControl(sim, 'POST', '/sessions/expire', { email: account.email });
    const since = await simSeq(sim);
    const calls = [t, second, t, second, t, second].map((app) => merchantsVia(app, storeId));
    const results = await Promise.all(calls);
    for (const merchants of results)
      assert.deepEqual(
        merchants.map((m) => m.uid),
        ['40000002'],
      );
    assert.equal(await passwordLoginsSince(sim, since, account.email), 1, 'one login for six callers');
    const unauthorized = (await simControl<{ requests: { status: number }[] }>(sim, 'GET', `/requests?since=${since}&path=/s/m&status=401`)).requests;
    assert.ok(unauthorized.length >= 2, `each caller saw the 401 first (${unauthorized.length})`);
  });

  test('a renewal that needs SMS marks the store needs_reauth and pauses its cabinet calls', async () => {
    const user = await registerUser(t.app);
    const { account, storeId } = await link(user, [3]);
    // Kaspi starts asking this account for SMS codes, then the session dies.
    await simControl(sim, 'PUT', '/accounts', { ...account, smsRequired: true });
    await simControl(sim, 'POST', '/sessions/expire', { email: account.email });
    const since = await simSeq(sim);
    await assert.rejects(merchantsVia(second, storeId), (err: unknown) => err instanceof KaspiError && err.code === 'kaspi_reauth_required' && /SMS/.test(err.detail));
    const status = await sessionOf(user, storeId);
    assert.deepEqual([status.is_valid, status.needs_reauth], [false, true]);
    assert.match(status.reason, /SMS/);
    const store = (await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/`, headers: user.headers })).json();
    assert.equal(store.needs_reauth, true);

    // Paused: no more login attempts until the user logs in again.
    await assert.rejects(merchantsVia(t, storeId), (err: unknown) => err instanceof KaspiError && err.code === 'kaspi_reauth_required');
    assert.equal(await passwordLoginsSince(sim, since, account.email), 1);

    // The user logs in with the code: the store is usable again.
    const start = await t.app.inject({ method: 'POST', url: '/api/v1/kaspi/auth/authenticate/', headers: user.headers, payload: { email: account.email, password: PASSWORD } });
    const verify = await t.app.inject({
      method: 'POST',
      url: '/api/v1/kaspi/auth/sms_verify/',
      headers: user.headers,
      payload: { session_id: start.json().session_id, code: await lastSmsCode(sim, account.email) },
    });
    assert.equal(verify.statusCode, 200, verify.body);
    assert.equal(verify.json().is_replaced, true);
    assert.deepEqual(
      (await merchantsVia(t, storeId)).map((m) => m.uid),
      ['40000003'],
    );
    assert.equal((await sessionOf(user, storeId)).needs_reauth, false);
  });

  test('a shop linked by phone cannot renew by itself: needs_reauth without a login attempt', async () => {
    const user = await registerUser(t.app);
    const account = await addAccount(sim, [4]);
    const start = await t.app.inject({ method: 'POST', url: '/api/v1/kaspi/auth/sms_start/', headers: user.headers, payload: { phone: account.phone } });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/kaspi/auth/sms_verify/',
      headers: user.headers,
      payload: { session_id: start.json().session_id, code: await lastSmsCode(sim, account.phone!) },
    });
    assert.equal(res.statusCode, 200, res.body);
    await simControl(sim, 'POST', '/sessions/expire', { email: account.email });
    const since = await simSeq(sim);
    await assert.rejects(merchantsVia(t, res.json().store_id), (err: unknown) => err instanceof KaspiError && err.code === 'kaspi_reauth_required');
    assert.equal(await passwordLoginsSince(sim, since), 0);
    assert.match((await sessionOf(user, res.json().store_id)).reason, /phone/);
  });

  test("the session endpoint is the owner's only, and a store added by id has no session", async () => {
    const alice = await registerUser(t.app);
    const bob = await registerUser(t.app);
    const { storeId } = await link(alice, [5]);
    const res = await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/session/`, headers: bob.headers });
    assert.equal(res.statusCode, 404);
    const manual = await t.app.inject({ method: 'POST', url: '/api/v1/kaspi/stores/', headers: bob.headers, payload: { name: 'By id', merchant_id: '99999999' } });
    const status = await sessionOf(bob, manual.json().id);
    assert.deepEqual(status, { is_valid: false, checked_at: null, renewing: false, needs_reauth: false, reason: null, last_login: null, kaspi_login: null });
    await assert.rejects(merchantsVia(t, manual.json().id), (err: unknown) => err instanceof KaspiError && err.code === 'kaspi_reauth_required');
  });
});
