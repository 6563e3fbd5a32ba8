import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createProduct, createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

// A disabled user's shops are not worked: no scheduled sync, no session watch, no repricing, until an
// admin enables the user again. The three loops pick their work with one query each; each is asked here.
describe("a disabled user's shops", () => {
  let t: TestApp;
  let admin: TestUser;
  before(async () => {
    t = await startTestApp();
    await t.container.services.users.createAdmin('boss@example.kz', 'correct horse battery');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: 'boss@example.kz', password: 'correct horse battery' } });
    admin = { id: '', email: 'boss@example.kz', token: login.json().token, headers: { authorization: `Bearer ${login.json().token}` } };
  });
  after(() => t.close());

  /** A shop that every loop would take now: linked, never synced or watched, one enabled product due. */
  async function workableShop(user: TestUser) {
    const store = await createStore(t.app, user);
    const product = await createProduct(t.app, user, store.id, { price: 5000, min_price: 4000, max_price: 6000 });
    await t.sql(`update kaspi_stores set session_encrypted = 'sealed', kaspi_verified_at = now() where id = $1`, [store.id]);
    await t.sql(`update products set bot_active = true, external_kaspi_id = '100200300', next_check_at = null where id = $1`, [product.id]);
    await t.sql(`insert into store_demper_settings (store_id, enabled) values ($1, true)`, [store.id]);
    return { storeId: store.id, productId: product.id };
  }

  async function worked(shop: { storeId: string; productId: string }) {
    const { stores, storeSessions, productChecks } = t.container.services;
    const synced = (await stores.dueForSync(new Date(), 1000)).some((s) => s.id === shop.storeId);
    const watched = (await storeSessions.claimSessionChecks(new Date(), 1000)).some((s) => s.id === shop.storeId);
    const claimed = await productChecks.claimDue('test-worker', 1000, 60_000);
    await productChecks.releaseAll('test-worker');
    return { synced, watched, repriced: claimed.some((c) => c.product.id === shop.productId) };
  }

  test('are not synced, watched or repriced while the user is disabled, and are again once enabled', async () => {
    const user = await registerUser(t.app);
    const shop = await workableShop(user);
    const off = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/users/${user.id}/`, headers: admin.headers, payload: { disabled: true } });
    assert.equal(off.statusCode, 200, off.body);
    assert.deepEqual(await worked(shop), { synced: false, watched: false, repriced: false });

    const on = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/users/${user.id}/`, headers: admin.headers, payload: { disabled: false } });
    assert.equal(on.statusCode, 200, on.body);
    assert.deepEqual(await worked(shop), { synced: true, watched: true, repriced: true });
  });
});
