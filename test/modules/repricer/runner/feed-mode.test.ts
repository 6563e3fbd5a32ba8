// The demper's prices through the XML feed: a shop in `fallback` keeps its prices moving when its
// session dies (the simulator pulls the feed like Kaspi and its storefront shows the new price), and
// a shop in `only` never calls the pricefeed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../../../sim/server.ts';
import type { WorldSpec } from '../../../../sim/world/world-types.ts';
import type { BrowserPool } from '../../../../src/infra/browser/browser-pool.ts';
import { createProduct, registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore, linkStoreDirectly, storePoints } from '../../../helpers/linked-store.ts';
import { simControl, simRequests } from '../../../helpers/sim.ts';
import { merchantUid, PASSWORD } from '../../../helpers/sim-worlds.ts';
import { waitFor } from '../../../helpers/wait.ts';

const until = (check: () => Promise<boolean>, opts: { timeoutMs: number; what: string }) => waitFor(async () => ((await check()) ? true : undefined), opts);

const C1 = '900001';

function world(): WorldSpec {
  const points = [
    { name: 'PP1', cityId: ALMATY.id },
    { name: 'PP2', cityId: ASTANA.id },
  ];
  const offer = (sku: string, productId: string, price: number) => ({ sku, productId, model: `Model ${sku}`, price, cityPrices: { [ALMATY.id]: price, [ASTANA.id]: price } });
  return {
    seed: 7,
    merchants: [{ id: C1, name: 'Rival One', rating: 4.5, reviews: 100 }],
    products: [800, 801, 803].map((id) => ({ id: String(id), title: `Product ${id}` })),
    listings: [
      { productId: '800', merchantId: C1, cityId: ALMATY.id, price: 1000 },
      { productId: '800', merchantId: C1, cityId: ASTANA.id, price: 1050 },
      { productId: '801', merchantId: C1, cityId: ALMATY.id, price: 1100 },
      { productId: '801', merchantId: C1, cityId: ASTANA.id, price: 1150 },
    ],
    ownMerchants: [
      // 803 is not repriced: it must stay on sale through every pull of the feed.
      { uid: merchantUid(1), name: 'Shop 1', points, offers: [offer('A-800', '800', 1200), offer('A-803', '803', 1000)] },
      { uid: merchantUid(2), name: 'Shop 2', points, offers: [offer('B-801', '801', 1300)] },
    ],
    accounts: [],
    orders: [],
  };
}

interface Applied {
  offers: { sku: string; price: number; cityPrices: Record<string, number>; storefront: Record<string, { price: number } | null> }[];
}

describe('demper prices through the XML feed', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let t: TestApp;
  let alice: TestUser;
  let shop1: LinkedStore;
  let shop2: LinkedStore;
  let origin: string;
  const ids: Record<string, string> = {};

  before(async () => {
    sim = await startSimulator({ world: world(), clock: 'real', ingestDelayMs: 300 });
    pool = sharedBrowserPool(1);
    t = await startTestApp({
      sim,
      browserPool: pool,
      redis: true,
      env: {
        SYNC_INTERVAL_HOURS: '0',
        CARDS_AFTER_SYNC: 'false',
        SESSION_WATCH_SECONDS: '0',
        DEMPER_MIN_INTERVAL_SECONDS: '1',
        DEMPER_VERIFY_DELAY_SECONDS: '0.5',
        DEMPER_MARKET_MAX_AGE_SECONDS: '1',
        DEMPER_RETRY_SECONDS: '1',
        FEED_VERIFY_SECONDS: '60',
      },
    });
    // Kaspi pulls the feed over HTTP: the API listens.
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    alice = await registerUser(t.app);
    const points = storePoints([
      { name: 'PP1', city: ALMATY },
      { name: 'PP2', city: ASTANA },
    ]);
    shop1 = await linkStoreDirectly(t, sim, alice, merchantUid(1), points);
    shop2 = await linkStoreDirectly(t, sim, alice, merchantUid(2), points);
    const product = async (store: LinkedStore, sku: string, externalId: string, price: number, rules: Record<string, unknown>, botActive: boolean) => {
      const p = await createProduct(t.app, alice, store.storeId, { kaspi_sku: sku, name: `Model ${sku}`, price, external_kaspi_id: externalId, ...rules });
      await t.sql(`update products set city_prices = $1::jsonb, availabilities = $2::jsonb, bot_active = $3 where id = $4`, [
        JSON.stringify([
          { city_id: ALMATY.id, price },
          { city_id: ASTANA.id, price },
        ]),
        JSON.stringify([
          { point: 'PP1', available: true, stock_count: 0, preorder_days: 0 },
          { point: 'PP2', available: true, stock_count: 0, preorder_days: 0 },
        ]),
        botActive,
        p.id,
      ]);
      return p.id as string;
    };
    ids['800'] = await product(shop1, 'A-800', '800', 1200, { min_price: 900, max_price: 1500 }, true);
    ids['803'] = await product(shop1, 'A-803', '803', 1000, {}, false);
    ids['801'] = await product(shop2, 'B-801', '801', 1300, { min_price: 900, max_price: 1500 }, true);
    await t.sql(`insert into store_demper_settings (store_id, enabled, check_interval_seconds, priority_interval_seconds, feed_mode) values ($1, true, 1, 1, 'fallback'), ($2, true, 1, 1, 'only')`, [
      shop1.storeId,
      shop2.storeId,
    ]);
    await t.container.startWorkers();
  });
  after(async () => {
    await t?.close();
    await pool?.close();
    await sim?.close();
  });

  const applied = async (uid: string, sku: string) => (await simControl<Applied>(sim, 'GET', `/merchants/${uid}/prices?sku=${sku}`)).offers[0]!;
  const feedUrlOf = async (storeId: string) => {
    const url = (await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/`, headers: alice.headers })).json().feed_url as string;
    return `${origin}${new URL(url).pathname}`;
  };
  const pullsOf = async (uid: string) => (await simControl<{ pulls: { outcome: string; offSale?: number; reason?: string }[] }>(sim, 'GET', `/merchants/${uid}/feed`)).pulls;

  test('fallback: the pricefeed while the session lives, the feed once it needs an SMS login', async () => {
    const uid = merchantUid(1);
    await until(async () => (await applied(uid, 'A-800')).cityPrices[ALMATY.id] === 999, { timeoutMs: 30_000, what: 'A-800 at 999 in Almaty through the pricefeed' });
    const before = await t.sql<{ via: string }>(`select distinct via from price_history where product_id = $1`, [ids['800']]);
    assert.deepEqual(
      before.map((r) => r.via),
      ['pricefeed'],
    );

    // Kaspi pulls the shop's feed every 0.5-1 s; then the session dies and a new login needs an SMS code.
    await simControl(sim, 'PUT', `/merchants/${uid}/feed`, { url: await feedUrlOf(shop1.storeId), periodMinMs: 500, periodMaxMs: 1000 });
    sim.control.accounts.upsert({ email: shop1.email, password: PASSWORD, merchants: [uid], smsRequired: true });
    await simControl(sim, 'POST', '/sessions/expire', { email: shop1.email });
    await simControl(sim, 'POST', '/competitors/price', { productId: '800', merchantId: C1, cityId: ALMATY.id, price: 950 });

    await until(async () => (await applied(uid, 'A-800')).storefront[ALMATY.id]?.price === 949, { timeoutMs: 60_000, what: 'the storefront shows 949 in Almaty, from the feed' });
    const a800 = await applied(uid, 'A-800');
    assert.equal(a800.storefront[ASTANA.id]?.price, 1049, 'Astana keeps its price');
    const store = (await t.app.inject({ url: `/api/v1/kaspi/stores/${shop1.storeId}/`, headers: alice.headers })).json();
    assert.equal(store.needs_reauth, true, 'the session needs an SMS login');
    const rows = await t.sql<{ via: string; status: string; new_price: number }>(`select via, status, new_price from price_history where product_id = $1 and city_id = $2 order by created_at desc`, [
      ids['800'],
      ALMATY.id,
    ]);
    assert.equal(rows[0]!.new_price, 949);
    assert.equal(rows[0]!.via, 'feed');
    // The storefront confirms it like any change.
    await until(
      async () => (await t.sql<{ status: string }>(`select status from price_history where product_id = $1 and city_id = $2 and new_price = 949`, [ids['800'], ALMATY.id]))[0]?.status === 'applied',
      { timeoutMs: 20_000, what: 'the feed change verified on the storefront' },
    );
    const history = (await t.app.inject({ url: `/api/v1/products/${ids['800']}/price_history/`, headers: alice.headers })).json();
    assert.equal(history.results[0].via, 'feed');
    const status = (await t.app.inject({ url: `/api/v1/kaspi/stores/${shop1.storeId}/demper/status/`, headers: alice.headers })).json();
    assert.equal(status.via, 'feed');
    assert.equal(status.feed_mode, 'fallback');
    assert.ok(status.feed_last_pulled_at, 'the last pull is shown');

    // No offer was taken off sale by a pull, and every document was valid.
    const pulls = await pullsOf(uid);
    assert.ok(pulls.length > 0);
    for (const p of pulls) {
      assert.notEqual(p.outcome, 'refused', p.reason);
      assert.equal(p.offSale ?? 0, 0);
    }
    const a803 = await applied(uid, 'A-803');
    assert.equal(a803.storefront[ALMATY.id]?.price, 1000, 'the product not repriced stays on sale');
  });

  test('only: every decision goes into the feed, and the pricefeed is never called', async () => {
    const uid = merchantUid(2);
    await simControl(sim, 'PUT', `/merchants/${uid}/feed`, { url: await feedUrlOf(shop2.storeId), periodMinMs: 500, periodMaxMs: 1000 });
    await until(
      async () => {
        const b = await applied(uid, 'B-801');
        return b.storefront[ALMATY.id]?.price === 1099 && b.storefront[ASTANA.id]?.price === 1149;
      },
      { timeoutMs: 60_000, what: 'B-801 at 1099 / 1149 on the storefront, from the feed' },
    );
    const calls = await simRequests(sim, { route: 'mc.pricefeed', merchant: uid });
    assert.equal(calls.length, 0, 'no pricefeed call for the shop in `only`');
    const vias = await t.sql<{ via: string }>(`select distinct via from price_history where product_id = $1`, [ids['801']]);
    assert.deepEqual(
      vias.map((r) => r.via),
      ['feed'],
    );
  });
});
