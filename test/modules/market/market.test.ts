import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../../sim/server.ts';
import type { WorldSpec } from '../../../sim/world/world-types.ts';
import type { BrowserPool } from '../../../src/infra/browser/browser-pool.ts';
import { createProduct, registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore, linkStoreDirectly, SHYMKENT, storePoints } from '../../helpers/linked-store.ts';
import { simControl, simRequests, simSeq } from '../../helpers/sim.ts';
import { merchantUid } from '../../helpers/sim-worlds.ts';
import { waitFor } from '../../helpers/wait.ts';

const KETTLE = '500';
const TOASTER = '501';
const LAMP = '502';
const IRON = '503';
const UNKNOWN_PRODUCT = '999999';

const points = [
  { name: 'PP1', cityId: ALMATY.id },
  { name: 'PP2', cityId: ASTANA.id },
  { name: 'PP3', cityId: SHYMKENT.id, enabled: false },
];

/**
 * Own shops 1 and 3 belong to Alice, 2 to Bob; all three sell the kettle. Competitors: a numeric id
 * (111), a word id (Sulpak) and one without reviews (222).
 */
function world(): WorldSpec {
  const own = (n: number, offers: { sku: string; productId: string; price: number }[]) => ({
    uid: merchantUid(n),
    name: `Shop ${n}`,
    points,
    offers: offers.map((o) => ({ ...o, model: `Model ${o.sku}` })),
  });
  return {
    seed: 5,
    merchants: [
      { id: '111', name: 'Alpha', rating: 4.9, reviews: 200, deliveryDuration: 'TOMORROW', kaspiDelivery: true },
      { id: 'Sulpak', name: 'Sulpak', rating: 4.5, reviews: 1000, deliveryDuration: 'TODAY' },
      { id: '222', name: 'Beta' },
    ],
    products: [
      { id: KETTLE, title: 'Kettle', brand: 'Bosch' },
      { id: TOASTER, title: 'Toaster', brand: 'Philips' },
      { id: LAMP, title: 'Lamp' },
      { id: IRON, title: 'Iron' },
    ],
    listings: [
      { productId: KETTLE, merchantId: '111', cityId: ALMATY.id, price: 1000 },
      { productId: KETTLE, merchantId: 'Sulpak', cityId: ALMATY.id, price: 990, preorder: 5 },
      { productId: KETTLE, merchantId: '222', cityId: ALMATY.id, price: 1100 },
      { productId: KETTLE, merchantId: '111', cityId: ASTANA.id, price: 1050 },
      { productId: TOASTER, merchantId: '111', cityId: ALMATY.id, price: 2000 },
      { productId: TOASTER, merchantId: 'Sulpak', cityId: ALMATY.id, price: 2100 },
      { productId: LAMP, merchantId: 'Sulpak', cityId: ALMATY.id, price: 3000 },
      { productId: IRON, merchantId: '222', cityId: ALMATY.id, price: 4000 },
    ],
    ownMerchants: [
      own(1, [
        { sku: 'K-1', productId: KETTLE, price: 1010 },
        { sku: 'T-1', productId: TOASTER, price: 2050 },
        { sku: 'L-1', productId: LAMP, price: 3100 },
        { sku: 'I-1', productId: IRON, price: 4100 },
      ]),
      own(2, [{ sku: 'K-2', productId: KETTLE, price: 995 }]),
      own(3, [{ sku: 'K-3', productId: KETTLE, price: 985 }]),
    ],
    accounts: [],
    orders: [],
  };
}

interface CityView {
  city_id: string;
  city_name: string | null;
  offers: {
    merchant_id: string;
    merchant_name: string | null;
    price: number;
    rating: number | null;
    reviews: number;
    delivery_duration: string;
    kaspi_delivery: boolean;
    preorder_days: number;
    is_ours: boolean;
  }[];
  our_position: number | null;
  our_price: number | null;
  cheapest_competitor: { merchant_id: string; price: number; position: number } | null;
  total: number;
  fetched_at: string;
}

// Product market data against the simulator: two API processes on one database and one Redis (the
// shared cache and budgets), stores linked by a session the simulator issues directly.
describe('product market data', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let t: TestApp;
  let second: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let a1: LinkedStore;
  let a3: LinkedStore;
  let b2: LinkedStore;
  const product: Record<string, string> = {};

  before(async () => {
    sim = await startSimulator({ world: world(), clock: 'real', ingestDelayMs: 0 });
    pool = sharedBrowserPool(1);
    const redisPrefix = `test-${crypto.randomBytes(4).toString('hex')}`;
    const env = { SYNC_INTERVAL_HOURS: '0', STOREFRONT_READS_PER_SECOND: '14' };
    t = await startTestApp({ sim, browserPool: pool, redis: true, redisPrefix, env });
    second = await startTestApp({ sim, browserPool: pool, redis: true, redisPrefix, env, database: t.database });
    alice = await registerUser(t.app);
    bob = await registerUser(t.app);
    const storePointsList = storePoints([
      { name: 'PP1', city: ALMATY },
      { name: 'PP2', city: ASTANA },
      { name: 'PP3', city: SHYMKENT, enabled: false },
    ]);
    a1 = await linkStoreDirectly(t, sim, alice, merchantUid(1), storePointsList);
    a3 = await linkStoreDirectly(t, sim, alice, merchantUid(3), storePointsList);
    b2 = await linkStoreDirectly(t, sim, bob, merchantUid(2), storePointsList);
    product['a1-kettle'] = (await createProduct(t.app, alice, a1.storeId, { kaspi_sku: 'K-1', external_kaspi_id: KETTLE })).id;
    product['a1-toaster'] = (await createProduct(t.app, alice, a1.storeId, { kaspi_sku: 'T-1', external_kaspi_id: TOASTER })).id;
    product['a1-lamp'] = (await createProduct(t.app, alice, a1.storeId, { kaspi_sku: 'L-1', external_kaspi_id: LAMP })).id;
    product['a1-iron'] = (await createProduct(t.app, alice, a1.storeId, { kaspi_sku: 'I-1', external_kaspi_id: IRON })).id;
    product['a1-unlinked'] = (await createProduct(t.app, alice, a1.storeId, { kaspi_sku: 'NO-LINK' })).id;
    product['a3-kettle'] = (await createProduct(t.app, alice, a3.storeId, { kaspi_sku: 'K-3', external_kaspi_id: KETTLE })).id;
    product['b2-kettle'] = (await createProduct(t.app, bob, b2.storeId, { kaspi_sku: 'K-2', external_kaspi_id: KETTLE })).id;
  });
  after(async () => {
    await second?.stop();
    await t?.close();
    await pool?.close();
    await sim?.close();
  });
  beforeEach(() => simControl(sim, 'DELETE', '/faults'));

  const offersOf = (app: TestApp, user: TestUser, id: string, query = '') => app.app.inject({ url: `/api/v1/products/${id}/offers/${query}`, headers: user.headers });
  const storefrontReads = async (since: number, productId: string) =>
    (await simRequests(sim, { since: String(since), route: 'storefront.offers' })).filter((r) => r.path.startsWith(`/yml/offer-view/offers/${productId}`)).length;

  test("offers in every city where the shop sells, with our position and the cheapest competitor (not the seller's other shop)", async () => {
    const since = await simSeq(sim);
    const res = await offersOf(t, alice, product['a1-kettle']!);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { merchant_id: string; external_kaspi_id: string; cities: CityView[] };
    assert.equal(body.merchant_id, merchantUid(1));
    assert.equal(body.external_kaspi_id, KETTLE);
    assert.deepEqual(
      body.cities.map((c) => [c.city_id, c.city_name]),
      [
        [ALMATY.id, ALMATY.name],
        [ASTANA.id, ASTANA.name],
      ],
      'the disabled Shymkent point is not a sales city',
    );

    const [almaty, astana] = body.cities as [CityView, CityView];
    assert.deepEqual(
      almaty.offers.map((o) => [o.merchant_id, o.price, o.is_ours]),
      [
        [merchantUid(3), 985, false],
        ['Sulpak', 990, false],
        [merchantUid(2), 995, false],
        ['111', 1000, false],
        [merchantUid(1), 1010, true],
        ['222', 1100, false],
      ],
    );
    assert.equal(almaty.our_position, 5);
    assert.equal(almaty.our_price, 1010);
    assert.equal(almaty.total, 6);
    // Alice's other shop (985) is not her competitor; Sulpak is.
    assert.deepEqual(almaty.cheapest_competitor, { merchant_id: 'Sulpak', merchant_name: 'Sulpak', price: 990, position: 2 });
    const sulpak = almaty.offers[1]!;
    assert.deepEqual([sulpak.rating, sulpak.reviews, sulpak.delivery_duration, sulpak.preorder_days], [4.5, 1000, 'TODAY', 5]);
    const alpha = almaty.offers[3]!;
    assert.deepEqual([alpha.rating, alpha.kaspi_delivery, alpha.delivery_duration], [4.9, true, 'TOMORROW']);
    assert.equal(almaty.offers[5]!.rating, null, 'no reviews, no rating');
    assert.ok(Date.now() - Date.parse(almaty.fetched_at) < 60_000);

    assert.deepEqual(
      astana.offers.map((o) => o.merchant_id),
      [merchantUid(3), merchantUid(2), merchantUid(1), '111'],
    );
    assert.equal(astana.our_position, 3);
    assert.deepEqual(astana.cheapest_competitor, { merchant_id: merchantUid(2), merchant_name: 'Shop 2', price: 995, position: 2 }, "Bob's shop competes with Alice's");
    assert.equal(await storefrontReads(since, KETTLE), 2, 'one read per city');
  });

  test('the cache is shared by the stores of two users and by two API processes (one storefront read per city)', async () => {
    const since = await simSeq(sim);
    // Bob's first look, through the other API process, within the cache's minute.
    const res = await offersOf(second, bob, product['b2-kettle']!, `?city=${ALMATY.id}`);
    assert.equal(res.statusCode, 200, res.body);
    const [almaty] = res.json().cities as CityView[];
    assert.equal(res.json().cities.length, 1, '?city= limits the answer to one city');
    assert.equal(almaty!.our_position, 3);
    assert.equal(almaty!.our_price, 995);
    assert.deepEqual(
      almaty!.offers.filter((o) => o.is_ours).map((o) => o.merchant_id),
      [merchantUid(2)],
    );
    assert.equal(almaty!.cheapest_competitor?.merchant_id, merchantUid(3), "Alice's shop is Bob's competitor");
    assert.equal(await storefrontReads(since, KETTLE), 0, 'served from the shared cache');

    // A cold key read by many at once costs one read.
    const burst = await Promise.all([0, 1, 2, 3].map(() => offersOf(t, alice, product['a1-toaster']!, `?city=${ALMATY.id}`)));
    for (const r of burst) assert.equal(r.statusCode, 200, r.body);
    assert.equal(await storefrontReads(since, TOASTER), 1, 'concurrent misses share one fetch');
  });

  test('merchant ids that arrive as numbers or words are compared as strings', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'storefront.offers', kind: 'shape', variant: 'numeric-merchant-id', times: 1 });
    const res = await offersOf(t, alice, product['a1-iron']!, `?city=${ALMATY.id}`);
    assert.equal(res.statusCode, 200, res.body);
    const [almaty] = res.json().cities as CityView[];
    assert.deepEqual(
      almaty!.offers.map((o) => [o.merchant_id, o.is_ours]),
      [
        ['222', false],
        [merchantUid(1), true],
      ],
    );
    assert.equal(almaty!.our_position, 2);
    assert.equal(almaty!.cheapest_competitor?.merchant_id, '222');
    const faults = (await simControl<{ faults: unknown[] }>(sim, 'GET', '/faults')).faults;
    assert.equal(faults.length, 0, 'the numeric shape was served (the fault was used up)');
  });

  test("a city where the shop does not sell is a 400; no external id is a 409; someone else's product is a 404", async () => {
    for (const city of [SHYMKENT.id, '351010000']) {
      const res = await offersOf(t, alice, product['a1-kettle']!, `?city=${city}`);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json().fields.city, /does not sell/);
    }
    const unlinked = await offersOf(t, alice, product['a1-unlinked']!);
    assert.equal(unlinked.statusCode, 409, unlinked.body);
    assert.equal(unlinked.json().code, 'not_repriceable');
    assert.match(unlinked.json().detail, /not repriceable.*external_kaspi_id/);
    const foreign = await offersOf(t, bob, product['a1-kettle']!);
    assert.equal(foreign.statusCode, 404, foreign.body);
  });

  test('an anti-bot page is a 502, never "no competitors", and is not cached', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'storefront.offers', kind: 'antibot', times: 1 });
    const blocked = await offersOf(t, alice, product['a1-lamp']!, `?city=${ALMATY.id}`);
    assert.equal(blocked.statusCode, 502, blocked.body);
    assert.equal(blocked.json().code, 'kaspi_unavailable');
    assert.match(blocked.json().detail, /page instead of data/);
    assert.equal(blocked.json().cities, undefined);
    const again = await offersOf(t, alice, product['a1-lamp']!, `?city=${ALMATY.id}`);
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(
      again.json().cities[0].offers.map((o: { merchant_id: string }) => o.merchant_id),
      ['Sulpak', merchantUid(1)],
    );
  });

  test('product cards: the job fills title, brand, pictures, rating and reviews; a failing product is counted', async () => {
    const unknown = await createProduct(t.app, alice, a1.storeId, { kaspi_sku: 'GONE-1', external_kaspi_id: UNKNOWN_PRODUCT });
    // Fresh enough: not read again.
    await t.sql(`update products set card = '{"title":"Old","brand":null,"images":[],"rating":null,"reviews_count":null}', card_refreshed_at = now() where id = $1`, [product['a1-lamp']]);
    const since = await simSeq(sim);
    await t.container.startWorkers();
    const job = await t.container.services.jobs.submit({ type: 'catalogue.cards', storeId: a1.storeId, userId: alice.id, dedupeKey: `catalogue.cards:${a1.storeId}` });
    interface JobView {
      state: string;
      error: string | null;
      progress: Record<string, number>;
      result: { due: number; refreshed: number; failed: number; errors: string[] };
    }
    const done = await waitFor<JobView>(
      async () => {
        const view = (await t.app.inject({ url: `/api/v1/jobs/${job.id}/`, headers: alice.headers })).json() as JobView;
        return ['completed', 'failed'].includes(view.state) ? view : undefined;
      },
      { timeoutMs: 15_000, what: 'the cards job' },
    );
    assert.equal(done.state, 'completed', done.error ?? '');
    assert.deepEqual([done.result.due, done.result.refreshed, done.result.failed], [4, 3, 1]);
    assert.match(done.result.errors[0] ?? '', new RegExp(`^${UNKNOWN_PRODUCT}: .*404`));
    assert.deepEqual(done.progress, { due: 4, refreshed: 3, failed: 1 });
    const cardReads = (await simRequests(sim, { since: String(since), route: 'storefront.product' })).length;
    assert.equal(cardReads, 4, 'one read per due product; the fresh card is skipped');

    const rows = await t.sql<{ id: string; card: Record<string, unknown> | null; card_refreshed_at: Date | null }>('select id, card, card_refreshed_at from products where id = any($1)', [
      [product['a1-kettle'], product['a3-kettle'], product['a1-lamp'], unknown.id],
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const kettle = byId.get(product['a1-kettle']!)!;
    assert.equal(kettle.card!['title'], 'Kettle');
    assert.equal(kettle.card!['brand'], 'Bosch');
    assert.equal((kettle.card!['images'] as string[]).length, 3);
    assert.match((kettle.card!['images'] as string[])[0]!, /gallery-large$/);
    assert.equal(typeof kettle.card!['rating'], 'number');
    assert.equal(typeof kettle.card!['reviews_count'], 'number');
    assert.ok(kettle.card_refreshed_at);
    assert.deepEqual(byId.get(product['a3-kettle']!)!.card, kettle.card, 'the same public product in another store gets the card from the same read');
    assert.equal(byId.get(product['a1-lamp']!)!.card!['title'], 'Old');
    assert.equal(byId.get(unknown.id)!.card, null);
    const view = await t.app.inject({ url: `/api/v1/products/${product['a1-kettle']}/`, headers: alice.headers });
    assert.equal(view.json().card.title, 'Kettle');
  });

  // Last: it leaves the direct egress paused for the ban's length.
  test('a 403 from the storefront pauses the egress IP: the next call is a 503 with Retry-After, without reaching Kaspi', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'storefront.offers', kind: 'status', status: 403, times: 1 });
    const banned = await offersOf(t, alice, product['a1-lamp']!, `?city=${ASTANA.id}`);
    assert.equal(banned.statusCode, 502, banned.body);
    assert.match(banned.json().detail, /403.*pauses/);
    const since = await simSeq(sim);
    // Through the other process: the pause lives in the shared budget.
    const paused = await offersOf(second, alice, product['a1-lamp']!, `?city=${ASTANA.id}`);
    assert.equal(paused.statusCode, 503, paused.body);
    assert.equal(paused.json().code, 'kaspi_paused');
    const retryAfter = Number(paused.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 15, `retry-after ${paused.headers['retry-after']}`);
    assert.equal((await simRequests(sim, { since: String(since), route: 'storefront.offers' })).length, 0, 'nothing reached the storefront');
  });
});
