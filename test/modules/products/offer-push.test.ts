import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../../sim/server.ts';
import type { WorldSpec } from '../../../sim/world/world-types.ts';
import type { BrowserPool } from '../../../src/infra/browser/browser-pool.ts';
import type { ProductRow, StoreRow } from '../../../src/infra/db/schema.ts';
import { offerPush } from '../../../src/modules/products/offer-push.ts';
import { createProduct, registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore, linkStoreDirectly, storePoints } from '../../helpers/linked-store.ts';
import { simControl, simSeq } from '../../helpers/sim.ts';
import { merchantUid } from '../../helpers/sim-worlds.ts';

/** One shop, PP1 in Almaty and PP2 in Astana; the seller priced each city in the cabinet. */
function world(): WorldSpec {
  return {
    seed: 11,
    merchants: [],
    products: [
      { id: '900', title: 'Product 900' },
      { id: '901', title: 'Product 901' },
    ],
    listings: [],
    ownMerchants: [
      {
        uid: merchantUid(1),
        name: 'Shop 1',
        points: [
          { name: 'PP1', cityId: ALMATY.id },
          { name: 'PP2', cityId: ASTANA.id },
        ],
        offers: [
          ...['C-1', 'C-2'].map((sku, i) => ({
            sku,
            productId: String(900 + i),
            model: `Model ${sku}`,
            price: 180_000,
            cityPrices: { [ALMATY.id]: 180_000, [ASTANA.id]: 181_000 },
            availabilities: [
              { point: 'PP1', stockCount: 4 },
              { point: 'PP2', stockCount: 2 },
            ],
          })),
        ],
      },
    ],
    accounts: [],
    orders: [],
  };
}

interface AppliedOffer {
  price: number;
  cityPrices: Record<string, number>;
  availabilities: Record<string, { available: boolean; stockCount: number; preOrder: number }>;
}

// Every push (preorder, manual price, demper) is built from the offer's whole state: a change in one
// city or at one point leaves every other city's price and every other point as they were.
describe('a push changes only what it means to change', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let t: TestApp;
  let alice: TestUser;
  let store: LinkedStore;

  before(async () => {
    sim = await startSimulator({ world: world(), clock: 'real', ingestDelayMs: 0 });
    pool = sharedBrowserPool(1);
    t = await startTestApp({ sim, browserPool: pool, env: { SYNC_INTERVAL_HOURS: '0', PREORDER_VERIFY_INTERVAL_SECONDS: '60' } });
    alice = await registerUser(t.app);
    store = await linkStoreDirectly(
      t,
      sim,
      alice,
      merchantUid(1),
      storePoints([
        { name: 'PP1', city: ALMATY },
        { name: 'PP2', city: ASTANA },
      ]),
    );
  });
  after(async () => {
    await t?.close();
    await pool?.close();
    await sim?.close();
  });

  const applied = async (sku = 'C-1') => (await simControl<{ offers: AppliedOffer[] }>(sim, 'GET', `/merchants/${merchantUid(1)}/prices?sku=${sku}`)).offers[0]!;

  const storefrontReads = async (since: number) => (await simControl<{ requests: unknown[] }>(sim, 'GET', `/requests?since=${since}&route=storefront.offers&limit=1000`)).requests.length;

  /** A product as the catalogue sync leaves it: the cabinet's lowest price, no city prices, its points. */
  async function syncedProduct(sku: string, externalId: string | null) {
    const p = await createProduct(t.app, alice, store.storeId, { kaspi_sku: sku, name: `Model ${sku}`, price: 180_000 });
    await t.sql(`update products set availabilities = $1::jsonb, external_kaspi_id = $2 where id = $3`, [
      JSON.stringify([
        { point: 'PP1', available: true, stock_count: 4, preorder_days: 0 },
        { point: 'PP2', available: true, stock_count: 2, preorder_days: 0 },
      ]),
      externalId,
      p.id,
    ]);
    return p;
  }

  test('a preorder, a change of its days and a manual price for Almaty only leave Astana at 181 000 and the preorder stock in place', async () => {
    const since = await simSeq(sim);
    // As a sync leaves it: 180 000 (the cabinet's lowest), no city prices; the storefront shows both.
    const p = await syncedProduct('C-1', '900');
    const pre = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: alice.headers, payload: { product_id: p.id, warehouses: [{ point: 'PP1', quantity: 7 }], delivery_days: 5 } });
    assert.equal(pre.statusCode, 201, pre.body);
    let kaspi = await applied();
    assert.deepEqual(kaspi.cityPrices, { [ALMATY.id]: 180_000, [ASTANA.id]: 181_000 }, 'preorder: prices kept');
    assert.deepEqual(kaspi.availabilities['PP1'], { available: true, stockCount: 7, preOrder: 5 });
    assert.deepEqual(kaspi.availabilities['PP2'], { available: true, stockCount: 2, preOrder: 0 });
    const product = (await t.app.inject({ url: `/api/v1/products/${p.id}/`, headers: alice.headers })).json();
    assert.deepEqual(product.city_prices, [
      { city_id: ALMATY.id, price: 180_000 },
      { city_id: ASTANA.id, price: 181_000 },
    ]);
    assert.equal(await storefrontReads(since), 2, 'the city prices were read once, one read per city');

    const days = await t.app.inject({ method: 'PATCH', url: `/api/v1/preorders/${pre.json().id}/`, headers: alice.headers, payload: { delivery_days: 9 } });
    assert.equal(days.statusCode, 200, days.body);
    kaspi = await applied();
    assert.deepEqual(kaspi.cityPrices, { [ALMATY.id]: 180_000, [ASTANA.id]: 181_000 }, 'preorder days: prices kept');
    assert.equal(kaspi.availabilities['PP1']!.preOrder, 9);

    const price = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products/update_price/',
      headers: alice.headers,
      payload: { product_id: p.id, price: 179_500, city_id: ALMATY.id },
    });
    assert.equal(price.statusCode, 200, price.body);
    assert.deepEqual(price.json().city_prices, [
      { city_id: ALMATY.id, price: 179_500 },
      { city_id: ASTANA.id, price: 181_000 },
    ]);
    assert.equal(price.json().price, 179_500, 'the base price is the lowest city price');
    kaspi = await applied();
    assert.deepEqual(kaspi.cityPrices, { [ALMATY.id]: 179_500, [ASTANA.id]: 181_000 }, 'manual price for Almaty: Astana kept');
    assert.deepEqual(kaspi.availabilities['PP1'], { available: true, stockCount: 7, preOrder: 9 }, 'manual price: preorder stock kept');
    assert.deepEqual(kaspi.availabilities['PP2'], { available: true, stockCount: 2, preOrder: 0 });

    const history = (await t.app.inject({ url: `/api/v1/products/${p.id}/price_history/`, headers: alice.headers })).json();
    assert.deepEqual(
      history.results.map((h: Record<string, unknown>) => [h['city_id'], h['old_price'], h['new_price']]).sort(),
      [
        [null, 180_000, 179_500],
        [ALMATY.id, 180_000, 179_500],
      ].sort(),
      'only Almaty (and the base, its lowest) changed',
    );

    assert.equal(await storefrontReads(since), 2, 'pushes of ours keep the city prices known: no more reads');

    const nowhere = await t.app.inject({ method: 'POST', url: '/api/v1/products/update_price/', headers: alice.headers, payload: { product_id: p.id, price: 179_000, city_id: '999' } });
    assert.equal(nowhere.statusCode, 400, nowhere.body);
    assert.ok(nowhere.json().fields.city_id);
  });

  test('a push that cannot learn the city prices sends nothing and says why', async () => {
    const p = await syncedProduct('C-2', null);
    const since = await simSeq(sim);
    const pre = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: alice.headers, payload: { product_id: p.id, warehouses: [{ point: 'PP1', quantity: 1 }], delivery_days: 5 } });
    assert.equal(pre.statusCode, 409, pre.body);
    assert.equal(pre.json().code, 'city_prices_unknown');
    assert.match(pre.json().detail, /price in each city is not known/);
    const price = await t.app.inject({ method: 'POST', url: '/api/v1/products/update_price/', headers: alice.headers, payload: { product_id: p.id, price: 179_000, city_id: ALMATY.id } });
    assert.equal(price.statusCode, 409, price.body);
    assert.equal(price.json().code, 'city_prices_unknown');
    assert.equal((await simControl<{ requests: unknown[] }>(sim, 'GET', `/requests?since=${since}&route=mc.pricefeed`)).requests.length, 0, 'nothing sent');
    assert.deepEqual((await applied('C-2')).cityPrices, { [ALMATY.id]: 180_000, [ASTANA.id]: 181_000 });
  });

  test('a demper move in Almaty names Astana at its price too, also when Astana has no price of its own (the base holds there)', () => {
    const storeRow = {
      merchantId: '30141222',
      points: [
        { name: 'PP1', city_id: ALMATY.id, city_name: ALMATY.name, enabled: true },
        { name: 'PP2', city_id: ASTANA.id, city_name: ASTANA.name, enabled: true },
      ],
    } as StoreRow;
    const availabilities = [
      { point: 'PP1', available: true, stock_count: 7, preorder_days: 5 },
      { point: 'PP2', available: true, stock_count: 2, preorder_days: 0 },
    ];
    const product = { kaspiSku: 'C-1', name: 'Model C-1', price: 180_000, cityPrices: [], availabilities } as unknown as ProductRow;
    const move = { cityPrices: [{ cityId: ALMATY.id, price: 179_000 }] };

    const unpriced = offerPush(product, storeRow, move);
    assert.deepEqual(unpriced.body.cityPrices, [
      { cityId: ALMATY.id, value: 179_000 },
      { cityId: ASTANA.id, value: 180_000 },
    ]);
    assert.equal(unpriced.body.price, 179_000);

    const priced = offerPush(
      {
        ...product,
        cityPrices: [
          { city_id: ALMATY.id, price: 180_000 },
          { city_id: ASTANA.id, price: 181_000 },
        ],
      },
      storeRow,
      move,
    );
    assert.deepEqual(priced.cityPrices, [
      { city_id: ALMATY.id, price: 179_000 },
      { city_id: ASTANA.id, price: 181_000 },
    ]);
    assert.deepEqual(priced.body.availabilities, [
      { available: 'yes', storeId: '30141222_PP1', stockEnabled: true, stockCount: 7, preOrder: 5 },
      { available: 'yes', storeId: '30141222_PP2', stockEnabled: true, stockCount: 2 },
    ]);
  });
});
