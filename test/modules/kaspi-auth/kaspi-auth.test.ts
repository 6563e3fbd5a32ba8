import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSimulator } from '../../../sim/server.ts';
import type { BrowserPool } from '../../../src/infra/browser/browser-pool.ts';
import { registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { addAccount, lastSmsCode, simControl, startTestSim } from '../../helpers/sim.ts';
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
    assert.deepEqual({ ...(session.json() as object), last_login: null }, { is_valid: true, needs_reauth: false, reason: null, last_login: null, kaspi_login: account.email });

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
    const bobStores = (await t.app.inject({ url: '/api/v1/kaspi/stores/', headers: bob.headers })).json();
    assert.equal(bobStores.count, 0, 'all or nothing');
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
