import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../../../sim/server.ts';
import type { ListingSpec, WorldSpec } from '../../../../sim/world/world-types.ts';
import type { BrowserPool } from '../../../../src/infra/browser/browser-pool.ts';
import { registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../../helpers/app.ts';
import { ALMATY, type LinkedStore, linkStoreDirectly, storePoints } from '../../../helpers/linked-store.ts';
import { simControl } from '../../../helpers/sim.ts';
import { merchantUid } from '../../../helpers/sim-worlds.ts';
import { waitFor } from '../../../helpers/wait.ts';

const RIVAL = '910001';
const BOT = '910002';
/** The bot undercuts whoever is at or below it, every this many seconds. */
const BOT_PERIOD = 15;
const QUIET = 120;
const FAST = 30;

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/**
 * Shop 1: 30 products against a static rival at 1000 (we start at 1200: the demper must go to 999).
 * Shop 2: one product in a war with a bot, and 120 quiet ones already leading.
 */
function world(): WorldSpec {
  const fast = ids('71', FAST);
  const quiet = ids('72', QUIET);
  const listings: ListingSpec[] = [
    ...fast.map((productId) => ({ productId, merchantId: RIVAL, cityId: ALMATY.id, price: 1000 })),
    ...quiet.map((productId) => ({ productId, merchantId: RIVAL, cityId: ALMATY.id, price: 1000 })),
    { productId: '7300', merchantId: BOT, cityId: ALMATY.id, price: 1000, behaviour: { kind: 'dumper', step: 1, every: BOT_PERIOD, floor: 600 } },
  ];
  const points = [{ name: 'PP1', cityId: ALMATY.id }];
  return {
    seed: 15,
    tickMs: 1000,
    merchants: [
      { id: RIVAL, name: 'Steady Rival', rating: 4.5, reviews: 100 },
      { id: BOT, name: 'Bot Rival', rating: 4.5, reviews: 100 },
    ],
    products: [...fast, ...quiet, '7300'].map((id) => ({ id, title: `Product ${id}` })),
    listings,
    ownMerchants: [
      { uid: merchantUid(1), name: 'Shop 1', points, offers: fast.map((p) => ({ sku: `F-${p}`, productId: p, model: `Model ${p}`, price: 1200 })) },
      {
        uid: merchantUid(2),
        name: 'Shop 2',
        points,
        offers: [...quiet.map((p) => ({ sku: `Q-${p}`, productId: p, model: `Model ${p}`, price: 999 })), { sku: 'W-7300', productId: '7300', model: 'War', price: 999 }],
      },
    ],
    accounts: [],
    orders: [],
  };
}

describe('adaptive scheduler against the simulator', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let t: TestApp;
  let alice: TestUser;
  let shop1: LinkedStore;
  let shop2: LinkedStore;

  const addProducts = async (store: LinkedStore, rows: { sku: string; externalId: string; price: number }[]) => {
    for (const r of rows) {
      await t.sql(
        `insert into products (user_id, store_id, kaspi_sku, name, price, min_price, max_price, external_kaspi_id, strategy, step, bot_active, kaspi_status, city_prices, availabilities)
         values ($7, $1, $2, $2, $3, 600, 1500, $4, 'beat_first', 1, true, 'active', $5::jsonb, $6::jsonb)`,
        [
          store.storeId,
          r.sku,
          r.price,
          r.externalId,
          JSON.stringify([{ city_id: ALMATY.id, price: r.price }]),
          JSON.stringify([{ point: 'PP1', available: true, stock_count: 5, preorder_days: 0 }]),
          alice.id,
        ],
      );
    }
  };

  before(async () => {
    sim = await startSimulator({ world: world(), clock: 'real', ingestDelayMs: 500 });
    pool = sharedBrowserPool(1);
    t = await startTestApp({
      sim,
      browserPool: pool,
      redis: true,
      env: {
        SYNC_INTERVAL_HOURS: '0',
        CARDS_AFTER_SYNC: 'false',
        STOREFRONT_READS_PER_SECOND: '7',
        DEMPER_MIN_INTERVAL_SECONDS: '5',
        DEMPER_PLAN_SECONDS: '2',
        DEMPER_VERIFY_DELAY_SECONDS: '1',
        DEMPER_MARKET_MAX_AGE_SECONDS: '1',
        DEMPER_RETRY_SECONDS: '2',
      },
    });
    alice = await registerUser(t.app);
    const points = storePoints([{ name: 'PP1', city: ALMATY }]);
    shop1 = await linkStoreDirectly(t, sim, alice, merchantUid(1), points);
    shop2 = await linkStoreDirectly(t, sim, alice, merchantUid(2), points);
    await addProducts(
      shop1,
      ids('71', FAST).map((p) => ({ sku: `F-${p}`, externalId: p, price: 1200 })),
    );
    await addProducts(shop2, [...ids('72', QUIET).map((p) => ({ sku: `Q-${p}`, externalId: p, price: 999 })), { sku: 'W-7300', externalId: '7300', price: 999 }]);
    await t.container.startWorkers();
  });
  after(async () => {
    await t?.close();
    await pool?.close();
    await sim?.close();
  });

  const status = async (store: LinkedStore) => (await t.app.inject({ method: 'GET', url: `/api/v1/kaspi/stores/${store.storeId}/demper/status/`, headers: alice.headers })).json();

  test('a store of 30 products at a 5 s interval converges within a minute, reading every product every few seconds', async () => {
    await t.sql(`insert into store_demper_settings (store_id, enabled, max_interval_seconds) values ($1, true, 60)`, [shop1.storeId]);
    const started = Date.now();
    await waitFor(
      async () => {
        const prices = await simControl<{ offers: { sku: string; storefront: Record<string, { price: number } | null> }[] }>(sim, 'GET', `/merchants/${merchantUid(1)}/prices`);
        const done = prices.offers.filter((o) => o.storefront[ALMATY.id]?.price === 999).length;
        return done === FAST ? done : undefined;
      },
      { timeoutMs: 60_000, what: 'all 30 offers at 999 on the storefront' },
    );
    const seconds = (Date.now() - started) / 1000;
    const s = await status(shop1);
    assert.equal(s.scheduler.mode, 'adaptive');
    assert.ok(s.scheduler.budget_reads_per_second > 6 && s.scheduler.budget_reads_per_second < 7, JSON.stringify(s.scheduler));
    const [row] = await t.sql<{ interval: number }>(`select max((schedule->>'interval_seconds')::float) as interval from products where store_id = $1`, [shop1.storeId]);
    assert.ok(row!.interval <= 10, `every product read within 10 s (the longest interval is ${row!.interval} s); converged in ${seconds.toFixed(0)} s`);
    await t.sql(`update store_demper_settings set enabled = false where store_id = $1`, [shop1.storeId]);
  });

  test("a bot war among 120 quiet products is answered within a few of the bot's periods, the quiet ones still get read, no ban", async () => {
    await t.sql(`insert into store_demper_settings (store_id, enabled, max_interval_seconds) values ($1, true, 120)`, [shop2.storeId]);
    const war = sim.control.world.productIndex('7300');
    const sample = () => {
      const offers = sim.control.world.offersAt(war, ALMATY.id, sim.control.clock.now());
      return { bot: offers.find((o) => o.merchant.id === BOT)!.price, ours: offers.find((o) => o.merchant.id === merchantUid(2))?.price ?? null, at: Date.now() };
    };
    // Learning: the war is recognised from the moves the reads see.
    await waitFor(
      async () => {
        const [p] = await t.sql<{ reason: string | null }>(`select schedule->>'reason' as reason from products where kaspi_sku = 'W-7300'`);
        return p?.reason === 'war' ? true : undefined;
      },
      { timeoutMs: 150_000, what: 'the war product read on the bot clock' },
    );
    // Then every bot move (it undercuts us) is answered: our price back below the bot's.
    const windowStart = Date.now();
    const answers: number[] = [];
    let undercutAt: number | null = null;
    while (Date.now() - windowStart < 50_000) {
      const s = sample();
      if (s.ours !== null && s.ours >= s.bot && undercutAt === null) undercutAt = s.at;
      if (s.ours !== null && s.ours < s.bot && undercutAt !== null) {
        answers.push((s.at - undercutAt) / 1000);
        undercutAt = null;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const pending = undercutAt === null ? 0 : (Date.now() - undercutAt) / 1000;
    const product = (await t.app.inject({ method: 'GET', url: `/api/v1/products/?store_id=${shop2.storeId}&search=W-7300&fields=full`, headers: alice.headers })).json().results[0];
    const schedule = product.schedule;
    assert.ok(answers.length >= 3, `bot moves answered in the window: ${answers.length} (${answers.join(', ')} s)`);
    const worst = Math.max(...answers, pending);
    assert.ok(worst <= 3 * BOT_PERIOD, `every move answered within 3 bot periods: ${answers.map((a) => a.toFixed(1)).join(', ')} s; schedule ${JSON.stringify({ ...schedule, cities: undefined })}`);
    assert.ok(schedule.war && Math.abs(schedule.war.period_seconds - BOT_PERIOD) <= 4, `the learned period ${schedule.war?.period_seconds}`);
    // The quiet ones: each was read in the window, none is overdue beyond its guarantee.
    const [quiet] = await t.sql<{ stale: number; reasons: string[] }>(
      `select count(*) filter (where last_check_time < now() - interval '130 seconds')::int as stale, array_agg(distinct schedule->>'reason') as reasons from products where store_id = $1 and kaspi_sku like 'Q-%'`,
      [shop2.storeId],
    );
    assert.equal(quiet!.stale, 0, `quiet products not read for more than their 120 s guarantee (reasons ${quiet!.reasons})`);
    const s = await status(shop2);
    assert.equal(s.scheduler.products_in_war, 1);
    assert.ok(s.scheduler.demand_over_budget < 1, JSON.stringify(s.scheduler));
    const bans = await simControl<{ counts: Record<string, number> }>(sim, 'GET', '/bans');
    assert.equal(
      Object.values(bans.counts).reduce((a, b) => a + b, 0),
      0,
      `no bans: ${JSON.stringify(bans.counts)}`,
    );
  });
});
