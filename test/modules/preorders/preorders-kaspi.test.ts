import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { type RunningSimulator, startSimulator } from '../../../sim/server.ts';
import type { OwnMerchantSpec, WorldSpec } from '../../../sim/world/world-types.ts';
import type { BrowserPool } from '../../../src/infra/browser/browser-pool.ts';
import { createProduct, registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore, linkStoreDirectly, SHYMKENT, storePoints } from '../../helpers/linked-store.ts';
import { simControl, simSeq } from '../../helpers/sim.ts';
import { merchantUid } from '../../helpers/sim-worlds.ts';
import { waitFor } from '../../helpers/wait.ts';

const SHOPS = [1, 2, 3, 4, 5, 6];

/** Shops with three points in three cities; each offer on sale at PP1 (stock 4) and PP2 (stock 2), not at PP3. */
function world(): WorldSpec {
  const points = [
    { name: 'PP1', cityId: ALMATY.id },
    { name: 'PP2', cityId: ASTANA.id },
    { name: 'PP3', cityId: SHYMKENT.id },
  ];
  const availabilities = [
    { point: 'PP1', stockCount: 4 },
    { point: 'PP2', stockCount: 2 },
    { point: 'PP3', available: false, stockCount: 0 },
  ];
  const own = (n: number): OwnMerchantSpec => ({
    uid: merchantUid(n),
    name: `Shop ${n}`,
    points,
    offers: ['A', 'B'].map((s, i) => ({
      sku: `${s}-${n}`,
      productId: String(800 + n * 10 + i),
      model: `Model ${s}-${n}`,
      price: 1500,
      cityPrices: { [ALMATY.id]: 1500, [ASTANA.id]: 1600 },
      availabilities,
    })),
  });
  return {
    seed: 5,
    merchants: [],
    products: Array.from({ length: 100 }, (_, i) => ({ id: String(800 + i), title: `Product ${800 + i}` })),
    listings: [],
    ownMerchants: SHOPS.map(own),
    accounts: [],
    orders: [],
  };
}

interface AppliedOffer {
  price: number;
  cityPrices: Record<string, number>;
  availabilities: Record<string, { available: boolean; stockCount: number; preOrder: number }>;
  storefront: Record<string, { price: number; preorder: number } | null>;
}

// Preorders against the simulator: what Kaspi ends up holding per point, what the storefront shows,
// the price-list XLSX, and refusals.
describe('preorders on Kaspi', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  const stores: Record<number, LinkedStore> = {};

  before(async () => {
    // A real clock with a short ingest delay: the storefront shows a push a moment after Kaspi took it.
    sim = await startSimulator({ world: world(), clock: 'real', ingestDelayMs: 300 });
    pool = sharedBrowserPool(1);
    t = await startTestApp({
      sim,
      browserPool: pool,
      env: { SYNC_INTERVAL_HOURS: '0', PREORDER_VERIFY_INTERVAL_SECONDS: '0.1', PREORDER_VERIFY_TIMEOUT_SECONDS: '2', KASPI_WRITES_PER_SECOND: '2' },
    });
    await t.container.startWorkers();
    alice = await registerUser(t.app);
    bob = await registerUser(t.app);
    const points = storePoints([
      { name: 'PP1', city: ALMATY },
      { name: 'PP2', city: ASTANA },
      { name: 'PP3', city: SHYMKENT },
    ]);
    for (const n of SHOPS) stores[n] = await linkStoreDirectly(t, sim, alice, merchantUid(n), points);
  });
  after(async () => {
    await t?.close();
    await pool?.close();
    await sim?.close();
  });
  beforeEach(() => simControl(sim, 'DELETE', '/faults'));

  /** A product as a catalogue sync leaves it: Kaspi's prices, availability per point, public id. */
  async function syncedProduct(shop: number, sku: string) {
    const p = await createProduct(t.app, alice, stores[shop]!.storeId, { kaspi_sku: sku, name: `Model ${sku}`, brand: 'Acme', price: 1500 });
    const offer = world()
      .ownMerchants.find((m) => m.uid === merchantUid(shop))!
      .offers.find((o) => o.sku === sku)!;
    await t.sql(`update products set city_prices = $1::jsonb, availabilities = $2::jsonb, external_kaspi_id = $3 where id = $4`, [
      JSON.stringify([
        { city_id: ALMATY.id, price: 1500 },
        { city_id: ASTANA.id, price: 1600 },
      ]),
      JSON.stringify([
        { point: 'PP1', available: true, stock_count: 4, preorder_days: 0 },
        { point: 'PP2', available: true, stock_count: 2, preorder_days: 0 },
        { point: 'PP3', available: false, stock_count: 0, preorder_days: 0 },
      ]),
      offer.productId,
      p.id,
    ]);
    return p.id;
  }

  const applied = async (shop: number, sku: string) => (await simControl<{ offers: AppliedOffer[] }>(sim, 'GET', `/merchants/${merchantUid(shop)}/prices?sku=${sku}`)).offers[0]!;
  const pricefeedCalls = async (since: number, route = 'mc.pricefeed') =>
    (await simControl<{ requests: { status: number }[] }>(sim, 'GET', `/requests?since=${since}&route=${route}&limit=1000`)).requests;
  const create = (payload: Record<string, unknown>, user = alice) => t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: user.headers, payload });
  const read = async (id: string) => (await t.app.inject({ url: `/api/v1/preorders/${id}/`, headers: alice.headers })).json();
  const settled = (id: string) =>
    waitFor(
      async () => {
        const p = await read(id);
        return p.status === 'pending' ? undefined : p;
      },
      { timeoutMs: 8000, what: `preorder ${id} to leave pending` },
    );

  test('create: one pricefeed call, chosen point on preorder with its quantity, the other points and prices as they were; active once the storefront shows it', async () => {
    const id = await syncedProduct(1, 'A-1');
    const before = await applied(1, 'A-1');
    const since = await simSeq(sim);
    const res = await create({ product_id: id, warehouses: [{ point: 'PP1', quantity: 7 }], delivery_days: 5 });
    assert.equal(res.statusCode, 201, res.body);
    const pre = res.json();
    assert.equal(pre.status, 'pending', 'pending until the storefront shows it');
    assert.ok(pre.pushed_at, `pushed_at is set: ${res.body}`);
    assert.equal((await pricefeedCalls(since)).length, 1, 'one pricefeed call');

    const kaspi = await applied(1, 'A-1');
    assert.deepEqual(kaspi.availabilities['PP1'], { available: true, stockCount: 7, preOrder: 5 });
    assert.deepEqual(kaspi.availabilities['PP2'], before.availabilities['PP2'], 'PP2 (not chosen) stays exactly as it was');
    assert.deepEqual(kaspi.availabilities['PP3'], before.availabilities['PP3'], 'PP3 (not chosen) stays exactly as it was');
    assert.deepEqual([kaspi.price, kaspi.cityPrices], [before.price, before.cityPrices], 'prices kept');

    const product = (await t.app.inject({ url: `/api/v1/products/${id}/`, headers: alice.headers })).json();
    assert.deepEqual(
      product.availabilities.find((a: { point: string }) => a.point === 'PP1'),
      { point: 'PP1', available: true, stock_count: 7, preorder_days: 5 },
    );

    const done = await settled(pre.id);
    assert.equal(done.status, 'active', `activated: ${JSON.stringify(done)}`);
    assert.equal((await applied(1, 'A-1')).storefront[ALMATY.id]!.preorder, 5, 'the storefront shows the preorder in Almaty');

    // A later manual price keeps the preorder flag (it pushes products.availabilities).
    const price = await t.app.inject({ method: 'POST', url: '/api/v1/products/update_price/', headers: alice.headers, payload: { product_id: id, price: 1450 } });
    assert.equal(price.statusCode, 200, price.body);
    assert.equal((await applied(1, 'A-1')).availabilities['PP1']!.preOrder, 5, 'a manual price push keeps the preorder');
  });

  test('change days and points, then remove: points released go back to normal stock; 404 afterwards', async () => {
    const id = await syncedProduct(2, 'A-2');
    const pre = (await create({ product_id: id, warehouses: [{ point: 'PP1', quantity: 3 }], delivery_days: 5 })).json();
    assert.equal(pre.status, 'pending', JSON.stringify(pre));

    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/preorders/${pre.id}/`, headers: alice.headers, payload: { delivery_days: 12, warehouses: [{ point: 'PP2', quantity: 0 }] } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual([patched.json().delivery_days, patched.json().status], [12, 'pending']);
    let kaspi = await applied(2, 'A-2');
    assert.equal(kaspi.availabilities['PP2']!.preOrder, 12, 'PP2 now on preorder');
    assert.equal(kaspi.availabilities['PP1']!.preOrder, 0, 'PP1 released to normal stock');
    assert.equal(kaspi.availabilities['PP1']!.available, true, 'PP1 still on sale');
    assert.equal((await settled(pre.id)).status, 'active');

    const since = await simSeq(sim);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/preorders/${pre.id}/`, headers: alice.headers });
    assert.equal(del.statusCode, 204, del.body);
    assert.equal((await pricefeedCalls(since)).length, 1, 'one pricefeed call to undo it');
    kaspi = await applied(2, 'A-2');
    assert.deepEqual(
      Object.values(kaspi.availabilities).map((a) => [a.available, a.preOrder]),
      [
        [true, 0],
        [true, 0],
        [false, 0],
      ],
      'normal stock, availability unchanged',
    );
    const product = (await t.app.inject({ url: `/api/v1/products/${id}/`, headers: alice.headers })).json();
    assert.ok(
      product.availabilities.every((a: { preorder_days: number }) => a.preorder_days === 0),
      `no preorder left: ${JSON.stringify(product.availabilities)}`,
    );
    assert.equal((await t.app.inject({ url: `/api/v1/preorders/${pre.id}/`, headers: alice.headers })).statusCode, 404);
  });

  test('batch create pushes every item; export XLSX has the price-list columns and one row per preorder; upload reaches Kaspi', async () => {
    const a = await syncedProduct(3, 'A-3');
    const b = await syncedProduct(3, 'B-3');
    const storeId = stores[3]!.storeId;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/preorders/batch/',
      headers: alice.headers,
      payload: {
        store_id: storeId,
        items: [
          { product_id: a, warehouses: [{ point: 'PP1', quantity: 2 }], delivery_days: 4 },
          { product_id: b, warehouses: [{ point: 'PP3', quantity: 9 }], delivery_days: 20 },
        ],
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(
      res.json().map((p: { article: string; status: string }) => [p.article, p.status]),
      [
        ['A-3', 'pending'],
        ['B-3', 'pending'],
      ],
    );
    assert.deepEqual((await applied(3, 'A-3')).availabilities['PP1'], { available: true, stockCount: 2, preOrder: 4 });
    assert.deepEqual((await applied(3, 'B-3')).availabilities['PP3'], { available: true, stockCount: 9, preOrder: 20 }, 'a point not on sale is switched on for the preorder');
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/batch/', headers: alice.headers, payload: { store_id: storeId, items: [{ product_id: a }] } });
    assert.equal(again.statusCode, 409, `a product that has a preorder: ${again.body}`);
    assert.equal(again.json().code, 'preorder_exists');

    const file = await t.app.inject({ url: `/api/v1/preorders/export/?store_id=${storeId}`, headers: alice.headers });
    assert.equal(file.statusCode, 200, file.body);
    assert.match(String(file.headers['content-type']), /spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    assert.deepEqual(
      rows,
      [
        ['SKU', 'model', 'brand', 'price', 'PP1', 'PP3', 'preorder'],
        ['A-3', 'Model A-3', 'Acme', 1500, 2, 'no', 4],
        ['B-3', 'Model B-3', 'Acme', 1500, 4, 9, 20],
      ],
      'columns SKU, model, brand, price, the chosen points, preorder',
    );

    const since = await simSeq(sim);
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/upload/', headers: alice.headers, payload: { store_id: storeId } });
    assert.equal(up.statusCode, 200, up.body);
    assert.deepEqual(up.json(), { store_id: storeId, rows: 2, kaspi: { status: 'success', processed: 2, errors: [] } });
    const uploads = await pricefeedCalls(since, 'mc.upload');
    assert.deepEqual(
      uploads.map((u) => u.status),
      [200],
      'one upload, accepted',
    );
    assert.deepEqual((await applied(3, 'B-3')).availabilities['PP3'], { available: true, stockCount: 9, preOrder: 20 }, 'the sim applied the file');
  });

  test('a push Kaspi refuses answers the error and leaves the preorder failed with the reason; DELETE refused keeps it', async () => {
    const id = await syncedProduct(4, 'A-4');
    await simControl(sim, 'POST', '/faults', { route: 'mc.pricefeed', kind: 'status', status: 500, times: 1 });
    const res = await create({ product_id: id, warehouses: [{ point: 'PP1', quantity: 1 }], delivery_days: 3 });
    assert.equal(res.statusCode, 502, res.body);
    assert.equal(res.json().code, 'kaspi_unavailable');
    const list = (await t.app.inject({ url: `/api/v1/preorders/?store_id=${stores[4]!.storeId}`, headers: alice.headers })).json();
    assert.equal(list.count, 1);
    assert.equal(list.results[0].status, 'failed');
    assert.match(list.results[0].status_reason, /Kaspi did not take the preorder.*500/);
    assert.equal((await applied(4, 'A-4')).availabilities['PP1']!.preOrder, 0, 'nothing changed on Kaspi');

    // Pushed again by a PATCH, then a refused DELETE: the preorder stays.
    const again = await t.app.inject({ method: 'PATCH', url: `/api/v1/preorders/${list.results[0].id}/`, headers: alice.headers, payload: { delivery_days: 6 } });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().status, 'pending');
    await simControl(sim, 'POST', '/faults', { route: 'mc.pricefeed', kind: 'status', status: 500, times: 1 });
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/preorders/${list.results[0].id}/`, headers: alice.headers });
    assert.equal(del.statusCode, 502, del.body);
    assert.equal((await t.app.inject({ url: `/api/v1/preorders/${list.results[0].id}/`, headers: alice.headers })).statusCode, 200, 'still there');
    assert.equal((await applied(4, 'A-4')).availabilities['PP1']!.preOrder, 6, 'still on preorder on Kaspi');
  });

  test('not seen on the storefront within the time limit: failed with what the storefront showed', async () => {
    const id = await syncedProduct(5, 'A-5');
    // Kaspi takes the call but the storefront lags far behind the 2 s limit.
    await simControl(sim, 'PATCH', '/settings', { ingestDelayMs: 60_000 });
    try {
      const res = await create({ product_id: id, warehouses: [{ point: 'PP2', quantity: 1 }], delivery_days: 8 });
      assert.equal(res.statusCode, 201, res.body);
      const done = await settled(res.json().id);
      assert.equal(done.status, 'failed', JSON.stringify(done));
      assert.match(done.status_reason, new RegExp(`did not show it in time.*${ASTANA.id}.*in stock`));
    } finally {
      await simControl(sim, 'PATCH', '/settings', { ingestDelayMs: 300 });
    }
  });

  test("validation: days out of range, unknown or duplicate point, someone else's product or store; nothing sent", async () => {
    const id = await syncedProduct(6, 'A-6');
    const since = await simSeq(sim);
    const bad: [Record<string, unknown>, string][] = [
      [{ delivery_days: 0 }, 'delivery_days'],
      [{ delivery_days: 31 }, 'delivery_days'],
      [{ warehouses: [{ point: 'PP9', quantity: 1 }] }, 'warehouses[0].point'],
      [
        {
          warehouses: [
            { point: 'PP1', quantity: 1 },
            { point: 'PP1', quantity: 2 },
          ],
        },
        'warehouses[1].point',
      ],
    ];
    for (const [extra, field] of bad) {
      const res = await create({ product_id: id, ...extra });
      assert.equal(res.statusCode, 400, `${JSON.stringify(extra)}: ${res.body}`);
      assert.ok(res.json().fields?.[field], `${field} named: ${res.body}`);
    }
    assert.equal((await create({ product_id: id }, bob)).statusCode, 404, "someone else's product");
    const batch = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/batch/', headers: bob.headers, payload: { store_id: stores[6]!.storeId, items: [{ product_id: id }] } });
    assert.equal(batch.statusCode, 404, "someone else's store");
    const badBatch = await t.app.inject({
      method: 'POST',
      url: '/api/v1/preorders/batch/',
      headers: alice.headers,
      payload: {
        store_id: stores[6]!.storeId,
        items: [
          { product_id: id, delivery_days: 3 },
          { product_id: id, delivery_days: 4 },
        ],
      },
    });
    assert.equal(badBatch.statusCode, 400, badBatch.body);
    assert.ok(badBatch.json().fields?.['items[1].product_id'], badBatch.body);
    assert.equal((await pricefeedCalls(since)).length, 0, 'nothing reached Kaspi');
    assert.equal((await t.app.inject({ url: `/api/v1/preorders/?store_id=${stores[6]!.storeId}`, headers: alice.headers })).json().count, 0, 'nothing written');
  });
});
