import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../../../sim/server.ts';
import type { WorldSpec } from '../../../../sim/world/world-types.ts';
import type { BrowserPool } from '../../../../src/infra/browser/browser-pool.ts';
import { createProduct, registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore, linkStoreDirectly, storePoints } from '../../../helpers/linked-store.ts';
import { simControl } from '../../../helpers/sim.ts';
import { merchantUid } from '../../../helpers/sim-worlds.ts';
import { waitFor } from '../../../helpers/wait.ts';

/** waitFor for a yes/no condition. */
const until = (check: () => Promise<boolean>, opts: { timeoutMs: number; what: string }) => waitFor(async () => ((await check()) ? true : undefined), opts);

const C1 = '900001';
const C2 = '900002';

/**
 * Our shop 1 sells three products in Almaty and Astana against two static competitors; shop 2 (same
 * user) sells product 801 too, and must never be treated as a competitor.
 */
function world(): WorldSpec {
  const points = [
    { name: 'PP1', cityId: ALMATY.id },
    { name: 'PP2', cityId: ASTANA.id },
  ];
  const offer = (sku: string, productId: string, price: number) => ({ sku, productId, model: `Model ${sku}`, price, cityPrices: { [ALMATY.id]: price, [ASTANA.id]: price } });
  return {
    seed: 6,
    merchants: [
      { id: C1, name: 'Rival One', rating: 4.5, reviews: 100 },
      { id: C2, name: 'Rival Two', rating: 4.9, reviews: 300 },
    ],
    products: [800, 801, 802, 803].map((id) => ({ id: String(id), title: `Product ${id}` })),
    listings: [
      // 800: leader 1000 in Almaty, 1050 in Astana.
      { productId: '800', merchantId: C1, cityId: ALMATY.id, price: 1000 },
      { productId: '800', merchantId: C2, cityId: ALMATY.id, price: 1100 },
      { productId: '800', merchantId: C1, cityId: ASTANA.id, price: 1050 },
      // 801: a competitor below our floor.
      { productId: '801', merchantId: C1, cityId: ALMATY.id, price: 500 },
      { productId: '801', merchantId: C1, cityId: ASTANA.id, price: 500 },
      // 802: competitors far above us: we rise to our max.
      { productId: '802', merchantId: C2, cityId: ALMATY.id, price: 3000 },
      { productId: '802', merchantId: C2, cityId: ASTANA.id, price: 3000 },
    ],
    ownMerchants: [
      { uid: merchantUid(1), name: 'Shop 1', points, offers: [offer('A-800', '800', 1200), offer('A-801', '801', 1000), offer('A-802', '802', 1000), offer('A-803', '803', 1000)] },
      { uid: merchantUid(2), name: 'Shop 2', points, offers: [offer('B-801', '801', 600)] },
    ],
    accounts: [],
    orders: [],
  };
}

interface Applied {
  offers: { sku: string; price: number; cityPrices: Record<string, number>; storefront: Record<string, { price: number } | null> }[];
}

describe('demper runner against the simulator', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let t: TestApp;
  let alice: TestUser;
  let shop1: LinkedStore;
  let shop2: LinkedStore;
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
        DEMPER_MIN_INTERVAL_SECONDS: '1',
        DEMPER_VERIFY_DELAY_SECONDS: '0.5',
        DEMPER_MARKET_MAX_AGE_SECONDS: '2',
        DEMPER_RETRY_SECONDS: '1',
      },
    });
    alice = await registerUser(t.app);
    const points = storePoints([
      { name: 'PP1', city: ALMATY },
      { name: 'PP2', city: ASTANA },
    ]);
    shop1 = await linkStoreDirectly(t, sim, alice, merchantUid(1), points);
    shop2 = await linkStoreDirectly(t, sim, alice, merchantUid(2), points);
    const product = async (store: LinkedStore, sku: string, externalId: string, price: number, rules: Record<string, unknown>, preorderAtPP1 = 0) => {
      const p = await createProduct(t.app, alice, store.storeId, { kaspi_sku: sku, price, external_kaspi_id: externalId, ...rules });
      await t.sql(`update products set city_prices = $1::jsonb, availabilities = $2::jsonb, bot_active = true where id = $3`, [
        JSON.stringify([
          { city_id: ALMATY.id, price },
          { city_id: ASTANA.id, price },
        ]),
        JSON.stringify([
          { point: 'PP1', available: true, stock_count: preorderAtPP1 ? 3 : 0, preorder_days: preorderAtPP1 },
          { point: 'PP2', available: true, stock_count: 0, preorder_days: 0 },
        ]),
        p.id,
      ]);
      return p.id as string;
    };
    ids['800'] = await product(shop1, 'A-800', '800', 1200, { min_price: 900, max_price: 1500 });
    ids['801'] = await product(shop1, 'A-801', '801', 1000, { min_price: 800, max_price: 1500 });
    // 802 is on preorder (5 days) at PP1: repricing must keep it so.
    ids['802'] = await product(shop1, 'A-802', '802', 1000, { min_price: 900, max_price: 1900 }, 5);
    // Shop 2's demper stays off: its product is there only to be ignored as a competitor.
    await product(shop2, 'B-801', '801', 600, { min_price: 600, max_price: 700 });
    await t.sql(`update products set bot_active = false where store_id = $1`, [shop2.storeId]);
    await t.sql(`insert into store_demper_settings (store_id, enabled, check_interval_seconds, priority_interval_seconds) values ($1, true, 1, 1)`, [shop1.storeId]);
    await t.container.startWorkers();
  });
  after(async () => {
    await t?.close();
    await pool?.close();
    await sim?.close();
  });

  const applied = async (sku: string) => (await simControl<Applied>(sim, 'GET', `/merchants/${merchantUid(1)}/prices?sku=${sku}`)).offers[0]!;

  test('prices converge to the places the rules ask for, city by city, and the storefront shows them', async () => {
    await until(
      async () => {
        const a = await applied('A-800');
        return a.cityPrices[ALMATY.id] === 999 && a.cityPrices[ASTANA.id] === 1049;
      },
      { timeoutMs: 30_000, what: 'A-800 at 999 in Almaty and 1049 in Astana' },
    );
    // Our other shop at 600 is not a competitor; C1 at 500 is below our floor: hold at min.
    await until(
      async () => {
        const a = await applied('A-801');
        return a.cityPrices[ALMATY.id] === 800 && a.cityPrices[ASTANA.id] === 800;
      },
      { timeoutMs: 30_000, what: 'A-801 at its floor 800' },
    );
    await until(async () => (await applied('A-802')).cityPrices[ALMATY.id] === 1900, { timeoutMs: 30_000, what: 'A-802 raised to its max 1900' });
    const a802 = (await applied('A-802')) as unknown as { availabilities: Record<string, { available: boolean; preOrder: number }> };
    assert.equal(a802.availabilities['PP1']?.preOrder, 5, 'the preorder at PP1 survives repricing');
    assert.equal(a802.availabilities['PP2']?.preOrder ?? 0, 0, 'PP2 stays in stock');
    const a800 = await applied('A-800');
    assert.equal(a800.price, 999, 'the base price is the lowest city price');
    // Product 803 was never enabled: untouched.
    assert.equal((await applied('A-803')).price, 1000, 'a product not enabled is never pushed');
  });

  test('every change is in the price history, verified on the storefront with the place we got', async () => {
    await until(
      async () => {
        // The newest change per city shows on the storefront; an older one may have been replaced before it showed.
        const rows = await t.sql<{ status: string; city_id: string }>(`select status, city_id from price_history where product_id = $1 and source = 'demper' order by created_at desc`, [ids['800']]);
        const newest = [ALMATY.id, ASTANA.id].map((c) => rows.find((r) => r.city_id === c)?.status);
        return rows.length > 0 && newest.every((s) => s === 'applied') && rows.every((r) => r.status === 'applied' || r.status === 'superseded');
      },
      { timeoutMs: 20_000, what: 'A-800 changes verified' },
    );
    const rows = await t.sql<{ city_id: string; old_price: number; new_price: number; reason: string; strategy: string; competitor_price: number; position: number; actual_position: number }>(
      `select * from price_history where product_id = $1 and source = 'demper' order by created_at desc, city_id`,
      [ids['800']],
    );
    const lastAlmaty = rows.find((r) => r.city_id === ALMATY.id)!;
    assert.equal(lastAlmaty.new_price, 999, 'last Almaty change is to 999');
    assert.equal(lastAlmaty.competitor_price, 1000, 'aimed at the leader');
    assert.equal(lastAlmaty.strategy, 'beat_first', 'strategy recorded');
    assert.equal(lastAlmaty.position, 1, 'expected first');
    assert.equal(lastAlmaty.actual_position, 1, 'and first on the storefront');
    // The catalogue's summary of the last check: our place and the cheapest competitor per city.
    const summary = await waitFor(
      async () => {
        const [row] = await t.sql<{ market: { city_id: string; place: number | null; cheapest_competitor_price: number | null }[]; best_place: number | null }>(
          'select market, best_place from products where id = $1',
          [ids['800']],
        );
        return row?.market.length === 2 && row.market.every((m) => m.place === 1) ? row : undefined;
      },
      { timeoutMs: 20_000, what: "A-800's market summary: first in both cities" },
    );
    assert.deepEqual(
      summary.market.map((m) => [m.city_id, m.cheapest_competitor_price]).sort(),
      [
        [ALMATY.id, 1000],
        [ASTANA.id, 1050],
      ].sort(),
    );
    assert.equal(summary.best_place, 1);
    // 1200 -> 999 is more than the 10 % max drop: two steps.
    assert.ok(
      rows.some((r) => r.city_id === ALMATY.id && r.reason === 'max_drop_capped' && r.new_price === 1080),
      'the first step was capped at 10 %',
    );

    const product = (await t.app.inject({ method: 'GET', url: `/api/v1/products/${ids['800']}/`, headers: { authorization: `Bearer ${alice.token}` } })).json();
    assert.equal(product.price, 999, 'product base price updated');
    assert.deepEqual(
      [...product.city_prices].sort((x: { city_id: string }, y: { city_id: string }) => x.city_id.localeCompare(y.city_id)),
      [
        { city_id: ASTANA.id, price: 1049 },
        { city_id: ALMATY.id, price: 999 },
      ].sort((x, y) => x.city_id.localeCompare(y.city_id)),
      'city prices updated',
    );
  });

  test('a competitor undercutting us is answered, within the write budget and without any ban', async () => {
    await simControl(sim, 'POST', '/competitors/price', { productId: '800', merchantId: C1, cityId: ALMATY.id, price: 950 });
    await until(async () => (await applied('A-800')).cityPrices[ALMATY.id] === 949, { timeoutMs: 20_000, what: 'A-800 answers at 949' });
    const bans = await simControl<{ counts: Record<string, number> }>(sim, 'GET', '/bans');
    assert.equal(
      Object.values(bans.counts).reduce((a, b) => a + b, 0),
      0,
      `no bans: ${JSON.stringify(bans.counts)}`,
    );
    const log = await simControl<{ requests: { at: number }[] }>(sim, 'GET', `/requests?route=mc.pricefeed&merchant=${merchantUid(1)}`);
    const times = log.requests
      .map((r) => Number(r.at))
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    assert.ok(times.length >= 3, `pricefeed calls logged with times (${times.length})`);
    // The budget grants 1.5 writes/s. What reaches Kaspi can bunch up by the event loop's lag (a gap
    // of 540 ms was seen on a loaded machine), so the test holds what matters: Kaspi's own limit (never
    // three writes within a second) and the budget's pace on average.
    for (let i = 2; i < times.length; i++) assert.ok(times[i]! - times[i - 2]! >= 1000, `three writes within a second: ${times.slice(i - 2, i + 1).join(', ')}`);
    const meanGap = (times.at(-1)! - times[0]!) / (times.length - 1);
    assert.ok(meanGap >= 600, `writes average ${Math.round(meanGap)} ms apart (the budget allows one per 667 ms)`);
  });

  test('a storefront answer we cannot trust (anti-bot page) is a hold with the error, never a price change', async () => {
    const before = (await applied('A-802')).price;
    const fault = await simControl<{ id: number }>(sim, 'POST', '/faults', { route: 'storefront.offers', kind: 'antibot' });
    await simControl(sim, 'POST', '/competitors/price', { productId: '802', merchantId: C2, cityId: ALMATY.id, price: 1000 });
    await until(
      async () => {
        const [row] = await t.sql<{ demper_state: { error: string | null } | null }>(`select demper_state from products where id = $1`, [ids['802']]);
        return Boolean(row?.demper_state?.error);
      },
      { timeoutMs: 15_000, what: 'the read error recorded on the product' },
    );
    assert.equal((await applied('A-802')).price, before, 'no change while the market cannot be read');
    await simControl(sim, 'DELETE', `/faults/${fault.id}`);
  });

  test("one storefront read serves every shop selling the product: the other shop's check is pulled forward", async () => {
    // Shop 2 reprices 801 too, but only every hour (uniform), and its next check is twenty minutes away.
    const [b801] = await t.sql<{ id: string }>(`select id from products where store_id = $1`, [shop2.storeId]);
    await t.sql(`insert into store_demper_settings (store_id, enabled, check_interval_seconds, priority_interval_seconds, scheduler) values ($1, true, 3600, 3600, 'uniform')`, [shop2.storeId]);
    await t.sql(`update products set bot_active = true, next_check_at = now() + interval '20 minutes', last_check_time = null where id = $1`, [b801!.id]);
    await until(
      async () => {
        const [row] = await t.sql<{ last_check_time: Date | null; next_check_at: Date }>(`select last_check_time, next_check_at from products where id = $1`, [b801!.id]);
        return row?.last_check_time != null;
      },
      { timeoutMs: 15_000, what: "shop 2's product checked alongside shop 1's" },
    );
    const [row] = await t.sql<{ next_check_at: Date }>(`select next_check_at from products where id = $1`, [b801!.id]);
    assert.ok(row!.next_check_at.getTime() > Date.now() + 3_000_000, `then back on its own hourly schedule (next ${row!.next_check_at.toISOString()})`);
    await t.sql(`update products set bot_active = false where id = $1`, [b801!.id]);
  });

  test('a store that needs a new login is not repriced; its products wait', async () => {
    await t.sql(`update kaspi_stores set needs_reauth = true where id = $1`, [shop1.storeId]);
    await new Promise((r) => setTimeout(r, 1500));
    const before = (await t.sql<{ n: number }>(`select count(*)::int as n from price_history where store_id = $1`, [shop1.storeId]))[0]!.n;
    await simControl(sim, 'POST', '/competitors/price', { productId: '800', merchantId: C1, cityId: ASTANA.id, price: 1001 });
    await new Promise((r) => setTimeout(r, 3000));
    const afterCount = (await t.sql<{ n: number }>(`select count(*)::int as n from price_history where store_id = $1`, [shop1.storeId]))[0]!.n;
    assert.equal(afterCount, before, 'no changes while the store needs a login');
    await t.sql(`update kaspi_stores set needs_reauth = false where id = $1`, [shop1.storeId]);
    await until(async () => (await applied('A-800')).cityPrices[ASTANA.id] === 1000, { timeoutMs: 20_000, what: 'Astana answered after the login came back' });
  });
});
