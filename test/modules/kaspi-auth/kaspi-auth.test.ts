import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSimulator } from '../../../sim/server.ts';
import type { BrowserPool } from '../../../src/infra/browser/browser-pool.ts';
import { createProduct, createStore, registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { addAccount, lastSmsCode, simControl, simRequests, simSeq, startTestSim } from '../../helpers/sim.ts';
import { linkingWorld, merchantUid, PASSWORD } from '../../helpers/sim-worlds.ts';

// Shop linking through the API: a real headless Chromium walks the simulator's login pages.
describe('kaspi shop linking', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let t: TestApp;
  before(async () => {
    sim = await startTestSim({ world: linkingWorld() });
    pool = sharedBrowserPool(2);
    t = await startTestApp({ sim, browserPool: pool });
  });
  after(async () => {
    await t?.close();
    await pool?.close();
    await sim?.close();
  });

  const post = (user: TestUser, url: string, payload: unknown) => t.app.inject({ method: 'POST', url: `/api/v1/kaspi/auth/${url}`, headers: user.headers, payload: payload as object });

  test('e-mail login links the shop with its name and pickup points, secrets sealed at rest', async () => {
    const user = await registerUser(t.app);
    const account = await addAccount(sim, [1]);
    const res = await post(user, 'authenticate/', { email: account.email, password: PASSWORD });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.success, true);
    assert.equal(body.merchant_id, merchantUid(1));
    assert.equal(body.name, 'Shop 1');
    assert.equal(body.is_replaced, false);
    assert.deepEqual(body.stores, [{ store_id: body.store_id, merchant_id: merchantUid(1), name: 'Shop 1' }]);

    const store = (await t.app.inject({ url: `/api/v1/kaspi/stores/${body.store_id}/`, headers: user.headers })).json();
    assert.equal(store.user_id, user.id);
    assert.deepEqual(store.points, [
      { name: 'PP1', city_id: '750000000', city_name: 'Алматы', enabled: true },
      { name: 'PP2', city_id: '710000000', city_name: 'Астана', enabled: false },
    ]);
    assert.equal(store.has_session, true);
    assert.equal(store.needs_reauth, false);
    assert.equal(store.kaspi_login, account.email);
    assert.ok(store.last_login);

    const [row] = await t.sql<Record<string, string>>('select session_encrypted, credentials_encrypted from kaspi_stores where id = $1', [body.store_id]);
    for (const sealed of [row!.session_encrypted!, row!.credentials_encrypted!]) {
      assert.match(sealed, /^v1\.[0-9a-f]{8}\./);
      assert.ok(!sealed.includes(PASSWORD) && !sealed.includes('mc-session'));
    }

    const session = await t.app.inject({ url: `/api/v1/kaspi/stores/${body.store_id}/session/`, headers: user.headers });
    assert.equal(session.statusCode, 200, session.body);
    assert.deepEqual(
      { ...(session.json() as object), last_login: null, checked_at: null },
      { is_valid: true, checked_at: null, renewing: false, needs_reauth: false, reason: null, last_login: null, kaspi_login: account.email },
    );
    assert.equal(store.kaspi_verified, true, 'a Kaspi login proves the merchant');

    // Logging in again updates the same store.
    const again = await post(user, 'authenticate/', { email: account.email, password: PASSWORD });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().store_id, body.store_id);
    assert.equal(again.json().is_replaced, true);
  });

  test("wrong password and a locked account answer 400 with Kaspi's message", async () => {
    const user = await registerUser(t.app);
    const account = await addAccount(sim, [2]);
    const wrong = await post(user, 'authenticate/', { email: account.email, password: 'not-the-password' });
    assert.equal(wrong.statusCode, 400, wrong.body);
    assert.equal(wrong.json().code, 'kaspi_bad_credentials');
    assert.equal(wrong.json().detail, 'Неверный логин или пароль');

    const locked = await addAccount(sim, [2], { locked: true });
    const res = await post(user, 'authenticate/', { email: locked.email, password: PASSWORD });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().detail, /заблокирована/);
    const stores = (await t.app.inject({ url: '/api/v1/kaspi/stores/', headers: user.headers })).json();
    assert.equal(stores.count, 0, 'nothing linked');
  });

  test('e-mail + SMS: sms_required, a wrong code is 400 and can be retried, the right one links', async () => {
    const user = await registerUser(t.app);
    const account = await addAccount(sim, [3], { smsRequired: true });
    const first = await post(user, 'authenticate/', { email: account.email, password: PASSWORD });
    assert.equal(first.statusCode, 200, first.body);
    const { success, status, session_id } = first.json();
    assert.deepEqual([success, status], [false, 'sms_required']);
    assert.match(session_id, /^[0-9a-f-]{36}$/);

    const [pending] = await t.sql<{ state_encrypted: string }>('select state_encrypted from kaspi_pending_logins where id = $1', [session_id]);
    assert.ok(!pending!.state_encrypted.includes(PASSWORD), 'the pending login is sealed');

    const code = await lastSmsCode(sim, account.email);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await post(user, 'sms_verify/', { session_id, code: wrongCode });
    assert.equal(wrong.statusCode, 400, wrong.body);
    assert.equal(wrong.json().code, 'kaspi_sms_invalid');
    assert.equal(wrong.json().detail, 'Неверный код');

    const ok = await post(user, 'sms_verify/', { session_id, code });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().success, true);
    assert.equal(ok.json().merchant_id, merchantUid(3));
    assert.equal((await t.sql('select 1 from kaspi_pending_logins where id = $1', [session_id])).length, 0, 'the pending login is gone');

    const reused = await post(user, 'sms_verify/', { session_id, code });
    assert.equal(reused.statusCode, 404);
  });

  test('phone + SMS: sms_start then sms_verify links the shop', async () => {
    const user = await registerUser(t.app);
    const account = await addAccount(sim, [4]);
    const start = await post(user, 'sms_start/', { phone: account.phone });
    assert.equal(start.statusCode, 200, start.body);
    const { session_id } = start.json();
    const code = await lastSmsCode(sim, account.phone!);
    const res = await post(user, 'sms_verify/', { session_id, code });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().merchant_id, merchantUid(4));
    const store = (await t.app.inject({ url: `/api/v1/kaspi/stores/${res.json().store_id}/`, headers: user.headers })).json();
    assert.equal(store.kaspi_login, account.phone);

    const unknown = await post(user, 'sms_start/', { phone: '77770000000' });
    assert.equal(unknown.statusCode, 400, unknown.body);
    assert.equal(unknown.json().code, 'kaspi_bad_credentials');
  });

  test("another user's session_id is a 404 and does not spoil the owner's login", async () => {
    const owner = await registerUser(t.app);
    const intruder = await registerUser(t.app);
    const account = await addAccount(sim, [5], { smsRequired: true });
    const { session_id } = (await post(owner, 'authenticate/', { email: account.email, password: PASSWORD })).json();
    const code = await lastSmsCode(sim, account.email);
    const stolen = await post(intruder, 'sms_verify/', { session_id, code });
    assert.equal(stolen.statusCode, 404, stolen.body);
    assert.equal(stolen.json().code, 'not_found');
    const ok = await post(owner, 'sms_verify/', { session_id, code });
    assert.equal(ok.statusCode, 200, ok.body);
    const intruderStores = (await t.app.inject({ url: '/api/v1/kaspi/stores/', headers: intruder.headers })).json();
    assert.equal(intruderStores.count, 0);
  });

  test('an expired SMS login answers 400: ours after its TTL, and Kaspi forgetting the flow', async () => {
    const user = await registerUser(t.app);
    const account = await addAccount(sim, [6], { smsRequired: true });
    const a = (await post(user, 'authenticate/', { email: account.email, password: PASSWORD })).json();
    await t.sql("update kaspi_pending_logins set expires_at = now() - interval '1 second' where id = $1", [a.session_id]);
    const ours = await post(user, 'sms_verify/', { session_id: a.session_id, code: await lastSmsCode(sim, account.email) });
    assert.equal(ours.statusCode, 400, ours.body);
    assert.equal(ours.json().code, 'kaspi_login_expired');

    const b = (await post(user, 'authenticate/', { email: account.email, password: PASSWORD })).json();
    const code = await lastSmsCode(sim, account.email);
    await simControl(sim, 'POST', '/time/advance', { minutes: 16 });
    const theirs = await post(user, 'sms_verify/', { session_id: b.session_id, code });
    assert.equal(theirs.statusCode, 400, theirs.body);
    assert.equal(theirs.json().code, 'kaspi_login_expired');
    assert.match(theirs.json().detail, /истекло/, "Kaspi's own words");
    assert.equal((await t.sql('select 1 from kaspi_pending_logins where id = $1', [b.session_id])).length, 0);
  });

  test('an account with several merchants links every one of them', async () => {
    const user = await registerUser(t.app);
    const account = await addAccount(sim, [7, 8]);
    const res = await post(user, 'authenticate/', { email: account.email, password: PASSWORD });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(
      body.stores.map((s: { merchant_id: string }) => s.merchant_id),
      [merchantUid(7), merchantUid(8)],
    );
    assert.deepEqual(
      body.stores.map((s: { name: string }) => s.name),
      ['Shop 7', 'Shop 8'],
    );
    const list = (await t.app.inject({ url: '/api/v1/kaspi/stores/?ordering=name', headers: user.headers })).json();
    assert.equal(list.count, 2);
    for (const store of list.results) {
      assert.equal(store.has_session, true);
      assert.equal(store.points.length, 2);
    }
  });

  test('a merchant linked by another user is a 409 and nothing of the account is linked', async () => {
    const alice = await registerUser(t.app);
    const bob = await registerUser(t.app);
    const alices = await addAccount(sim, [9]);
    assert.equal((await post(alice, 'authenticate/', { email: alices.email, password: PASSWORD })).statusCode, 200);
    // Bob's account can act for Alice's merchant and another one.
    const bobs = await addAccount(sim, [10, 9]);
    const res = await post(bob, 'authenticate/', { email: bobs.email, password: PASSWORD });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().code, 'merchant_already_linked');
    assert.match(res.json().detail, new RegExp(merchantUid(9)));
    assert.doesNotMatch(res.json().detail, /another|other account|linked to/i, 'nothing about other accounts');
    const bobStores = (await t.app.inject({ url: '/api/v1/kaspi/stores/', headers: bob.headers })).json();
    assert.equal(bobStores.count, 0, 'all or nothing');
  });

  test("a merchant added by hand by someone else is taken over by its real owner's Kaspi login", async () => {
    const squatter = await registerUser(t.app);
    const owner = await registerUser(t.app);
    const claim = await createStore(t.app, squatter, { merchant_id: merchantUid(12), name: 'Not mine' });
    assert.equal((await t.app.inject({ url: `/api/v1/kaspi/stores/${claim.id}/`, headers: squatter.headers })).json().kaspi_verified, false);
    const product = await createProduct(t.app, squatter, claim.id);

    const account = await addAccount(sim, [12]);
    const res = await post(owner, 'authenticate/', { email: account.email, password: PASSWORD });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().merchant_id, merchantUid(12));
    assert.equal(res.json().is_replaced, false, 'a fresh store for the owner');
    assert.notEqual(res.json().store_id, claim.id);
    const store = (await t.app.inject({ url: `/api/v1/kaspi/stores/${res.json().store_id}/`, headers: owner.headers })).json();
    assert.deepEqual([store.user_id, store.kaspi_verified, store.has_session, store.products_count], [owner.id, true, true, 0]);

    assert.equal((await t.app.inject({ url: `/api/v1/kaspi/stores/${claim.id}/`, headers: squatter.headers })).statusCode, 404, 'the claim is gone');
    assert.equal((await t.app.inject({ url: `/api/v1/products/${product.id}/`, headers: squatter.headers })).statusCode, 404, 'with what hung on it');
    assert.equal((await t.sql('select 1 from products where store_id = $1', [res.json().store_id])).length, 0, 'the owner inherits nothing');

    // The verified store now refuses a new claim, and the answer says nothing about its owner.
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/kaspi/stores/', headers: squatter.headers, payload: { name: 'Mine now?', merchant_id: merchantUid(12) } });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().code, 'merchant_already_linked');
    assert.doesNotMatch(again.json().detail, /another|other account|linked to|verified/i);
  });

  test('the session check is cached and spends the cabinet-read budget; a busy budget answers the last known state', async () => {
    const user = await registerUser(t.app);
    const account = await addAccount(sim, [13]);
    const linked = (await post(user, 'authenticate/', { email: account.email, password: PASSWORD })).json();
    const url = `/api/v1/kaspi/stores/${linked.store_id}/session/`;
    const probes = async (since: number) => (await simRequests(sim, { path: '/s/m', since: String(since), account: account.email })).length;

    const before = await simSeq(sim);
    const first = await t.app.inject({ url, headers: user.headers });
    const second = await t.app.inject({ url, headers: user.headers });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().is_valid, true);
    assert.ok(first.json().checked_at);
    assert.deepEqual(second.json(), first.json(), 'the second answer is the cached one');
    assert.equal(await probes(before), 1, 'one cabinet call for two requests');

    // Another store of the account, whose merchant's cabinet budget is paused: no call, the last known state.
    const other = await registerUser(t.app);
    const account2 = await addAccount(sim, [14]);
    const linked2 = (await post(other, 'authenticate/', { email: account2.email, password: PASSWORD })).json();
    await t.container.budgets.cabinetReads.pause(merchantUid(14), 60_000);
    const since = await simSeq(sim);
    const busy = await t.app.inject({ url: `/api/v1/kaspi/stores/${linked2.store_id}/session/`, headers: other.headers });
    assert.equal(busy.statusCode, 200, busy.body);
    assert.equal(busy.json().is_valid, true, 'checked when it was linked');
    assert.ok(busy.json().checked_at);
    assert.equal(await probes(since), 0);
    assert.equal((await simRequests(sim, { path: '/s/m', since: String(since), account: account2.email })).length, 0);
  });

  test('a pending SMS login survives an API restart and finishes in the new process', async () => {
    const user = await registerUser(t.app);
    const account = await addAccount(sim, [11], { smsRequired: true });
    const { session_id } = (await post(user, 'authenticate/', { email: account.email, password: PASSWORD })).json();
    const code = await lastSmsCode(sim, account.email);

    const database = t.database;
    await t.stop();
    t = await startTestApp({ sim, browserPool: pool, database });

    const res = await post(user, 'sms_verify/', { session_id, code });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().merchant_id, merchantUid(11));
  });

  test('starting Chromium logins is limited per user and per client IP: 429 with Retry-After', async () => {
    const limited = await startTestApp({ sim, browserPool: pool, env: { KASPI_LOGINS_PER_USER: '2', KASPI_LOGINS_PER_IP: '3' } });
    try {
      const start = (user: TestUser, url: string, payload: object, remoteAddress = '203.0.113.7') =>
        limited.app.inject({ method: 'POST', url: `/api/v1/kaspi/auth/${url}`, headers: user.headers, payload, remoteAddress });
      const account = await addAccount(sim, [15]);
      const alice = await registerUser(limited.app);
      const bob = await registerUser(limited.app);
      const wrong = { email: account.email, password: 'not-the-password' };

      // authenticate and sms_start share one count per user.
      assert.equal((await start(alice, 'authenticate/', wrong)).statusCode, 400);
      assert.equal((await start(alice, 'sms_start/', { phone: '77770000000' })).statusCode, 400);
      const third = await start(alice, 'authenticate/', wrong);
      assert.equal(third.statusCode, 429, third.body);
      assert.equal(third.json().code, 'rate_limited');
      assert.match(third.json().detail, /Too many Kaspi logins/);
      assert.ok(Number(third.headers['retry-after']) > 0, 'Retry-After in seconds');
      const alsoPhone = await start(alice, 'sms_start/', { phone: '77770000000' });
      assert.equal(alsoPhone.statusCode, 429);

      // Per IP, whichever user: Alice's two logins and one of Bob's fill the IP's three.
      assert.equal((await start(bob, 'authenticate/', wrong)).statusCode, 400);
      const bobAgain = await start(bob, 'authenticate/', wrong);
      assert.equal(bobAgain.statusCode, 429, bobAgain.body);
      assert.equal(bobAgain.json().code, 'rate_limited');
      // Another user from another address is not held up by either; malformed requests cost nothing.
      const carol = await registerUser(limited.app);
      for (let i = 0; i < 3; i++) assert.equal((await start(carol, 'sms_start/', { phone: '1' }, '198.51.100.9')).json().code, 'validation_error');
      assert.equal((await start(carol, 'authenticate/', wrong, '198.51.100.9')).statusCode, 400);
    } finally {
      await limited.close();
    }
  });

  test('requests are validated and need a token', async () => {
    const user = await registerUser(t.app);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/kaspi/auth/authenticate/', payload: { email: 'a@b.kz', password: 'x' } });
    assert.equal(anonymous.statusCode, 401);
    const bad = await post(user, 'sms_verify/', { session_id: 'nope', code: 'abc' });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().fields.session_id && bad.json().fields.code);
    const badPhone = await post(user, 'sms_start/', { phone: '12345' });
    assert.equal(badPhone.statusCode, 400);
  });
});
