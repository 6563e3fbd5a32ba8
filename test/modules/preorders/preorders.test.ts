import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../../sim/server.ts';
import type { BrowserPool } from '../../../src/infra/browser/browser-pool.ts';
import { createProduct as createAppProduct, createStore, registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { ALMATY, ASTANA, linkStoreDirectly, storePoints } from '../../helpers/linked-store.ts';
import { simControl } from '../../helpers/sim.ts';
import { merchantUid } from '../../helpers/sim-worlds.ts';

// The preorder API itself (fields, defaults, validation, ownership). Creating one pushes it to Kaspi,
// so the store is linked to a simulator shop that sells every SKU these tests create.
describe('preorders', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let storeId: string;
  before(async () => {
    sim = await startSimulator({
      world: {
        seed: 7,
        merchants: [],
        products: [],
        listings: [],
        accounts: [],
        orders: [],
        ownMerchants: [
          {
            uid: merchantUid(1),
            name: 'Shop 1',
            points: [
              { name: 'PP1', cityId: ALMATY.id },
              { name: 'PP2', cityId: ASTANA.id },
            ],
            offers: [],
          },
        ],
      },
      clock: 'real',
      ingestDelayMs: 0,
    });
    pool = sharedBrowserPool(1);
    t = await startTestApp({ sim, browserPool: pool, env: { SYNC_INTERVAL_HOURS: '0', KASPI_WRITES_PER_SECOND: '2' } });
    alice = await registerUser(t.app);
    bob = await registerUser(t.app);
    storeId = (
      await linkStoreDirectly(
        t,
        sim,
        alice,
        merchantUid(1),
        storePoints([
          { name: 'PP1', city: ALMATY },
          { name: 'PP2', city: ASTANA },
        ]),
      )
    ).storeId;
  });
  after(async () => {
    await t?.close();
    await pool?.close();
    await sim?.close();
  });

  /** A product of the store that the simulator's shop sells too (a preorder is pushed to Kaspi). */
  async function createProduct(app: TestApp['app'], user: TestUser, store: string, body: Record<string, unknown> = {}) {
    const product = await createAppProduct(app, user, store, { price: 1000, ...body });
    await simControl(sim, 'PUT', `/merchants/${merchantUid(1)}/offers`, { sku: product.kaspi_sku, model: 'Model', price: product.price ?? 1000 });
    return product;
  }

  test('create copies article, name, brand and price from the product; read, patch, delete', async () => {
    const product = await createProduct(t.app, alice, storeId, { kaspi_sku: 'PRE-1', name: 'Console', brand: 'Sony', price: 250000 });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/preorders/',
      headers: alice.headers,
      payload: {
        product_id: product.id,
        warehouses: [
          { point: 'PP1', quantity: 5 },
          { point: 'PP2', quantity: 0 },
        ],
        delivery_days: 14,
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const pre = res.json();
    assert.deepEqual([pre.store_id, pre.article, pre.name, pre.brand, pre.price, pre.delivery_days, pre.status], [storeId, 'PRE-1', 'Console', 'Sony', 250000, 14, 'pending']);
    assert.deepEqual(pre.warehouses, [
      { point: 'PP1', quantity: 5 },
      { point: 'PP2', quantity: 0 },
    ]);

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
      [
        {
          warehouses: [
            { point: 'PP1', quantity: 1 },
            { point: 'PP1', quantity: 2 },
          ],
        },
        'warehouses[1].point',
      ],
      [{ store_id: '00000000-0000-0000-0000-000000000000' }, 'store_id'],
    ];
    for (const [extra, field] of bad) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: alice.headers, payload: { product_id: product.id, ...extra } });
      assert.equal(res.statusCode, 400, `${JSON.stringify(extra)}: ${res.body}`);
      assert.ok(res.json().fields?.[field], `${field}: ${res.body}`);
    }
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: alice.headers, payload: { product_id: product.id, store_id: storeId } });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.deepEqual(
      [ok.json().delivery_days, ok.json().warehouses],
      [
        30,
        [
          { point: 'PP1', quantity: 0 },
          { point: 'PP2', quantity: 0 },
        ],
      ],
      'defaults: 30 days at every point on sale',
    );
  });

  test("someone else's product or preorder is a 404; lists show only your own, filtered by store", async () => {
    const product = await createProduct(t.app, alice, storeId);
    const stolen = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: bob.headers, payload: { product_id: product.id } });
    assert.equal(stolen.statusCode, 404, stolen.body);
    const mine = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: alice.headers, payload: { product_id: product.id } });
    assert.equal(mine.statusCode, 201, mine.body);
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

  test('a shop not linked to Kaspi keeps the preorder unsent (failed, with why); a product without a price is a 409', async () => {
    const unlinked = (await createStore(t.app, alice)).id;
    const product = await createAppProduct(t.app, alice, unlinked);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: alice.headers, payload: { product_id: product.id, warehouses: [{ point: 'PP1', quantity: 1 }] } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().status, 'failed');
    assert.match(res.json().status_reason, /not linked to Kaspi/);

    const unpriced = await createAppProduct(t.app, alice, storeId);
    const noPrice = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: alice.headers, payload: { product_id: unpriced.id } });
    assert.equal(noPrice.statusCode, 409, noPrice.body);
    assert.match(noPrice.json().detail, /no price/);
  });
});
