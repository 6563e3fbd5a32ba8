import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createProduct, createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

const PASSWORD = 'correct horse battery';

interface AuditEntry {
  id: string;
  at: string;
  actor_id: string | null;
  actor_email: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
}

/** An admin made the way operators make one (create-admin), signed in through the API. */
async function createAdmin(t: TestApp, email: string): Promise<TestUser> {
  const created = await t.container.services.users.createAdmin(email, PASSWORD);
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email, password: PASSWORD } });
  assert.equal(login.statusCode, 200, login.body);
  const token = login.json().token as string;
  return { id: created.id, email: created.email, token, headers: { authorization: `Bearer ${token}` } };
}

async function login(t: TestApp, email: string, password = PASSWORD) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email, password } });
}

describe('admin API', () => {
  let t: TestApp;
  let admin: TestUser;
  let seller: TestUser;

  async function audit(query = ''): Promise<AuditEntry[]> {
    const res = await t.app.inject({ url: `/api/v1/admin/audit/?page_size=500${query}`, headers: admin.headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().results as AuditEntry[];
  }

  before(async () => {
    t = await startTestApp();
    admin = await createAdmin(t, 'root@example.kz');
    seller = await registerUser(t.app, 'Seller.One@example.kz');
  });
  after(() => t.close());

  test('every admin route answers 403 to a signed-in non-admin (valid input or not) and 401 without a token', async () => {
    const routes = [
      { method: 'GET', url: '/api/v1/admin/users/' },
      { method: 'PATCH', url: `/api/v1/admin/users/${seller.id}/`, payload: { disabled: true } },
      { method: 'PATCH', url: '/api/v1/admin/users/not-a-uuid/', payload: { nonsense: 1 } },
      { method: 'POST', url: `/api/v1/admin/users/${admin.id}/reset_password/`, payload: {} },
      { method: 'GET', url: '/api/v1/admin/stores/' },
      { method: 'GET', url: '/api/v1/admin/system/' },
      { method: 'GET', url: '/api/v1/admin/audit/' },
    ] as const;
    const openapi = (await t.app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    for (const path of ['/api/v1/admin/users/', '/api/v1/admin/users/{id}/', '/api/v1/admin/users/{id}/reset_password/', '/api/v1/admin/stores/', '/api/v1/admin/system/', '/api/v1/admin/audit/']) {
      assert.ok(openapi.paths[path], `${path} is in the OpenAPI document`);
    }
    for (const route of routes) {
      const res = await t.app.inject({ ...route, headers: seller.headers });
      assert.equal(res.statusCode, 403, `${route.method} ${route.url}: ${res.body}`);
      assert.equal(res.json().code, 'permission_denied');
      const anonymous = await t.app.inject({ ...route });
      assert.equal(anonymous.statusCode, 401, `${route.method} ${route.url} without a token`);
    }
    // Nothing changed: the seller can still sign in, the admin's password is still theirs.
    assert.equal((await login(t, seller.email)).statusCode, 200);
    assert.equal((await login(t, admin.email)).statusCode, 200);
  });

  test('users: a page with counts, newest first; search is a case-insensitive part of the e-mail', async () => {
    const store = await createStore(t.app, seller);
    await createProduct(t.app, seller, store.id);
    await createProduct(t.app, seller, store.id);
    const res = await t.app.inject({ url: '/api/v1/admin/users/?search=SELLER.one&page_size=10', headers: admin.headers });
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json();
    assert.equal(page.count, 1);
    const [user] = page.results;
    assert.equal(user.id, seller.id);
    assert.equal(user.email, 'seller.one@example.kz');
    assert.equal(user.is_admin, false);
    assert.equal(user.disabled, false);
    assert.equal(user.stores_count, 1);
    assert.equal(user.products_count, 2);
    assert.ok(user.last_login_at, 'signing in is recorded');
    assert.ok(Date.parse(user.created_at));

    const all = (await t.app.inject({ url: '/api/v1/admin/users/?page_size=1', headers: admin.headers })).json();
    assert.ok(all.count >= 2);
    assert.equal(all.results.length, 1);
    assert.ok(all.next?.includes('page=2'));
    const none = (await t.app.inject({ url: '/api/v1/admin/users/?search=%25', headers: admin.headers })).json();
    assert.equal(none.count, 0, '% is taken literally');
    for (const url of [
      '/api/v1/admin/users/?search=a%00b',
      '/api/v1/admin/stores/?search=%00',
      '/api/v1/admin/audit/?action=%00',
      '/api/v1/admin/audit/?actor_id=nope',
      '/api/v1/admin/users/?page=0',
    ]) {
      const bad = await t.app.inject({ url, headers: admin.headers });
      assert.equal(bad.statusCode, 400, `${url}: ${bad.body}`);
    }
    assert.equal((await t.app.inject({ url: '/api/v1/admin/users/?page=999', headers: admin.headers })).statusCode, 404);
  });

  test('disable: sign-in refused with account_disabled, every token refused; enable: signs in again (old tokens stay revoked)', async () => {
    const user = await registerUser(t.app);
    const before = await t.app.inject({ url: '/api/v1/auth/me/', headers: user.headers });
    assert.equal(before.statusCode, 200);

    const off = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/users/${user.id}/`, headers: admin.headers, payload: { disabled: true } });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().disabled, true);
    assert.ok(off.json().disabled_at);

    const me = await t.app.inject({ url: '/api/v1/auth/me/', headers: user.headers });
    assert.equal(me.statusCode, 401, 'the existing token is refused');
    const refused = await login(t, user.email);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'account_disabled');
    assert.match(refused.json().detail, /disabled by an administrator/);
    const wrong = await login(t, user.email, 'not the password');
    assert.equal(wrong.statusCode, 401, 'a wrong password does not learn that the account is disabled');

    const on = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/users/${user.id}/`, headers: admin.headers, payload: { disabled: false } });
    assert.equal(on.statusCode, 200, on.body);
    assert.equal(on.json().disabled, false);
    assert.equal(on.json().disabled_at, null);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: user.headers })).statusCode, 401, 'tokens from before stay revoked');
    const back = await login(t, user.email);
    assert.equal(back.statusCode, 200);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: { authorization: `Bearer ${back.json().token}` } })).statusCode, 200);

    const entries = (await audit(`&action=user.disable`)).filter((e) => e.target_id === user.id);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.actor_id, admin.id);
    assert.equal(entries[0]!.actor_email, 'root@example.kz');
    assert.equal(entries[0]!.target_type, 'user');
    assert.equal(entries[0]!.details['email'], user.email);
    assert.equal((await audit(`&action=user.enable`)).filter((e) => e.target_id === user.id).length, 1);
  });

  test('admin rights: granted and taken away; an admin cannot disable or demote themselves (409)', async () => {
    const user = await registerUser(t.app);
    const up = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/users/${user.id}/`, headers: admin.headers, payload: { is_admin: true } });
    assert.equal(up.statusCode, 200, up.body);
    assert.equal(up.json().is_admin, true);
    assert.equal((await t.app.inject({ url: '/api/v1/admin/system/', headers: user.headers })).statusCode, 200, 'the new admin uses the admin API with the token they had');

    const down = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/users/${user.id}/`, headers: admin.headers, payload: { is_admin: false } });
    assert.equal(down.json().is_admin, false);
    assert.equal((await t.app.inject({ url: '/api/v1/admin/system/', headers: user.headers })).statusCode, 403);

    for (const payload of [{ disabled: true }, { is_admin: false }, { disabled: true, is_admin: true }]) {
      const self = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/users/${admin.id}/`, headers: admin.headers, payload });
      assert.equal(self.statusCode, 409, JSON.stringify(payload));
      assert.equal(self.json().code, 'conflict');
      assert.match(self.json().detail, /your own/);
    }
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: admin.headers })).json().is_admin, true);

    const missing = await t.app.inject({ method: 'PATCH', url: '/api/v1/admin/users/00000000-0000-4000-8000-000000000000/', headers: admin.headers, payload: { disabled: true } });
    assert.equal(missing.statusCode, 404);
    const empty = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/users/${user.id}/`, headers: admin.headers, payload: {} });
    assert.equal(empty.statusCode, 400);
    const unknown = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/users/${user.id}/`, headers: admin.headers, payload: { email: 'x@y.kz' } });
    assert.equal(unknown.statusCode, 400);

    const actions = (await audit()).filter((e) => e.target_id === user.id).map((e) => e.action);
    assert.deepEqual(actions, ['user.revoke_admin', 'user.grant_admin'], 'newest first, refused changes not recorded');
  });

  test('reset password: generated (shown once) or given; the old password and every token stop working; no password in the audit log', async () => {
    const user = await registerUser(t.app);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/admin/users/${user.id}/reset_password/`, headers: admin.headers, payload: {} });
    assert.equal(res.statusCode, 200, res.body);
    const generated = res.json().temporary_password as string;
    assert.ok(generated.length >= 16);
    assert.equal((await t.app.inject({ url: '/api/v1/auth/me/', headers: user.headers })).statusCode, 401);
    assert.equal((await login(t, user.email)).statusCode, 401);
    assert.equal((await login(t, user.email, generated)).statusCode, 200);

    const chosen = await t.app.inject({ method: 'POST', url: `/api/v1/admin/users/${user.id}/reset_password/`, headers: admin.headers, payload: { new_password: 'chosen by the admin' } });
    assert.equal(chosen.json().temporary_password, 'chosen by the admin');
    assert.equal((await login(t, user.email, generated)).statusCode, 401);
    assert.equal((await login(t, user.email, 'chosen by the admin')).statusCode, 200);

    const short = await t.app.inject({ method: 'POST', url: `/api/v1/admin/users/${user.id}/reset_password/`, headers: admin.headers, payload: { new_password: 'short' } });
    assert.equal(short.statusCode, 400);
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/admin/users/00000000-0000-4000-8000-000000000000/reset_password/', headers: admin.headers, payload: {} });
    assert.equal(missing.statusCode, 404);

    const entries = (await audit('&action=user.reset_password')).filter((e) => e.target_id === user.id);
    assert.equal(entries.length, 2);
    assert.deepEqual(
      entries.map((e) => e.details['generated']),
      [false, true],
    );
    const stored = JSON.stringify(await t.sql('select * from admin_audit_log'));
    assert.ok(!stored.includes(generated) && !stored.includes('chosen by the admin'), 'no password in the audit table');
  });

  test('stores: every shop across users with its owner, filtered by user and searched by name, merchant or owner', async () => {
    const other = await registerUser(t.app, 'other-owner@example.kz');
    const a = await createStore(t.app, seller, { name: 'Alpha electronics' });
    const b = await createStore(t.app, other, { name: 'Beta books' });
    const res = await t.app.inject({ url: '/api/v1/admin/stores/?page_size=500', headers: admin.headers });
    assert.equal(res.statusCode, 200, res.body);
    const byId = new Map((res.json().results as { id: string; owner_email: string; user_id: string; needs_reauth: boolean; products_count: number }[]).map((s) => [s.id, s]));
    assert.equal(byId.get(a.id)?.owner_email, 'seller.one@example.kz');
    assert.equal(byId.get(b.id)?.owner_email, 'other-owner@example.kz');
    assert.equal(byId.get(b.id)?.needs_reauth, false, "the owner's store fields are there");

    const mine = (await t.app.inject({ url: `/api/v1/admin/stores/?user_id=${other.id}`, headers: admin.headers })).json();
    assert.deepEqual(
      mine.results.map((s: { id: string }) => s.id),
      [b.id],
    );
    for (const search of ['beta', 'OTHER-OWNER', b.merchant_id]) {
      const found = (await t.app.inject({ url: `/api/v1/admin/stores/?search=${encodeURIComponent(search)}`, headers: admin.headers })).json();
      assert.deepEqual(
        found.results.map((s: { id: string }) => s.id),
        [b.id],
        search,
      );
    }
  });

  test("products and preorders of any user: admins read them with user_id= and edit them; each write on another user's data is audited", async () => {
    const owner = await registerUser(t.app);
    const store = await createStore(t.app, owner);
    const product = await createProduct(t.app, owner, store.id, { price: 5000 });
    // Stored directly: creating one through the API pushes it to Kaspi (tested in the preorders module).
    const [preorder] = await t.sql<{ id: string }>(
      `insert into preorders (product_id, store_id, article, name, warehouses, delivery_days, status) values ($1, $2, $3, 'Preordered', '[]', 5, 'failed') returning id`,
      [product.id, store.id, product.kaspi_sku],
    );

    const list = await t.app.inject({ url: `/api/v1/products/?user_id=${owner.id}`, headers: admin.headers });
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(
      list.json().results.map((p: { id: string }) => p.id),
      [product.id],
    );
    const preorders = await t.app.inject({ url: `/api/v1/preorders/?user_id=${owner.id}`, headers: admin.headers });
    assert.equal(preorders.statusCode, 200, preorders.body);
    assert.deepEqual(
      preorders.json().results.map((p: { id: string }) => p.id),
      [preorder!.id],
    );
    assert.equal((await t.app.inject({ url: `/api/v1/preorders/${preorder!.id}/`, headers: admin.headers })).statusCode, 200);
    assert.equal((await t.app.inject({ url: `/api/v1/preorders/${preorder!.id}/`, headers: seller.headers })).statusCode, 404, "someone else's preorder is not found");
    const snooping = await t.app.inject({ url: `/api/v1/products/?user_id=${owner.id}`, headers: seller.headers });
    assert.equal(snooping.statusCode, 403, 'a seller cannot name another user');

    const readBefore = (await audit()).length;
    assert.equal((await t.app.inject({ url: `/api/v1/products/${product.id}/`, headers: admin.headers })).statusCode, 200);
    assert.equal((await audit()).length, readBefore, 'reads are not audited');

    const edit = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}/`, headers: admin.headers, payload: { min_price: 4000, max_price: 9000 } });
    assert.equal(edit.statusCode, 200, edit.body);
    assert.equal(edit.json().min_price, 4000);
    const [entry] = (await audit('&action=product.update')).filter((e) => e.target_id === product.id);
    assert.ok(entry, 'the edit is in the audit log');
    assert.equal(entry.actor_id, admin.id);
    assert.equal(entry.target_type, 'product');
    assert.deepEqual(entry.details['owner_ids'], [owner.id]);
    assert.deepEqual(entry.details['body'], { min_price: 4000, max_price: 9000 });
    assert.equal(entry.details['request'], 'PATCH /api/v1/products/:id/');

    const secret = await t.app.inject({ method: 'PATCH', url: `/api/v1/kaspi/stores/${store.id}/`, headers: admin.headers, payload: { api_key: 'kaspi-shop-token-123', name: 'Renamed by support' } });
    assert.equal(secret.statusCode, 200, secret.body);
    const [storeEntry] = (await audit('&action=store.update')).filter((e) => e.target_id === store.id);
    assert.deepEqual(storeEntry?.details['body'], { api_key: '[redacted]', name: 'Renamed by support' });

    const refused = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}/`, headers: admin.headers, payload: { min_price: 5 } });
    assert.equal(refused.statusCode, 400);
    const before = (await audit()).length;
    const own = await createStore(t.app, admin);
    await createProduct(t.app, admin, own.id);
    assert.equal((await audit()).length, before, "an admin's writes on their own data and refused writes are not audited");

    const byActor = await audit(`&actor_id=${admin.id}`);
    assert.ok(byActor.every((e) => e.actor_id === admin.id));
    const times = byActor.map((e) => e.at);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
  });
});
