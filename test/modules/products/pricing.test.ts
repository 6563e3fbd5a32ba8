import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../../sim/server.ts';
import type { OwnMerchantSpec, WorldSpec } from '../../../sim/world/world-types.ts';
import type { BrowserPool } from '../../../src/infra/browser/browser-pool.ts';
import { createProduct, registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore, linkStoreDirectly, SHYMKENT, storePoints } from '../../helpers/linked-store.ts';
import { simControl, simSeq } from '../../helpers/sim.ts';
import { merchantUid } from '../../helpers/sim-worlds.ts';

const BURST_SKUS = ['B-1', 'B-2', 'B-3', 'B-4', 'B-5'];

/** Shops 1..4 with three pickup points; each test works in a shop of its own. */
function world(): WorldSpec {
  const points = [
    { name: 'PP1', cityId: ALMATY.id },
    { name: 'PP2', cityId: ASTANA.id },
    { name: 'PP3', cityId: SHYMKENT.id },
  ];
  // On Kaspi: preorder of 3 days at PP1, in stock at PP2, not sold at PP3.
  const availabilities = [{ point: 'PP1', preOrder: 3 }, { point: 'PP2' }, { point: 'PP3', available: false }];
  const own = (n: number, skus: string[]): OwnMerchantSpec => ({
    uid: merchantUid(n),
    name: `Shop ${n}`,
    points,
    offers: skus.map((sku, i) => ({ sku, productId: String(700 + n * 10 + i), model: `Model ${sku}`, price: 1500, cityPrices: { [ALMATY.id]: 1500, [ASTANA.id]: 1600 }, availabilities })),
  });
  return {
    seed: 3,
    merchants: [],
    products: Array.from({ length: 50 }, (_, i) => ({ id: String(700 + i), title: `Product ${700 + i}` })),
    listings: [],
    ownMerchants: [own(1, ['P-1', 'Q-1']), own(2, ['R-1']), own(3, BURST_SKUS), own(4, ['S-1'])],
    accounts: [],
    orders: [],
  };
}

interface AppliedOffer {
  price: number;
  cityPrices: Record<string, number>;
  availabilities: Record<string, { available: boolean; preOrder: number }>;
}

// Manual price changes against the simulator, budgets in Redis: what Kaspi ends up holding, what the
// history says, and that the write budget keeps the shop clear of Kaspi's ban.
describe('manual prices', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  const stores: Record<number, LinkedStore> = {};

  before(async () => {
    // A real clock: Kaspi's limit is about requests per real second.
    sim = await startSimulator({ world: world(), clock: 'real', ingestDelayMs: 0 });
    pool = sharedBrowserPool(1);
    t = await startTestApp({ sim, browserPool: pool, redis: true, env: { SYNC_INTERVAL_HOURS: '0' } });
    alice = await registerUser(t.app);
    bob = await registerUser(t.app);
    // The store knows PP3 as disabled: a product without availabilities is offered at PP1 and PP2.
    const points = storePoints([
      { name: 'PP1', city: ALMATY },
      { name: 'PP2', city: ASTANA },
      { name: 'PP3', city: SHYMKENT, enabled: false },
    ]);
    for (const n of [1, 2, 3, 4]) stores[n] = await linkStoreDirectly(t, sim, alice, merchantUid(n), points);
  });
  after(async () => {
    await t?.close();
    await pool?.close();
    await sim?.close();
  });
  beforeEach(() => simControl(sim, 'DELETE', '/faults'));

  /** A product as a catalogue sync leaves it: Kaspi's prices and availability per point. */
  async function syncedProduct(store: number, sku: string, extra: Record<string, unknown> = {}) {
    const p = await createProduct(t.app, alice, stores[store]!.storeId, { kaspi_sku: sku, price: 1500, ...extra });
    await t.sql(`update products set city_prices = $1::jsonb, availabilities = $2::jsonb, city_prices_seen_at = now() where id = $3`, [
      JSON.stringify([
        { city_id: ALMATY.id, price: 1500 },
        { city_id: ASTANA.id, price: 1600 },
      ]),
      JSON.stringify([
        { point: 'PP1', available: true, stock_count: 4, preorder_days: 3 },
        { point: 'PP2', available: true, stock_count: 2, preorder_days: 0 },
        { point: 'PP3', available: false, stock_count: 0, preorder_days: 0 },
      ]),
      p.id,
    ]);
    return p.id;
  }

  const updatePrice = (user: TestUser, productId: string, price: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/v1/products/update_price/', headers: user.headers, payload: { product_id: productId, price } });
  const applied = async (store: number, sku: string) => (await simControl<{ offers: AppliedOffer[] }>(sim, 'GET', `/merchants/${merchantUid(store)}/prices?sku=${sku}`)).offers[0]!;
  const pricefeedCalls = async (since: number, store?: number) =>
    (await simControl<{ requests: { at: number; merchant: string | null; status: number }[] }>(sim, 'GET', `/requests?since=${since}&route=mc.pricefeed&limit=1000`)).requests.filter(
      (r) => store === undefined || r.merchant === merchantUid(store),
    );
  const historyOf = async (productId: string, query = '') => {
    const res = await t.app.inject({ url: `/api/v1/products/${productId}/price_history/${query}`, headers: alice.headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  test('update_price: one pricefeed call with every pickup point and its preorder days, base and city prices; history recorded', async () => {
    const id = await syncedProduct(1, 'P-1', { min_price: 1000, max_price: 2000 });
    const since = await simSeq(sim);
    const res = await updatePrice(alice, id, 1400);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      { ...(res.json() as object), message: undefined },
      {
        success: true,
        message: undefined,
        product_id: id,
        old_price: 1500,
        price: 1400,
        city_prices: [
          { city_id: ALMATY.id, price: 1400 },
          { city_id: ASTANA.id, price: 1400 },
        ],
      },
    );
    assert.equal((await pricefeedCalls(since)).length, 1, 'all prices in one call');

    const kaspi = await applied(1, 'P-1');
    assert.equal(kaspi.price, 1400);
    assert.deepEqual(kaspi.cityPrices, { [ALMATY.id]: 1400, [ASTANA.id]: 1400 });
    assert.deepEqual(kaspi.availabilities['PP1'], { available: true, stockCount: 4, preOrder: 3 }, 'preorder days and stock kept');
    assert.equal(kaspi.availabilities['PP2']!.available, true, 'the other point stays on sale');
    assert.equal(kaspi.availabilities['PP2']!.preOrder, 0);
    assert.equal(kaspi.availabilities['PP3']!.available, false);

    const product = (await t.app.inject({ url: `/api/v1/products/${id}/`, headers: alice.headers })).json();
    assert.equal(product.price, 1400);
    assert.deepEqual(product.city_prices, [
      { city_id: ALMATY.id, price: 1400 },
      { city_id: ASTANA.id, price: 1400 },
    ]);

    const history = await historyOf(id);
    assert.equal(history.count, 3);
    assert.deepEqual(
      history.results.map((h: Record<string, unknown>) => [h['city_id'], h['old_price'], h['new_price'], h['source'], h['reason'], h['status'], h['error']]),
      [
        [null, 1500, 1400, 'manual', 'manual', 'pushed', null],
        [ASTANA.id, 1600, 1400, 'manual', 'manual', 'pushed', null],
        [ALMATY.id, 1500, 1400, 'manual', 'manual', 'pushed', null],
      ].sort((a, b) => (a[0] === null ? -1 : b[0] === null ? 1 : String(a[0]).localeCompare(String(b[0])))),
    );

    // Newest first, paginated.
    assert.equal((await updatePrice(alice, id, 1450)).statusCode, 200);
    const page = await historyOf(id, '?page_size=2');
    assert.equal(page.count, 6);
    assert.ok(page.next);
    assert.deepEqual([page.results[0].city_id, page.results[0].old_price, page.results[0].new_price], [null, 1400, 1450]);
  });

  test('PATCH price pushes the same way (store points for a product without availabilities), with the bounds of the same PATCH', async () => {
    const p = await createProduct(t.app, alice, stores[1]!.storeId, { kaspi_sku: 'Q-1', price: 1500 });
    const since = await simSeq(sim);
    const below = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${p.id}/`, headers: alice.headers, payload: { price: 1100, min_price: 1200 } });
    assert.equal(below.statusCode, 400, below.body);
    assert.ok(below.json().fields.price);

    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${p.id}/`, headers: alice.headers, payload: { price: 1700, min_price: 1200 } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().price, res.json().min_price], [1700, 1200]);
    assert.equal((await pricefeedCalls(since)).length, 1);
    const kaspi = await applied(1, 'Q-1');
    assert.equal(kaspi.price, 1700);
    assert.deepEqual(kaspi.cityPrices, {}, 'no city prices known: the base price applies everywhere');
    assert.deepEqual([kaspi.availabilities['PP1']!.available, kaspi.availabilities['PP2']!.available, kaspi.availabilities['PP3']!.available], [true, true, false]);
    const history = await historyOf(p.id);
    assert.deepEqual(
      history.results.map((h: Record<string, unknown>) => [h['city_id'], h['old_price'], h['new_price'], h['status']]),
      [[null, 1500, 1700, 'pushed']],
    );
  });

  test("below min, above max, not a whole price: 400 and nothing sent; someone else's product is a 404", async () => {
    const id = await syncedProduct(1, 'P-1-bounds', { min_price: 1000, max_price: 2000 });
    const since = await simSeq(sim);
    for (const [price, why] of [
      [999, /min_price/],
      [2001, /max_price/],
      [9, /10/],
      [1000.5, /integer/],
    ] as const) {
      const res = await updatePrice(alice, id, price);
      assert.equal(res.statusCode, 400, `${price}: ${res.body}`);
      assert.match(res.json().fields.price, why);
    }
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${id}/`, headers: alice.headers, payload: { price: 2500 } });
    assert.equal(patch.statusCode, 400, patch.body);
    assert.equal((await pricefeedCalls(since)).length, 0);
    assert.equal((await historyOf(id)).count, 0);

    for (const res of [
      await updatePrice(bob, id, 1500),
      await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${id}/`, headers: bob.headers, payload: { price: 1500 } }),
      await t.app.inject({ url: `/api/v1/products/${id}/price_history/`, headers: bob.headers }),
    ])
      assert.equal(res.statusCode, 404, res.body);
    assert.equal((await pricefeedCalls(since)).length, 0);
  });

  test('a 429 from the pricefeed answers 503 and pauses the merchant: no further pricefeed call reaches Kaspi', async () => {
    const id = await syncedProduct(2, 'R-1');
    await simControl(sim, 'POST', '/faults', { route: 'mc.pricefeed', kind: 'status', status: 429, times: 1 });
    const banned = await updatePrice(alice, id, 1300);
    assert.equal(banned.statusCode, 503, banned.body);
    assert.equal(banned.json().code, 'kaspi_rate_limited');
    assert.match(banned.json().detail, /429.*pause/);
    assert.equal(banned.headers['retry-after'], '1800');
    assert.ok((await t.container.budgets.cabinetWrites.pausedForMs(merchantUid(2))) > 1_700_000);

    const since = await simSeq(sim);
    const paused = await updatePrice(alice, id, 1350);
    assert.equal(paused.statusCode, 503, paused.body);
    assert.equal(paused.json().code, 'kaspi_paused');
    assert.ok(Number(paused.headers['retry-after']) > 1700);
    assert.equal((await pricefeedCalls(since)).length, 0, 'the paused merchant sends nothing');

    const product = (await t.app.inject({ url: `/api/v1/products/${id}/`, headers: alice.headers })).json();
    assert.equal(product.price, 1500, 'the price stays what Kaspi holds');
    const history = await historyOf(id);
    const base = history.results.filter((h: Record<string, unknown>) => h['city_id'] === null);
    assert.deepEqual(
      base.map((h: Record<string, unknown>) => [h['new_price'], h['status']]),
      [
        [1350, 'failed'],
        [1300, 'failed'],
      ],
    );
    assert.match(base[1].error, /429/);

    // Other merchants are not affected.
    const other = await syncedProduct(4, 'S-1');
    assert.equal((await updatePrice(alice, other, 1200)).statusCode, 200);
  });

  test("a burst of 5 manual changes is spaced by the merchant's write budget: no ban on Kaspi", async () => {
    const ids = [];
    for (const sku of BURST_SKUS) ids.push(await syncedProduct(3, sku));
    const since = await simSeq(sim);
    const results = await Promise.all(ids.map((id, i) => updatePrice(alice, id, 1200 + i)));
    for (const res of results) assert.equal(res.statusCode, 200, res.body);
    const calls = await pricefeedCalls(since, 3);
    assert.equal(calls.length, 5);
    assert.ok(calls.every((c) => c.status === 200));
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    assert.ok(Math.min(...gaps) >= 500, `calls spaced about 667 ms apart (gaps ${gaps.join(', ')})`);
    const bans = await simControl<{ history: { key: string }[] }>(sim, 'GET', '/bans');
    assert.deepEqual(
      bans.history.filter((b) => b.key.includes(merchantUid(3))),
      [],
    );
    for (const [i, sku] of BURST_SKUS.entries()) assert.equal((await applied(3, sku)).price, 1200 + i);
  });

  test('a store that needs a new Kaspi login answers 409 and sends nothing', async () => {
    const id = await syncedProduct(4, 'S-1-reauth');
    await t.sql(`update kaspi_stores set needs_reauth = true, reauth_reason = 'Kaspi asked for an SMS code' where id = $1`, [stores[4]!.storeId]);
    const since = await simSeq(sim);
    const res = await updatePrice(alice, id, 1300);
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().code, 'kaspi_reauth_required');
    assert.equal((await pricefeedCalls(since)).length, 0);
  });
});
