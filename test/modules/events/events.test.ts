import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../../sim/server.ts';
import type { WorldSpec } from '../../../sim/world/world-types.ts';
import { createProduct, redisUrl, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore, linkStoreDirectly, storePoints } from '../../helpers/linked-store.ts';
import { merchantUid } from '../../helpers/sim-worlds.ts';
import { openEvents, type SseStream } from '../../helpers/sse.ts';
import { waitFor } from '../../helpers/wait.ts';
import { startWorker, type WorkerProcess } from '../../helpers/worker-process.ts';

/** One shop of alice's on the simulator, with one offer sold in Almaty and Astana. */
function world(): WorldSpec {
  const points = [
    { name: 'PP1', cityId: ALMATY.id },
    { name: 'PP2', cityId: ASTANA.id },
  ];
  return {
    seed: 5,
    merchants: [],
    products: [{ id: '801', title: 'Product 801' }],
    listings: [],
    ownMerchants: [
      {
        uid: merchantUid(1),
        name: 'Shop 1',
        points,
        offers: [{ sku: 'E-1', productId: '801', model: 'Model E-1', price: 1500, cityPrices: { [ALMATY.id]: 1500, [ASTANA.id]: 1500 }, availabilities: [{ point: 'PP1' }, { point: 'PP2' }] }],
      },
    ],
    accounts: [],
    orders: [],
  };
}

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  assert.ok(address && typeof address === 'object');
  return `http://127.0.0.1:${address.port}`;
}

async function sessionHeaders(t: TestApp, user: TestUser): Promise<Record<string, string>> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/session/', payload: { email: user.email, password: 'correct horse battery' } });
  const cookie = res.cookies.find((c) => c.name === 'kd_session');
  assert.ok(cookie, `sign-in answered ${res.statusCode} ${res.body}`);
  return { cookie: `kd_session=${cookie.value}` };
}

describe('live events (SSE), one process', () => {
  let sim: RunningSimulator;
  let t: TestApp;
  let base: string;
  let alice: TestUser;
  let bob: TestUser;
  let admin: TestUser;
  let store: LinkedStore | undefined;
  const streams: SseStream[] = [];
  const open = async (headers: Record<string, string>) => {
    const stream = await openEvents(base, headers);
    streams.push(stream);
    return stream;
  };

  before(async () => {
    sim = await startSimulator({ world: world(), clock: 'real', ingestDelayMs: 0 });
    t = await startTestApp({ sim, env: { SYNC_INTERVAL_HOURS: '0', DEMPER_RUN: 'false', WORKER_CONCURRENCY: '1' } });
    await t.container.startWorkers();
    base = await listen(t);
    alice = await registerUser(t.app);
    bob = await registerUser(t.app);
    admin = await registerUser(t.app);
    await t.sql('update users set is_admin = true where id = $1', [admin.id]);
  });
  after(async () => {
    for (const s of streams) s.close();
    await t?.close();
    await sim?.close();
  });

  test('the stream needs a signed-in caller, and is text/event-stream', async () => {
    const anonymous = await openEvents(base, {});
    assert.equal(anonymous.status, 401);
    const stream = await open(alice.headers);
    assert.equal(stream.status, 200);
    assert.match(stream.contentType ?? '', /^text\/event-stream/);
    assert.deepEqual(stream.comments, ['ready']);
  });

  test("a user sees their own job's every state and progress, and nobody else does (admins neither)", async () => {
    const mine = await open(alice.headers);
    const byCookie = await open(await sessionHeaders(t, alice));
    const bobs = await open(bob.headers);
    const admins = await open(admin.headers);
    const job = await t.container.services.jobs.submit({ type: 'system.ping', userId: alice.id, payload: { n: 1 } });
    for (const stream of [mine, byCookie]) {
      const done = await stream.next((e) => e.event === 'job' && e.data.id === job.id && e.data.state === 'completed');
      assert.deepEqual(Object.keys(done.data).sort(), ['error', 'id', 'progress', 'result', 'state', 'store_id', 'type', 'updated_at']);
      assert.equal(done.data.type, 'system.ping');
      assert.equal(done.data.result.pong, true);
      const seen = stream.events.filter((e) => e.event === 'job' && e.data.id === job.id);
      assert.deepEqual(
        seen.map((e) => [e.data.state, e.data.progress.step ?? null]),
        [
          ['queued', null],
          ['running', null],
          ['running', 'started'],
          ['running', 'pinged'],
          ['completed', 'pinged'],
        ],
      );
    }
    // Bob's own job reaches him, so his stream works; alice's never did.
    const his = await t.container.services.jobs.submit({ type: 'system.ping', userId: bob.id });
    await bobs.next((e) => e.event === 'job' && e.data.id === his.id && e.data.state === 'completed');
    assert.ok(!bobs.events.some((e) => e.data.id === job.id), "bob saw alice's job");
    assert.ok(!admins.events.some((e) => e.data.id === job.id || e.data.id === his.id), 'an admin stream carries only their own events');
    assert.ok(!mine.events.some((e) => e.data.id === his.id), "alice saw bob's job");
  });

  test('a manual price change reaches its owner as price_change events: the change, then its status', async () => {
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
    const product = await createProduct(t.app, alice, store.storeId, { kaspi_sku: 'E-1', name: 'Чайник E-1', price: 1500, external_kaspi_id: '801' });
    // As a catalogue sync leaves it: Kaspi's prices per city, just seen.
    await t.sql(`update products set city_prices = $1::jsonb, availabilities = $2::jsonb, city_prices_seen_at = now() where id = $3`, [
      JSON.stringify([
        { city_id: ALMATY.id, price: 1500 },
        { city_id: ASTANA.id, price: 1500 },
      ]),
      JSON.stringify([
        { point: 'PP1', available: true, stock_count: 1, preorder_days: 0 },
        { point: 'PP2', available: true, stock_count: 1, preorder_days: 0 },
      ]),
      product.id,
    ]);
    const mine = await open(alice.headers);
    const bobs = await open(bob.headers);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/products/update_price/', headers: alice.headers, payload: { product_id: product.id, price: 1400 } });
    assert.equal(res.statusCode, 200, res.body);
    const change = await mine.next((e) => e.event === 'price_change' && e.data.product_id === product.id);
    assert.deepEqual(Object.keys(change.data).sort(), ['at', 'city_id', 'id', 'new_price', 'old_price', 'product_id', 'product_name', 'reason', 'source', 'status', 'store_id']);
    assert.equal(change.data.product_name, 'Чайник E-1');
    assert.equal(change.data.store_id, store.storeId);
    assert.equal(change.data.new_price, 1400);
    assert.equal(change.data.old_price, 1500);
    assert.equal(change.data.source, 'manual');
    assert.equal(change.data.status, 'pushed');
    const [history] = await t.sql<{ n: number }>('select count(*)::int as n from price_history where product_id = $1', [product.id]);
    await mine.next(() => mine.events.filter((e) => e.event === 'price_change').length === history!.n);

    // Its verification is a status change: announced too.
    const ids = mine.events.filter((e) => e.event === 'price_change').map((e) => e.data.id as string);
    await t.container.services.priceChanges.settle(ids, { status: 'applied', actualPosition: 1, error: null });
    const applied = await mine.next((e) => e.event === 'price_change' && e.data.status === 'applied');
    assert.equal(applied.data.product_id, product.id);
    assert.ok(!bobs.events.some((e) => e.event === 'price_change'), "bob saw alice's prices");
  });

  test('a shop whose session needs a new login, or whose demper is turned on, tells its owner to refetch it', async () => {
    const linked = store;
    assert.ok(linked, 'linked by the test before');
    const mine = await open(alice.headers);
    const bobs = await open(bob.headers);
    await t.container.services.storeSessions.markNeedsReauth(linked.storeId, 'test');
    const event = await mine.next((e) => e.event === 'store' && e.data.store_id === linked.storeId);
    assert.deepEqual(event.data, { store_id: linked.storeId, reason: 'session' });
    assert.ok(!bobs.events.some((e) => e.event === 'store'));

    // Turning the demper on from one page tells the shop's other pages.
    const on = await t.app.inject({ method: 'PATCH', url: `/api/v1/kaspi/stores/${linked.storeId}/demper/`, headers: alice.headers, payload: { enabled: true } });
    assert.equal(on.statusCode, 200, on.body);
    const demper = await mine.next((e) => e.event === 'store' && e.data.reason === 'demper');
    assert.deepEqual(demper.data, { store_id: linked.storeId, reason: 'demper' });
  });

  test('a quiet stream carries a heartbeat comment, and ends cleanly when the server shuts down', async () => {
    const separate = await startTestApp({ env: { EVENTS_HEARTBEAT_SECONDS: '1' } });
    try {
      const url = await listen(separate);
      const user = await registerUser(separate.app);
      const stream = await openEvents(url, user.headers);
      await waitFor(() => (stream.comments.includes('heartbeat') ? true : undefined), { timeoutMs: 3_000, what: 'a heartbeat' });
      assert.deepEqual(stream.events, []);
      const started = Date.now();
      await separate.app.close();
      await stream.ended;
      assert.ok(Date.now() - started < 5_000, 'close() did not wait on the open stream');
    } finally {
      await separate.close();
    }
  });
});

describe('live events across processes (Redis)', () => {
  let api: TestApp;
  let worker: WorkerProcess | undefined;
  let base: string;
  let alice: TestUser;
  let bob: TestUser;

  before(async () => {
    // The API process runs no jobs; a `worker` child process does, and its events reach the API's
    // streams only through Redis.
    const redisPrefix = `test-events-${crypto.randomBytes(4).toString('hex')}`;
    api = await startTestApp({ redis: true, redisPrefix, env: { RUN_WORKERS: 'false' } });
    worker = startWorker('events-worker', {
      DATABASE_URL: api.database.url,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: redisPrefix,
      SECRET_KEY: api.container.config.secretKey!,
      DEMPER_RUN: 'false',
      SYNC_INTERVAL_HOURS: '0',
      SESSION_WATCH_SECONDS: '0',
      MIGRATE_ON_START: 'false',
      LOG_LEVEL: 'warn',
    });
    base = await listen(api);
    alice = await registerUser(api.app);
    bob = await registerUser(api.app);
  });
  after(async () => {
    await worker?.stop();
    await api?.close();
  });

  test("a job run by a worker process reaches its owner's stream on the API, and no one else's", async () => {
    const mine = await openEvents(base, alice.headers);
    const bobs = await openEvents(base, bob.headers);
    try {
      const job = await api.container.services.jobs.submit({ type: 'system.ping', userId: alice.id });
      const done = await mine.next((e) => e.event === 'job' && e.data.id === job.id && e.data.state === 'completed', 60_000);
      assert.notEqual(done.data.result.pid, process.pid, 'run by the other process');
      assert.ok(
        mine.events.some((e) => e.event === 'job' && e.data.state === 'running' && e.data.progress.step === 'started'),
        'progress arrived',
      );
      assert.ok(!bobs.events.some((e) => e.data.id === job.id));
    } finally {
      mine.close();
      bobs.close();
    }
  });
});
