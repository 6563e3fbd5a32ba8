// Issue 13 part 1, end to end: an offer priced per city in the cabinet (180 000 ₸ in Almaty,
// 181 000 ₸ in Astana) whose city prices we never stored (the cabinet's list shows only the lowest).
// A repricer move in Almaty must leave Astana's price as it was.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../../../sim/server.ts';
import type { WorldSpec } from '../../../../sim/world/world-types.ts';
import { createProduct, registerUser, startTestApp, type TestApp, type TestUser } from '../../../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore, linkStoreDirectly, storePoints } from '../../../helpers/linked-store.ts';
import { simControl } from '../../../helpers/sim.ts';
import { merchantUid } from '../../../helpers/sim-worlds.ts';
import { waitFor } from '../../../helpers/wait.ts';

const C1 = '900001';

function world(): WorldSpec {
  return {
    seed: 9,
    merchants: [{ id: C1, name: 'Rival One', rating: 4.5, reviews: 100 }],
    products: [{ id: '900', title: 'Product 900' }],
    listings: [
      { productId: '900', merchantId: C1, cityId: ALMATY.id, price: 179_500 },
      // Just above us in Astana: nothing to do there.
      { productId: '900', merchantId: C1, cityId: ASTANA.id, price: 181_001 },
    ],
    ownMerchants: [
      {
        uid: merchantUid(3),
        name: 'Shop 3',
        points: [
          { name: 'PP1', cityId: ALMATY.id },
          { name: 'PP2', cityId: ASTANA.id },
        ],
        offers: [{ sku: 'C-900', productId: '900', model: 'Model 900', price: 180_000, cityPrices: { [ALMATY.id]: 180_000, [ASTANA.id]: 181_000 } }],
      },
    ],
    accounts: [],
    orders: [],
  };
}

interface Applied {
  offers: { sku: string; price: number; cityPrices: Record<string, number>; storefront: Record<string, { price: number } | null> }[];
}

describe('a repricer move in one city leaves the other cities’ prices as they were', () => {
  let sim: RunningSimulator;
  let t: TestApp;
  let alice: TestUser;
  let shop: LinkedStore;
  let productId: string;

  before(async () => {
    sim = await startSimulator({ world: world(), clock: 'real', ingestDelayMs: 300 });
    t = await startTestApp({
      sim,
      redis: true,
      env: { SYNC_INTERVAL_HOURS: '0', CARDS_AFTER_SYNC: 'false', SESSION_WATCH_SECONDS: '0', DEMPER_MIN_INTERVAL_SECONDS: '1', DEMPER_VERIFY_DELAY_SECONDS: '0.5', DEMPER_RETRY_SECONDS: '1' },
    });
    alice = await registerUser(t.app);
    shop = await linkStoreDirectly(
      t,
      sim,
      alice,
      merchantUid(3),
      storePoints([
        { name: 'PP1', city: ALMATY },
        { name: 'PP2', city: ASTANA },
      ]),
    );
    // As a sync leaves it: the lowest price only, no city prices, both points available.
    const p = await createProduct(t.app, alice, shop.storeId, { kaspi_sku: 'C-900', name: 'Model 900', price: 180_000, external_kaspi_id: '900', min_price: 170_000, max_price: 200_000 });
    productId = p.id as string;
    await t.sql(`update products set city_prices = '[]', city_prices_seen_at = null, availabilities = $1::jsonb, bot_active = true where id = $2`, [
      JSON.stringify([
        { point: 'PP1', available: true, stock_count: 0, preorder_days: 0 },
        { point: 'PP2', available: true, stock_count: 0, preorder_days: 0 },
      ]),
      productId,
    ]);
    await t.sql(`insert into store_demper_settings (store_id, enabled, check_interval_seconds, priority_interval_seconds) values ($1, true, 1, 1)`, [shop.storeId]);
    await t.container.startWorkers();
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });

  test('Almaty moves to 179 499 ₸; Astana keeps 181 000 ₸ in the cabinet and on the storefront', async () => {
    const applied = async () => (await simControl<Applied>(sim, 'GET', `/merchants/${merchantUid(3)}/prices?sku=C-900`)).offers[0]!;
    await waitFor(async () => ((await applied()).storefront[ALMATY.id]?.price === 179_499 ? true : undefined), { timeoutMs: 30_000, what: 'Almaty at 179 499 on the storefront' });
    const a = await applied();
    assert.deepEqual(a.cityPrices, { [ALMATY.id]: 179_499, [ASTANA.id]: 181_000 });
    assert.equal(a.storefront[ASTANA.id]?.price, 181_000);
    assert.equal(a.price, 179_499, 'the base price is the lowest city price');
    const [row] = await t.sql<{ city_prices: { city_id: string; price: number }[] }>('select city_prices from products where id = $1', [productId]);
    assert.deepEqual(Object.fromEntries(row!.city_prices.map((c) => [c.city_id, c.price])), { [ALMATY.id]: 179_499, [ASTANA.id]: 181_000 });
    const astanaChanges = await t.sql('select 1 from price_history where product_id = $1 and city_id = $2', [productId, ASTANA.id]);
    assert.equal(astanaChanges.length, 0, 'no change was made in Astana');
  });
});
