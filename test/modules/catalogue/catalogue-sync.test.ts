import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../../sim/server.ts';
import type { BrowserPool } from '../../../src/infra/browser/browser-pool.ts';
import { createStore, registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { passwordLoginsSince, simControl, simRequests, simSeq } from '../../helpers/sim.ts';
import { waitFor } from '../../helpers/wait.ts';

const OWN_UID = '30141222';
const OFFERS = 2_500;

interface JobView {
  id: string;
  state: string;
  progress: Record<string, number | string>;
  result: Record<string, number> | null;
  error: string | null;
}

/**
 * Catalogue import against the simulator: a generated world whose shop 30141222 has 2,500 offers
 * (every 25th without a shopLink), linked through the real browser login.
 */
describe('catalogue sync', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let t: TestApp;
  let user: TestUser;
  let storeId: string;

  before(async () => {
    sim = await startSimulator({ clock: 'manual', ingestDelayMs: 0, world: { seed: 7, products: OFFERS + 100, competitorsPerProduct: 1, cities: 3, ownOffers: OFFERS, orders: 0 } });
    pool = sharedBrowserPool(1);
    // Fast pages and retries so the suite stays quick; the budget logic itself is the same.
    t = await startTestApp({ sim, browserPool: pool, env: { KASPI_CABINET_READS_PER_SECOND: '50', SYNC_RETRY_DELAY_MS: '20', SYNC_INTERVAL_HOURS: '6', SYNC_SCHEDULER_TICK_SECONDS: '3600' } });
    await t.container.startWorkers();
    user = await registerUser(t.app);
    const linked = await t.app.inject({ method: 'POST', url: '/api/v1/kaspi/auth/authenticate/', headers: user.headers, payload: { email: 'seller@example.kz', password: 'secret123' } });
    assert.equal(linked.statusCode, 200, linked.body);
    storeId = linked.json().stores.find((s: { merchant_id: string }) => s.merchant_id === OWN_UID).store_id;
  });
  after(async () => {
    await t?.close();
    await pool?.close();
    await sim?.close();
  });
  beforeEach(() => simControl(sim, 'DELETE', '/faults'));

  async function startSync(id = storeId, who = user): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/kaspi/stores/${id}/sync/`, headers: who.headers });
    assert.equal(res.statusCode, 202, res.body);
    return res.json().job_id;
  }

  async function job(id: string): Promise<JobView> {
    const res = await t.app.inject({ url: `/api/v1/jobs/${id}/`, headers: user.headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  const finished = (id: string) =>
    waitFor(
      async () => {
        const j = await job(id);
        return j.state === 'completed' || j.state === 'failed' ? j : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `sync job ${id}` },
    );

  async function products(query = ''): Promise<Record<string, any>[]> {
    const all: Record<string, any>[] = [];
    for (let page = 1; ; page++) {
      const res = await t.app.inject({ url: `/api/v1/products/?store=${storeId}&page_size=500&page=${page}&ordering=name&fields=full${query}`, headers: user.headers });
      assert.equal(res.statusCode, 200, res.body);
      all.push(...res.json().results);
      if (!res.json().next) return all;
    }
  }

  const bySku = async () => new Map((await products()).map((p) => [p.kaspi_sku as string, p]));

  test('imports 2,500 offers across pages, whatever shape each page comes in', async () => {
    for (const variant of ['list-items', 'list-content', 'list-data', 'list-array', 'min-price-object', 'null-offer-id']) {
      await simControl(sim, 'POST', '/faults', { route: 'mc.offer-list', kind: 'shape', variant, rate: 0.3 });
    }
    const none = await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/sync/`, headers: user.headers });
    assert.equal(none.statusCode, 200, none.body);
    assert.deepEqual(none.json(), { job: null }, 'no sync yet');
    const since = await simSeq(sim);
    const jobId = await startSync();
    const running = (await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/sync/`, headers: user.headers })).json();
    assert.equal(running.job.id, jobId, 'the sync under way is the newest');
    assert.ok(['queued', 'running', 'completed'].includes(running.job.state), running.job.state);
    const done = await finished(jobId);
    assert.equal(done.state, 'completed', done.error ?? '');
    const latest = (await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/sync/`, headers: user.headers })).json();
    assert.equal(latest.job.state, 'completed');
    assert.equal(latest.job.result.products_count, OFFERS, 'the last result, for the shop card');
    assert.equal(done.result!['offers_seen'], OFFERS);
    assert.equal(done.result!['created'], OFFERS);
    assert.equal(done.result!['updated'], 0);
    assert.equal(done.result!['removed'], 0);
    assert.equal(done.result!['pages'], OFFERS / 100 + 1, 'pages until an empty page');
    assert.equal(done.progress['offers_seen'], OFFERS);

    const listCalls = (await simRequests(sim, { since: String(since), route: 'mc.offer-list' })).length;
    assert.equal(listCalls, OFFERS / 100 + 1, 'one request per page: 0.01 requests per offer');

    const imported = await bySku();
    assert.equal(imported.size, OFFERS);
    const applied = await simControl(sim, 'GET', `/merchants/${OWN_UID}/prices?sku=SKU-1`);
    const first = imported.get('SKU-1')!;
    assert.equal(first.price, applied.offers[0].price, 'the price Kaspi holds');
    assert.equal(first.bot_active, false, 'new products start with the demper off');
    assert.equal(first.kaspi_status, 'active');
    assert.match(first.external_kaspi_id, /^\d+$/);
    assert.equal(first.repriceable, true);
    assert.deepEqual(
      first.availabilities.map((a: { point: string }) => a.point),
      ['PP1', 'PP2', 'PP3'],
    );
    assert.ok(first.availabilities.every((a: { available: boolean }) => a.available));
    assert.ok(Number.isInteger(first.price) && first.price >= 10);

    const unlinked = imported.get('SKU-25')!;
    assert.equal(unlinked.external_kaspi_id, null, 'every 25th offer has no shopLink');
    assert.equal(unlinked.repriceable, false);
    assert.match(unlinked.not_repriceable_reason, /shopLink/);
    assert.equal(unlinked.not_repriceable_code, 'no_shop_link');
    assert.equal([...imported.values()].filter((p) => !p.repriceable).length, OFFERS / 25);

    const store = (await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/`, headers: user.headers })).json();
    assert.equal(store.products_count, OFFERS);
    assert.ok(store.last_sync);
  });

  test("a resync after changes on Kaspi updates Kaspi data, marks removed offers and keeps the seller's settings", async () => {
    const before = await bySku();
    const kept = before.get('SKU-1')!;

    const rules = { min_price: 1000, max_price: 9_000_000, step: 7, strategy: 'stay_top_n', strategy_params: { position: 2 }, bot_active: true };
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${kept.id}/`, headers: user.headers, payload: rules });
    assert.equal(patched.statusCode, 200, patched.body);
    // New products take the store's defaults; existing ones keep theirs.
    const defaults = await t.app.inject({ method: 'PATCH', url: `/api/v1/kaspi/stores/${storeId}/demper/`, headers: user.headers, payload: { default_step: 3, default_strategy: 'follow_second' } });
    assert.equal(defaults.statusCode, 200, defaults.body);

    const countOf = async (query: string) => (await t.app.inject({ url: `/api/v1/products/?store=${storeId}${query}`, headers: user.headers })).json().count as number;
    // Counted (and cached) just before the sync: the sync must retire these counts.
    assert.deepEqual([await countOf(''), await countOf('&kaspi_status=removed')], [OFFERS, 0]);

    await simControl(sim, 'PUT', `/merchants/${OWN_UID}/offers`, { sku: 'SKU-1', productId: kept.external_kaspi_id, model: 'Renamed on Kaspi', price: 777_777 });
    await simControl(sim, 'PUT', `/merchants/${OWN_UID}/offers`, { sku: 'SKU-NEW', productId: kept.external_kaspi_id, model: 'Brand new offer', price: 5000 });
    await simControl(sim, 'DELETE', `/merchants/${OWN_UID}/offers/SKU-2`);

    const done = await finished(await startSync());
    assert.equal(done.state, 'completed', done.error ?? '');
    assert.deepEqual([done.result!['created'], done.result!['updated'], done.result!['removed']], [1, OFFERS - 1, 1]);

    const after = await bySku();
    const changed = after.get('SKU-1')!;
    assert.equal(changed.price, 777_777);
    assert.equal(changed.name, 'Renamed on Kaspi');
    assert.deepEqual(
      [changed.min_price, changed.max_price, changed.step, changed.strategy, changed.strategy_params, changed.bot_active],
      [rules.min_price, rules.max_price, rules.step, rules.strategy, rules.strategy_params, true],
      "the seller's rules survive the sync",
    );
    assert.equal(changed.id, kept.id);
    const removed = after.get('SKU-2')!;
    assert.equal(removed.kaspi_status, 'removed', 'a product is never deleted by a sync');
    assert.equal(after.get('SKU-NEW')!.bot_active, false);
    assert.deepEqual([after.get('SKU-NEW')!.step, after.get('SKU-NEW')!.strategy], [3, 'follow_second'], 'a new product takes the store defaults');
    assert.deepEqual([after.get('SKU-3')!.step, after.get('SKU-3')!.strategy], [1, 'beat_first'], 'existing products keep theirs');
    const onlyRemoved = await t.app.inject({ url: `/api/v1/products/?store=${storeId}&kaspi_status=removed`, headers: user.headers });
    assert.deepEqual(
      onlyRemoved.json().results.map((p: { kaspi_sku: string }) => p.kaspi_sku),
      ['SKU-2'],
    );
    assert.deepEqual([await countOf(''), await countOf('&kaspi_status=removed')], [OFFERS + 1, 1], "the list's counts after the sync");
    const store = (await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/`, headers: user.headers })).json();
    assert.equal(store.products_count, OFFERS, '2,500 - 1 removed + 1 new');
  });

  test('a page that fails twice and then answers is retried; the sync completes', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'mc.offer-list', kind: 'status', status: 502, times: 2, after: 3 });
    const since = await simSeq(sim);
    const done = await finished(await startSync());
    assert.equal(done.state, 'completed', done.error ?? '');
    const calls = await simRequests(sim, { since: String(since), route: 'mc.offer-list' });
    assert.equal(calls.filter((c) => c.status === 502).length, 2);
    assert.equal(calls.length, OFFERS / 100 + 1 + 2);
  });

  test('a sync that fails midway leaves the previous data as it was and says why', async () => {
    const before = await bySku();
    const lastSync = (await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/`, headers: user.headers })).json().last_sync;
    await simControl(sim, 'PUT', `/merchants/${OWN_UID}/offers`, { sku: 'SKU-3', productId: before.get('SKU-3')!.external_kaspi_id, model: 'Changed', price: 123_456 });
    // Pages 1-5 answer, then Kaspi fails for good.
    await simControl(sim, 'POST', '/faults', { route: 'mc.offer-list', kind: 'status', status: 503, after: 5 });
    const done = await finished(await startSync());
    assert.equal(done.state, 'failed');
    assert.match(done.error ?? '', /503/);
    const after = await bySku();
    assert.equal(after.get('SKU-3')!.price, before.get('SKU-3')!.price, 'nothing of the half-read catalogue was written');
    assert.equal([...after.values()].filter((p) => p.kaspi_status === 'removed').length, 1, 'no offer was marked removed');
    const store = (await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/`, headers: user.headers })).json();
    assert.equal(store.last_sync, lastSync);
  });

  test('a session that expires mid-sync is renewed once and the sync carries on', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'mc.offer-list', kind: 'status', status: 401, times: 1, after: 4 });
    const since = await simSeq(sim);
    const done = await finished(await startSync());
    assert.equal(done.state, 'completed', done.error ?? '');
    assert.equal(await passwordLoginsSince(sim, since), 1, 'one login renewed the session');
    assert.equal(done.result!['offers_seen'], OFFERS);
  });

  test('concurrent sync requests get the same job; only one runs', async () => {
    const ids = await Promise.all([startSync(), startSync(), startSync()]);
    assert.equal(new Set(ids).size, 1);
    const rows = await t.sql<{ n: string }>(`select count(*) as n from jobs where store_id = $1 and type = 'catalogue.sync' and state in ('queued', 'running')`, [storeId]);
    assert.ok(Number(rows[0]!.n) <= 1, `one active sync, not ${rows[0]!.n}`);
    assert.equal((await finished(ids[0]!)).state, 'completed');
    const again = await startSync();
    assert.notEqual(again, ids[0], 'once it finished, a new request starts a new sync');
    await finished(again);
  });

  test('the scheduler queues a sync for linked stores not synced within the interval, once', async () => {
    await t.sql(`update kaspi_stores set last_sync = now() - interval '7 hours' where id = $1`, [storeId]);
    await t.sql(`update kaspi_stores set last_sync = now() where id <> $1`, [storeId]);
    const before = await t.sql<{ n: string }>(`select count(*) as n from jobs where store_id = $1 and type = 'catalogue.sync'`, [storeId]);
    const catalogue = t.container.services.catalogue;
    // Several workers ticking at once: still one sync.
    const queued = await Promise.all([catalogue.syncDueStores(), catalogue.syncDueStores()]);
    assert.deepEqual(queued, [1, 1]);
    const jobs = await t.sql<{ id: string }>(`select id from jobs where store_id = $1 and type = 'catalogue.sync' order by created_at desc`, [storeId]);
    assert.equal(jobs.length, Number(before[0]!.n) + 1);
    assert.equal((await finished(jobs[0]!.id)).state, 'completed');
    assert.equal(await catalogue.syncDueStores(), 0, 'synced stores are not due again');
  });

  test("someone else's store is a 404; a store without a Kaspi session is a 409", async () => {
    const other = await registerUser(t.app);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/kaspi/stores/${storeId}/sync/`, headers: other.headers });
    assert.equal(res.statusCode, 404);
    const peek = await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/sync/`, headers: other.headers });
    assert.equal(peek.statusCode, 404, "another user cannot read the store's sync");
    const manual = await createStore(t.app, other);
    const unlinked = await t.app.inject({ method: 'POST', url: `/api/v1/kaspi/stores/${manual.id}/sync/`, headers: other.headers });
    assert.equal(unlinked.statusCode, 409);
    assert.equal(unlinked.json().code, 'store_not_linked');
  });
});
