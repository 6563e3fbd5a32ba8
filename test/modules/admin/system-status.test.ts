import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createStore, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

const PASSWORD = 'correct horse battery';

async function createAdmin(t: TestApp, email: string): Promise<TestUser> {
  const created = await t.container.services.users.createAdmin(email, PASSWORD);
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email, password: PASSWORD } });
  const token = login.json().token as string;
  return { id: created.id, email: created.email, token, headers: { authorization: `Bearer ${token}` } };
}

function adminModule(t: TestApp) {
  const module = t.container.modules.find((m) => m.name === 'admin');
  assert.ok(module?.start && module.stop);
  return module as Required<typeof module>;
}

interface SystemView {
  database: { ok: boolean; latency_ms: number | null };
  redis: { ok: boolean; latency_ms: number | null } | null;
  queue: { kind: string; waiting: number | null; active: number | null; delayed: number | null; failed: number | null; by_type: { type: string; queued: number; running: number; failed: number }[] };
  workers: { id: string; host: string; pid: number; started_at: string; last_seen_at: string; alive: boolean }[];
  budgets: { name: string; key: string; used: number; limit: number; window_ms: number; paused_until: string | null }[];
  pauses: { store_id: string | null; store_name: string | null; kind: string; key: string; until: string }[];
}

describe('admin system view on PostgreSQL and Redis', () => {
  let t: TestApp;
  let admin: TestUser;
  before(async () => {
    t = await startTestApp({ redis: true });
    admin = await createAdmin(t, 'ops@example.kz');
  });
  after(async () => {
    await adminModule(t).stop();
    await t.close();
  });

  test('database and Redis answer with their latency; queue, workers alive and dead, budgets in use and pauses', async () => {
    adminModule(t).start();
    const { redis, config, budgets, queue } = t.container;
    assert.ok(redis);
    // A worker that stopped beating a minute ago (killed): listed, not alive.
    const deadSeen = Date.now() - 60_000;
    await redis.set(`${config.redisPrefix}:worker-heartbeat:gone:1`, JSON.stringify({ id: 'gone:1', host: 'gone', pid: 1, startedAt: deadSeen - 3_600_000, lastSeenAt: deadSeen }), 'PX', 60_000);

    const store = await createStore(t.app, admin, { name: 'Banned shop' });
    const resting = await createStore(t.app, admin, { name: 'Resting shop' });
    await t.sql(`insert into store_demper_settings (store_id, enabled, paused_until) values ($1, true, now() + interval '20 minutes')`, [resting.id]);
    await budgets.cabinetWrites.pause(store.merchant_id, 30 * 60_000);
    await budgets.storefrontReads.pause('http://user:s3cret-pass@10.1.2.3:3128', 10_000);
    // Three writes of one merchant reserved at once (1.5/s): the last waits about 1.3 s.
    const busy = '77000001';
    const takes = Promise.all([budgets.cabinetWrites.take(busy), budgets.cabinetWrites.take(busy), budgets.cabinetWrites.take(busy)]);
    await sleep(50);

    await queue.enqueue({ jobId: '00000000-0000-4000-8000-00000000d1a7', type: 'test.delayed' }, { delayMs: 60_000 });
    await t.sql(`insert into jobs (type, state) values ('catalogue.sync', 'queued'), ('catalogue.sync', 'running'), ('catalogue.sync', 'failed'), ('preorders.verify', 'failed')`);

    const res = await t.app.inject({ url: '/api/v1/admin/system/', headers: admin.headers });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes('s3cret-pass') && !res.body.includes('user:'), 'proxy credentials never leave the server');
    const view = res.json() as SystemView;

    assert.equal(view.database.ok, true);
    assert.equal(typeof view.database.latency_ms, 'number');
    assert.equal(view.redis?.ok, true);
    assert.equal(typeof view.redis?.latency_ms, 'number');

    assert.equal(view.queue.kind, 'bullmq');
    assert.equal(view.queue.delayed, 1);
    assert.equal(view.queue.failed, 2);
    assert.deepEqual(
      view.queue.by_type.find((q) => q.type === 'catalogue.sync'),
      { type: 'catalogue.sync', queued: 1, running: 1, failed: 1 },
    );

    const self = view.workers.find((w) => w.pid === process.pid);
    assert.ok(self?.alive, 'this process beats');
    assert.ok(Date.parse(self.last_seen_at) >= Date.parse(self.started_at));
    const gone = view.workers.find((w) => w.id === 'gone:1');
    assert.equal(gone?.alive, false);
    assert.equal(gone?.last_seen_at, new Date(deadSeen).toISOString());

    const busyBudget = view.budgets.find((b) => b.name === 'cabinet-writes' && b.key === busy);
    assert.ok(busyBudget, JSON.stringify(view.budgets));
    assert.equal(busyBudget.used, 3);
    assert.equal(busyBudget.limit, 1.5);
    assert.equal(busyBudget.window_ms, 1000);
    assert.equal(busyBudget.paused_until, null);
    const proxy = view.budgets.find((b) => b.name === 'storefront-reads');
    assert.equal(proxy?.key, 'http://10.1.2.3:3128');
    assert.ok(proxy?.paused_until);

    const banned = view.pauses.find((p) => p.store_id === store.id);
    assert.equal(banned?.kind, 'kaspi_429');
    assert.equal(banned?.store_name, 'Banned shop');
    assert.ok(Date.parse(banned.until) > Date.now() + 25 * 60_000);
    const rest = view.pauses.find((p) => p.store_id === resting.id);
    assert.equal(rest?.kind, 'kaspi_429', "the demper's own pause after a 429");
    const proxyRest = view.pauses.find((p) => p.kind === 'proxy_rest');
    assert.deepEqual({ ...proxyRest, until: undefined }, { store_id: null, store_name: null, kind: 'proxy_rest', key: 'http://10.1.2.3:3128', until: undefined });
    await takes;
  });

  test('a worker stopped cleanly leaves the list', async () => {
    await adminModule(t).stop();
    const view = (await t.app.inject({ url: '/api/v1/admin/system/', headers: admin.headers })).json() as SystemView;
    assert.equal(
      view.workers.find((w) => w.pid === process.pid),
      undefined,
    );
  });
});

describe('admin system view in embedded-like mode (no Redis)', () => {
  let t: TestApp;
  let admin: TestUser;
  before(async () => {
    t = await startTestApp();
    admin = await createAdmin(t, 'ops@example.kz');
  });
  after(async () => {
    await adminModule(t).stop();
    await t.close();
  });

  test('redis is null, the queue is in-process, the one process is the worker', async () => {
    adminModule(t).start();
    await t.container.budgets.storefrontReads.take('direct');
    const view = (await t.app.inject({ url: '/api/v1/admin/system/', headers: admin.headers })).json() as SystemView;
    assert.equal(view.redis, null);
    assert.equal(view.database.ok, true);
    assert.equal(view.queue.kind, 'in-process');
    assert.deepEqual(
      view.workers.map((w) => [w.pid, w.alive]),
      [[process.pid, true]],
    );
    const direct = view.budgets.find((b) => b.name === 'storefront-reads' && b.key === 'direct');
    assert.equal(direct?.used, 1);
    assert.equal(direct?.limit, 8);
  });
});
