import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createProduct, createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../helpers/app.ts';

describe('preorders', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let storeId: string;
  before(async () => {
    t = await startTestApp();
    alice = await registerUser(t.app);
    bob = await registerUser(t.app);
    storeId = (await createStore(t.app, alice)).id;
  });
  after(() => t.close());

  test('create copies article, name, brand and price from the product; read, patch, delete', async () => {
    const product = await createProduct(t.app, alice, storeId, { kaspi_sku: 'PRE-1', name: 'Console', brand: 'Sony', price: 250000 });
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/preorders/', headers: alice.headers,
      payload: { product_id: product.id, warehouses: [{ point: 'PP1', quantity: 5 }, { point: 'PP2', quantity: 0 }], delivery_days: 14 },
    });
    assert.equal(res.statusCode, 201, res.body);
    const pre = res.json();
    assert.deepEqual(
      [pre.store_id, pre.article, pre.name, pre.brand, pre.price, pre.delivery_days, pre.status],
      [storeId, 'PRE-1', 'Console', 'Sony', 250000, 14, 'pending'],
    );
    assert.deepEqual(pre.warehouses, [{ point: 'PP1', quantity: 5 }, { point: 'PP2', quantity: 0 }]);

    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/preorders/${pre.id}/`, headers: alice.headers, payload: { delivery_days: 30 } });
    assert.equal(patched.json().delivery_days, 30);

    const dup = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: alice.headers, payload: { product_id: product.id } });
    assert.equal(dup.statusCode, 409);

    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/preorders/${pre.id}/`, headers: alice.headers });
    assert.equal(del.statusCode, 204);
    assert.equal((await t.app.inject({ url: `/api/v1/preorders/${pre.id}/`, headers: alice.headers })).statusCode, 404);
  });

  test('delivery_days defaults to 30 and must be within 1..30; warehouses are validated', async () => {
    const product = await createProduct(t.app, alice, storeId);
    const bad: [Record<string, unknown>, string][] = [
      [{ delivery_days: 0 }, 'delivery_days'],
      [{ delivery_days: 31 }, 'delivery_days'],
      [{ warehouses: [{ point: 'PP1' }] }, 'warehouses[0].quantity'],
      [{ warehouses: [{ point: 'PP1', quantity: -1 }] }, 'warehouses[0].quantity'],
      [{ warehouses: [{ point: 'PP1', quantity: 1 }, { point: 'PP1', quantity: 2 }] }, 'warehouses[1].point'],
      [{ store_id: '00000000-0000-0000-0000-000000000000' }, 'store_id'],
    ];
    for (const [extra, field] of bad) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: alice.headers, payload: { product_id: product.id, ...extra } });
      assert.equal(res.statusCode, 400, `${JSON.stringify(extra)}: ${res.body}`);
      assert.ok(res.json().fields?.[field], `${field}: ${res.body}`);
    }
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: alice.headers, payload: { product_id: product.id, store_id: storeId } });
    assert.equal(ok.json().delivery_days, 30);
  });

  test("someone else's product or preorder is a 404; lists show only your own, filtered by store", async () => {
    const product = await createProduct(t.app, alice, storeId);
    const stolen = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: bob.headers, payload: { product_id: product.id } });
    assert.equal(stolen.statusCode, 404);
    const mine = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: alice.headers, payload: { product_id: product.id } });
    const id = mine.json().id;
    for (const req of [
      { method: 'GET' as const, url: `/api/v1/preorders/${id}/` },
      { method: 'PATCH' as const, url: `/api/v1/preorders/${id}/`, payload: { delivery_days: 2 } },
      { method: 'DELETE' as const, url: `/api/v1/preorders/${id}/` },
    ]) {
      assert.equal((await t.app.inject({ ...req, headers: bob.headers })).statusCode, 404);
    }
    const bobs = await t.app.inject({ url: '/api/v1/preorders/', headers: bob.headers });
    assert.equal(bobs.json().count, 0);
    const byStore = await t.app.inject({ url: `/api/v1/preorders/?store_id=${storeId}`, headers: alice.headers });
    assert.ok(byStore.json().results.some((p: { id: string }) => p.id === id));
    assert.ok(byStore.json().results.every((p: { store_id: string }) => p.store_id === storeId));
    const otherStore = (await createStore(t.app, alice)).id;
    const none = await t.app.inject({ url: `/api/v1/preorders/?store_id=${otherStore}`, headers: alice.headers });
    assert.equal(none.json().count, 0);
  });
});
