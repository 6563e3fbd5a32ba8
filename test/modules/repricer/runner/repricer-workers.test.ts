// The repricer as it runs in production: several `worker` processes against one PostgreSQL and one
// Redis, repricing many shops on the simulator with Kaspi's limits on. The processes are real
// children; the test only sets up data (in-process API, no workers) and then watches, kills one worker,
// restarts Redis and expires the cabinet sessions under them.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RunningSimulator, startSimulator } from '../../../../sim/server.ts';
import type { WorldSpec } from '../../../../sim/world/world-types.ts';
import type { BrowserPool } from '../../../../src/infra/browser/browser-pool.ts';
import { createProduct, registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore, linkStoreDirectly, storePoints } from '../../../helpers/linked-store.ts';
import { simControl, simulatorEnv } from '../../../helpers/sim.ts';
import { merchantUid } from '../../../helpers/sim-worlds.ts';
import { waitFor } from '../../../helpers/wait.ts';
import { type RedisServer, startRedisServer, startWorker, type WorkerProcess } from '../../../helpers/worker-process.ts';

const C1 = '910001';
const C2 = '910002';
const BOT = '910003';
const SHOPS = [1, 2, 3, 4] as const;
type Shop = (typeof SHOPS)[number];
const PRODUCTS = ['901', '902', '903', '904', '905', '906'] as const;
type ProductId = (typeof PRODUCTS)[number];

// Each shop s uses step s, so every shop has prices of its own and a mix-up between shops shows.
const minOf902 = (s: Shop) => 800 + 10 * s;
const maxOf903 = (s: Shop) => 1900 - 100 * (s - 1);
const BOT_START = 1300;
const BOT_FLOOR = 1150;
/** Where each product starts in our shops (both cities), and its bounds. */
const start = (s: Shop, p: ProductId): number => ({ '901': 1100, '902': 1000, '903': 1000, '904': 1250, '905': 2000 - s, '906': 700 - s })[p];
const bounds = (s: Shop, p: ProductId): { min_price: number; max_price: number } =>
  ({
    '901': { min_price: 900, max_price: 1500 },
    '902': { min_price: minOf902(s), max_price: 1500 },
    '903': { min_price: 900, max_price: maxOf903(s) },
    '904': { min_price: 1000, max_price: 1500 },
    '905': { min_price: 1500, max_price: 2500 },
    '906': { min_price: 500, max_price: 900 },
  })[p];

/**
 * The static competitors' leading price per city; the test moves them and updates this. Every move is
 * down by more than the largest step (4): a smaller one leaves a shop already under the new leader,
 * where beat_first rightly holds.
 */
const leaders: Record<'901' | '905' | '906', { A: number; S: number }> = {
  '901': { A: 1000, S: 1050 },
  '905': { A: 2000, S: 2000 },
  '906': { A: 700, S: 700 },
};

/**
 * The price every rule asks for (beat_first = leader - step, inside [min, max]):
 *  902: the competitor is below our floor: hold at min; 903: competitors far above: our max;
 *  904: the dumper bot undercuts whoever is below it until its floor; we end one step under that floor.
 */
function expected(s: Shop, p: ProductId): { A: number; S: number } {
  switch (p) {
    case '902':
      return { A: minOf902(s), S: minOf902(s) };
    case '903':
      return { A: maxOf903(s), S: maxOf903(s) };
    case '904':
      return { A: BOT_FLOOR - s, S: 1200 - s };
    default:
      return { A: leaders[p].A - s, S: leaders[p].S - s };
  }
}

const sku = (s: Shop, p: ProductId) => `S${s}-${p}`;

/** After Redis comes back restarted, budgets hold this long (slots granted before may still be waiting). */
const RESTART_HOLD_SECONDS = 7;

function world(): WorldSpec {
  const points = [
    { name: 'PP1', cityId: ALMATY.id },
    { name: 'PP2', cityId: ASTANA.id },
  ];
  const both = (productId: string, merchantId: string, price: number) => [
    { productId, merchantId, cityId: ALMATY.id, price },
    { productId, merchantId, cityId: ASTANA.id, price },
  ];
  return {
    seed: 9,
    merchants: [
      { id: C1, name: 'Rival One', rating: 4.5, reviews: 100 },
      { id: C2, name: 'Rival Two', rating: 4.9, reviews: 300 },
      { id: BOT, name: 'Dumper Bot', rating: 4.0, reviews: 10 },
    ],
    products: PRODUCTS.map((id) => ({ id, title: `Product ${id}` })),
    listings: [
      { productId: '901', merchantId: C1, cityId: ALMATY.id, price: 1000 },
      { productId: '901', merchantId: C2, cityId: ALMATY.id, price: 1100 },
      { productId: '901', merchantId: C1, cityId: ASTANA.id, price: 1050 },
      ...both('902', C1, 500),
      ...both('903', C2, 3000),
      { productId: '904', merchantId: BOT, cityId: ALMATY.id, price: BOT_START, behaviour: { kind: 'dumper', step: 50, every: 1, floor: BOT_FLOOR } },
      { productId: '904', merchantId: C2, cityId: ALMATY.id, price: 1400 },
      { productId: '904', merchantId: C1, cityId: ASTANA.id, price: 1200 },
      ...both('905', C1, 2000),
      ...both('906', C2, 700),
    ],
    ownMerchants: SHOPS.map((s) => ({
      uid: merchantUid(s),
      name: `Shop ${s}`,
      points,
      offers: PRODUCTS.map((p) => ({ sku: sku(s, p), productId: p, model: `Model ${sku(s, p)}`, price: start(s, p), cityPrices: { [ALMATY.id]: start(s, p), [ASTANA.id]: start(s, p) } })),
    })),
    accounts: [],
    orders: [],
  };
}

interface Applied {
  offers: { sku: string; cityPrices: Record<string, number>; storefront: Record<string, { price: number } | null> }[];
}

interface LoggedRequest {
  seq: number;
  at: number;
  status: number;
  merchant: string | null;
  account: string | null;
}

describe('demper workers: two processes, one database, one Redis, against the simulator', { timeout: 240_000 }, () => {
  let sim: RunningSimulator;
  let redis: RedisServer;
  let pool: BrowserPool;
  let t: TestApp;
  let alice: TestUser;
  const shops = new Map<Shop, LinkedStore>();
  const workers: WorkerProcess[] = [];
  let workerEnv: Record<string, string | undefined>;
  /** Worker id -> how many times the poller saw it holding a claim. */
  const claimsSeen = new Map<string, number>();
  let poller: NodeJS.Timeout | undefined;
  let polling = false;

  const spawnWorker = async (name: string) => {
    const w = startWorker(name, workerEnv);
    workers.push(w);
    await waitFor(
      () => {
        if (!w.alive()) throw new Error(`worker ${name} exited at start: ${w.output().slice(-2000)}`);
        return w.workerId();
      },
      { timeoutMs: 45_000, intervalMs: 100, what: `worker ${name} to start its demper runner` },
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- ${name} output ---\n${w.output().slice(-3000)}`);
    });
    return w;
  };

  const mismatches = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const s of SHOPS) {
      const view = await simControl<Applied>(sim, 'GET', `/merchants/${merchantUid(s)}/prices`);
      for (const p of PRODUCTS) {
        const offer = view.offers.find((o) => o.sku === sku(s, p));
        const want = expected(s, p);
        const got = [ALMATY.id, ASTANA.id].map((c) => offer?.cityPrices[c]);
        const shown = [ALMATY.id, ASTANA.id].map((c) => offer?.storefront[c]?.price);
        if (got[0] !== want.A || got[1] !== want.S || shown[0] !== want.A || shown[1] !== want.S) {
          out.push(`${sku(s, p)} at ${got.join('/')} (storefront ${shown.join('/')}), want ${want.A}/${want.S}`);
        }
      }
    }
    return out;
  };

  /** Waits until every shop's every offer holds (and the storefront shows) the expected prices. */
  const converge = async (what: string, timeoutMs: number): Promise<number> => {
    const started = Date.now();
    let last: string[] = [];
    while (true) {
      last = await mismatches();
      if (!last.length) return Date.now() - started;
      if (Date.now() - started > timeoutMs) {
        const out = workers.map((w) => `--- ${w.name} (alive ${w.alive()}) ---\n${w.output().split('\n').slice(-15).join('\n')}`).join('\n');
        // Why the scheduler left them unread: each product's next check and its reason.
        const rows = await t.sql<{ sku: string; next_check_at: Date | null; reason: string | null; interval: string | null }>(
          `select kaspi_sku as sku, next_check_at, schedule->>'reason' as reason, schedule->>'interval_seconds' as interval from products order by kaspi_sku`,
        );
        const schedules = rows.map((r) => `${r.sku} next ${r.next_check_at?.toISOString() ?? '-'} (${r.reason ?? '-'}, ${r.interval ?? '-'} s)`).join('\n');
        assert.fail(`${what}: not there after ${timeoutMs} ms: ${last.join('; ')}\n${out}\n--- schedules at ${new Date().toISOString()} ---\n${schedules}`);
      }
      await sleep(250);
    }
  };

  const moveCompetitor = async (productId: '901' | '905' | '906', merchantId: string, price: number, city?: 'A' | 'S') => {
    await simControl(sim, 'POST', '/competitors/price', { productId, merchantId, price, ...(city && { cityId: city === 'A' ? ALMATY.id : ASTANA.id }) });
    if (city !== 'S') leaders[productId].A = price;
    if (city !== 'A') leaders[productId].S = price;
  };

  /**
   * Freezes `frozen` (SIGSTOP) at a moment it holds no claim, makes the move, and waits until every
   * shop answered it: only the other workers can have done that. Thaws it whatever happens.
   */
  const answeredWhileFrozen = async (frozen: WorkerProcess, move: () => Promise<void>, what: string): Promise<number> => {
    await waitFor(
      async () => {
        const [row] = await t.sql<{ n: number }>(`select count(*)::int as n from products where claimed_by = $1`, [frozen.workerId()]);
        if (row!.n > 0) return undefined;
        frozen.freeze();
        return true;
      },
      { timeoutMs: 10_000, intervalMs: 5, what: `${frozen.name} holding no claim` },
    );
    try {
      await move();
      return await converge(what, 30_000);
    } finally {
      frozen.thaw();
    }
  };

  /** For failure messages: the changes still waiting for the storefront, their products, and the workers' warnings. */
  const unsettledReport = async (): Promise<string> => {
    const rows = await t.sql(
      `select h.id, h.status, h.city_id, h.old_price, h.new_price, h.created_at, p.kaspi_sku, p.claimed_by, p.claimed_until, p.next_check_at, p.last_check_time, p.demper_state
         from price_history h join products p on p.id = h.product_id where h.status in ('sending', 'pushed') and h.verified_at is null`,
    );
    const warnings = workers.map(
      (w) =>
        `${w.name}: ${w
          .output()
          .split('\n')
          .filter((l) => /"level":(40|50|60)/.test(l))
          .slice(-5)
          .join('\n')}`,
    );
    return `now ${new Date().toISOString()}\nunsettled: ${JSON.stringify(rows, null, 1)}\n${warnings.join('\n')}`;
  };

  const pricefeedWrites = async (s: Shop): Promise<LoggedRequest[]> =>
    (await simControl<{ requests: LoggedRequest[] }>(sim, 'GET', `/requests?route=mc.pricefeed&merchant=${merchantUid(s)}`)).requests;
  const lastSeq = async (): Promise<number> => (await simControl<{ requests: LoggedRequest[] }>(sim, 'GET', '/requests?limit=1')).requests[0]?.seq ?? 0;

  before(async () => {
    redis = await startRedisServer();
    sim = await startSimulator({ world: world(), clock: 'real', ingestDelayMs: 300 });
    pool = sharedBrowserPool(1);
    // Set-up only: this container never starts workers (no Redis either): the children do all repricing.
    t = await startTestApp({ sim, browserPool: pool });
    alice = await registerUser(t.app);
    const points = storePoints([
      { name: 'PP1', city: ALMATY },
      { name: 'PP2', city: ASTANA },
    ]);
    for (const s of SHOPS) {
      const shop = await linkStoreDirectly(t, sim, alice, merchantUid(s), points);
      shops.set(s, shop);
      for (const p of PRODUCTS) {
        const price = start(s, p);
        const created = await createProduct(t.app, alice, shop.storeId, { kaspi_sku: sku(s, p), price, external_kaspi_id: p, step: s, ...bounds(s, p) });
        await t.sql(`update products set city_prices = $1::jsonb, availabilities = $2::jsonb, bot_active = true where id = $3`, [
          JSON.stringify([
            { city_id: ALMATY.id, price },
            { city_id: ASTANA.id, price },
          ]),
          JSON.stringify([
            { point: 'PP1', available: true, stock_count: 0, preorder_days: 0 },
            { point: 'PP2', available: true, stock_count: 0, preorder_days: 0 },
          ]),
          created.id,
        ]);
      }
      await t.sql(`insert into store_demper_settings (store_id, enabled, check_interval_seconds, priority_interval_seconds) values ($1, true, 2, 2)`, [shop.storeId]);
    }
    workerEnv = {
      DATABASE_URL: t.database.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `workers-${crypto.randomBytes(4).toString('hex')}`,
      SECRET_KEY: t.container.config.secretKey!,
      ...simulatorEnv(sim),
      BROWSER_POOL_SIZE: '1',
      DEMPER_MIN_INTERVAL_SECONDS: '1',
      DEMPER_VERIFY_DELAY_SECONDS: '0.5',
      DEMPER_MARKET_MAX_AGE_SECONDS: '1',
      DEMPER_RETRY_SECONDS: '1',
      DEMPER_LEASE_SECONDS: '10',
      BUDGET_RESTART_HOLD_SECONDS: String(RESTART_HOLD_SECONDS),
      SYNC_INTERVAL_HOURS: '0',
      CARDS_AFTER_SYNC: 'false',
      // info, not warn: the runner's id and the session renewals are info lines the test reads.
      LOG_LEVEL: 'info',
      MIGRATE_ON_START: 'false',
    };
    // Who holds claims, sampled all along (reported; the frozen-worker tests are what prove each one works).
    poller = setInterval(() => {
      if (polling) return;
      polling = true;
      t.sql<{ claimed_by: string }>(`select claimed_by from products where claimed_by is not null`)
        .then((rows) => {
          for (const r of rows) claimsSeen.set(r.claimed_by, (claimsSeen.get(r.claimed_by) ?? 0) + 1);
        })
        .catch(() => {})
        .finally(() => (polling = false));
    }, 100);
    await Promise.all([spawnWorker('worker-1'), spawnWorker('worker-2')]);
  });

  after(async () => {
    clearInterval(poller);
    await Promise.allSettled(workers.map((w) => w.stop(5_000)));
    await t?.close().catch(() => {});
    await pool?.close().catch(() => {});
    await sim?.close().catch(() => {});
    await redis?.kill().catch(() => {});
  });

  test('prices converge to the places the rules ask for, in every shop and city, and then stay put', async (ctx) => {
    const ms = await converge('initial convergence', 60_000);
    ctx.diagnostic(`converged in ${ms} ms`);
    // 1000 -> min is more than the 10 % max drop: the first step stopped at 900, in every shop.
    for (const s of SHOPS) {
      const rows = await t.sql<{ city_id: string; old_price: number; new_price: number; reason: string }>(
        `select h.city_id, h.old_price, h.new_price, h.reason from price_history h join products p on p.id = h.product_id
         where p.store_id = $1 and p.kaspi_sku = $2 and h.source = 'demper' and h.status <> 'failed' order by h.created_at`,
        [shops.get(s)!.storeId, sku(s, '902')],
      );
      for (const city of [ALMATY.id, ASTANA.id]) {
        const steps = rows.filter((r) => r.city_id === city).map((r) => `${r.old_price}->${r.new_price} ${r.reason}`);
        assert.deepEqual(steps, ['1000->900 max_drop_capped', `900->${minOf902(s)} at_floor_hold`], `shop ${s} 902 in ${city} went down in two capped steps: ${steps.join(', ')}`);
      }
    }
    // Settled: every check now holds; no write for a few seconds.
    const since = await lastSeq();
    await sleep(3000);
    const writes = (await simControl<{ requests: LoggedRequest[] }>(sim, 'GET', `/requests?route=mc.pricefeed&since=${since}`)).requests;
    assert.equal(writes.length, 0, `no price writes once converged (got ${writes.length})`);
    assert.deepEqual(await mismatches(), [], 'still converged');
  });

  test('both worker processes reprice: each one alone answers a change while the other is frozen', async (ctx) => {
    ctx.diagnostic(`claims seen so far (samples per worker): ${JSON.stringify([...claimsSeen])}`);
    const [w1, w2] = [workers[0]!, workers[1]!];
    assert.notEqual(w1.workerId(), w2.workerId(), 'two distinct runner ids');
    assert.deepEqual(
      [...claimsSeen.keys()].filter((id) => id !== w1.workerId() && id !== w2.workerId()),
      [],
      'nobody else claimed products',
    );
    ctx.diagnostic(`worker-2 alone: ${await answeredWhileFrozen(w1, () => moveCompetitor('906', C2, 695), 'worker-2 answering alone')} ms`);
    ctx.diagnostic(`worker-1 alone: ${await answeredWhileFrozen(w2, () => moveCompetitor('906', C2, 690), 'worker-1 answering alone')} ms`);
    // Checks are counted per store by both processes into the same rows.
    await waitFor(
      async () => {
        const rows = await t.sql<{ store_id: string; checks: number; changes: number }>(
          `select store_id, sum(checks)::int as checks, sum(changes)::int as changes from demper_stats group by store_id`,
        );
        return rows.length === SHOPS.length && rows.every((r) => r.checks > 0 && r.changes > 0) ? true : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 250, what: 'demper_stats with checks and changes for every shop' },
    );
  });

  test('a worker killed while pushing: the survivor takes its claims after the lease, settles its half-done changes, and keeps up', async (ctx) => {
    const liveIds = new Map(workers.filter((w) => w.alive()).map((w) => [w.workerId()!, w]));
    // Several changes per shop at once, so pushes queue on each shop's write budget ('sending' rows).
    await moveCompetitor('905', C1, 1900);
    await moveCompetitor('901', C1, 960, 'A');
    await moveCompetitor('906', C2, 685);
    await sleep(1100); // let cached storefront reads (1 s) run out, then check everything now
    await t.sql(`update products set next_check_at = now() where claimed_by is null`);
    const caught = await waitFor(
      async () => {
        const [row] = await t.sql<{ id: string; claimed_by: string }>(
          `select h.id, p.claimed_by from price_history h join products p on p.id = h.product_id
           where h.status = 'sending' and h.source = 'demper' and p.claimed_by is not null limit 1`,
        );
        return row && liveIds.has(row.claimed_by) ? row : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 10, what: "a worker in the middle of a push ('sending' row on a product it holds)" },
    );
    const victim = liveIds.get(caught.claimed_by)!;
    const exit = await victim.crash();
    assert.equal(exit, 'SIGKILL', `${victim.name} was killed`);
    const survivor = workers.find((w) => w.alive())!;
    assert.ok(survivor, 'one worker is left');

    const victimId = caught.claimed_by;
    const held = await t.sql<{ id: string; claimed_until: Date }>(`select id, claimed_until from products where claimed_by = $1`, [victimId]);
    const unsettled = await t.sql<{ id: string; status: string }>(`select id, status from price_history where status in ('sending', 'pushed') and verified_at is null`);
    ctx.diagnostic(`killed ${victim.name} holding ${held.length} claims; unsettled rows: ${unsettled.length} (${unsettled.filter((r) => r.status === 'sending').length} sending)`);
    assert.ok(held.length >= 1, `the killed worker held claims (${held.length})`);
    assert.ok(
      unsettled.some((r) => r.id === caught.id),
      'the change it was pushing is still unsettled',
    );

    // Move again while the killed worker's claims are still leased.
    await moveCompetitor('905', C1, 1850);
    const ms = await converge('convergence with one worker left', 45_000);
    ctx.diagnostic(`converged ${ms} ms after the second move`);

    // Its claims came back (lease 10 s) and were taken: nothing is held by a dead process, and each
    // product it held was checked again once its lease had run out.
    await waitFor(
      async () => {
        const rows = await t.sql<{ id: string; claimed_by: string | null; last_check_time: Date | null }>(`select id, claimed_by, last_check_time from products where id = any($1::uuid[])`, [
          held.map((h) => h.id),
        ]);
        const leaseEnd = new Map(held.map((h) => [h.id, h.claimed_until.getTime()]));
        return rows.every((r) => r.claimed_by !== victimId && (r.last_check_time?.getTime() ?? 0) > leaseEnd.get(r.id)!) ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, what: "the killed worker's products to be checked again after their leases" },
    );
    assert.equal((await t.sql<{ n: number }>(`select count(*)::int as n from products where claimed_by = $1`, [victimId]))[0]!.n, 0, 'no claim of the dead worker left');
    // What it left half done is settled by later checks (verified_at set): applied (Kaspi has it), failed
    // (it never got there), or superseded by a newer change (if it had been sent).
    await waitFor(
      async () => {
        const rows = await t.sql<{ verified_at: Date | null }>(`select verified_at from price_history where id = any($1::uuid[])`, [unsettled.map((r) => r.id)]);
        return rows.every((r) => r.verified_at !== null) ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, what: 'the rows unsettled at the kill to be settled' },
    ).catch(async (err: Error) => assert.fail(`${err.message}\n${await unsettledReport()}`));
    const [orphan] = await t.sql<{ status: string; error: string | null }>(`select status, error from price_history where id = $1`, [caught.id]);
    ctx.diagnostic(`the change caught mid-push ended ${orphan!.status}${orphan!.error ? `: ${orphan!.error}` : ''}`);
    assert.notEqual(orphan!.status, 'sending', "a change the killed worker left 'sending' does not stay so");
    assert.ok(survivor.alive(), 'the survivor is still running');
  });

  test('a replacement worker joins and does the work while the survivor is frozen', async (ctx) => {
    const w3 = await spawnWorker('worker-3');
    const survivor = workers.find((w) => w.alive() && w !== w3)!;
    ctx.diagnostic(`worker-3 alone: ${await answeredWhileFrozen(survivor, () => moveCompetitor('906', C2, 680), 'worker-3 answering alone')} ms`);
    assert.ok((claimsSeen.get(w3.workerId()!) ?? 0) > 0, `worker-3 was seen holding claims: ${JSON.stringify([...claimsSeen])}`);
  });

  test('Redis restarted under the workers: they reconnect, and changes made during and after the outage are answered', async (ctx) => {
    await converge('converged before the restart', 20_000);
    const live = workers.filter((w) => w.alive());
    assert.equal(live.length, 2, 'two workers running');
    const seqAtKill = await lastSeq();
    const outputAt = live.map((w) => w.output().length);
    await redis.kill();
    await moveCompetitor('906', C2, 675); // during the outage: nothing can be read or written within a budget
    await sleep(2000);
    const seqAtRestart = await lastSeq();
    await redis.start();
    const restartedAt = Date.now();
    // Write budgets live in Redis: while it is down no price goes to Kaspi. (Reads granted a slot just
    // before the kill may still go out; whether a worker logs a warning depends on ioredis's offline
    // queue, which may just hold the commands until Redis is back.)
    const during = (await simControl<{ requests: (LoggedRequest & { route: string })[] }>(sim, 'GET', `/requests?since=${seqAtKill}`)).requests.filter((r) => r.seq <= seqAtRestart);
    const warned = live.map(
      (w, i) =>
        w
          .output()
          .slice(outputAt[i])
          .split('\n')
          .filter((l) => l.includes('"level":40')).length,
    );
    ctx.diagnostic(`during the outage: ${during.length} Kaspi requests, warn lines per worker ${warned.join('/')}`);
    assert.deepEqual(
      during.filter((r) => r.route === 'mc.pricefeed'),
      [],
      'no price write without Redis (no write budget)',
    );
    const ms = await converge('the change made during the outage', 45_000);
    ctx.diagnostic(`answered ${ms} ms after Redis came back`);
    assert.ok(ms >= RESTART_HOLD_SECONDS * 1000 - 500, `nothing was answered while the budgets held (${ms} ms)`);
    // The restarted Redis has no schedule: the budgets held rather than granting on top of slots given
    // out before the kill (a write waits 3 s at most for its slot, and the outage took 2 of them).
    const writesInHold = (await simControl<{ requests: LoggedRequest[] }>(sim, 'GET', `/requests?route=mc.pricefeed&since=${seqAtRestart}`)).requests.filter(
      (r) => r.at >= restartedAt + 1_000 && r.at < restartedAt + RESTART_HOLD_SECONDS * 1000,
    );
    assert.deepEqual(
      writesInHold.map((r) => `+${r.at - restartedAt} ms`),
      [],
      'no price write while the budgets held',
    );
    await moveCompetitor('905', C1, 1800);
    await converge('a change after the restart', 30_000);
    for (const w of live) assert.ok(w.alive(), `${w.name} survived the Redis restart: ${w.output().split('\n').slice(-5).join('\n')}`);
  });

  test('cabinet sessions expire mid-run: the next push gets 401, the workers log in again with the saved password, and the change lands', async (ctx) => {
    const seq = await lastSeq();
    const before = await t.sql<{ id: string; session_version: number }>(`select id, session_version from kaspi_stores order by id`);
    const { expired } = await simControl<{ expired: number }>(sim, 'POST', '/sessions/expire', {});
    assert.ok(expired >= SHOPS.length, `every shop's session expired (${expired})`);
    await moveCompetitor('906', C2, 640);
    const ms = await converge('changes after the sessions expired', 60_000);
    ctx.diagnostic(`landed ${ms} ms after the expiry`);

    const unauthorized = (await simControl<{ requests: LoggedRequest[] }>(sim, 'GET', `/requests?route=mc.pricefeed&status=401&since=${seq}`)).requests;
    assert.ok(unauthorized.length >= 1, `the first pushes were refused with 401 (${unauthorized.length})`);
    for (const s of SHOPS) {
      const email = shops.get(s)!.email;
      const logins = (await simControl<{ requests: LoggedRequest[] }>(sim, 'GET', `/requests?path=/auth/v1/password&account=${encodeURIComponent(email)}&since=${seq}`)).requests;
      // One login per shop, however many workers hit the 401: the renewal runs under a lock in Redis.
      assert.equal(logins.length, 1, `shop ${s} logged in exactly once (${logins.length})`);
      assert.ok(
        logins.every((r) => r.status === 200),
        `shop ${s}'s login succeeded`,
      );
    }
    const after = await t.sql<{ id: string; session_version: number; needs_reauth: boolean }>(`select id, session_version, needs_reauth from kaspi_stores order by id`);
    for (const [i, row] of after.entries()) {
      assert.equal(row.needs_reauth, false, 'no store needs the user');
      assert.ok(row.session_version > before[i]!.session_version, 'a renewed session was saved');
    }
    const renewed = workers.map((w) => (w.output().match(/kaspi session renewed/g) ?? []).length).reduce((a, b) => a + b, 0);
    assert.equal(renewed, SHOPS.length, `the workers logged one renewal per shop (${renewed})`);
  });

  test('over the whole run: no ban, every shop within its write budget, no double work, nothing left claimed or unsettled', async (ctx) => {
    const bans = await simControl<{ counts: Record<string, number> }>(sim, 'GET', '/bans');
    assert.equal(
      Object.values(bans.counts).reduce((a, b) => a + b, 0),
      0,
      `no bans: ${JSON.stringify(bans.counts)}`,
    );
    const refused = (await simControl<{ requests: LoggedRequest[] }>(sim, 'GET', '/requests?status=429')).requests;
    const forbidden = (await simControl<{ requests: LoggedRequest[] }>(sim, 'GET', '/requests?status=403')).requests;
    assert.equal(refused.length + forbidden.length, 0, 'Kaspi never answered 429 or 403');

    // 1.5 writes/s per merchant account, whichever process sends them: never more than 2 in any second
    // as Kaspi counts them (on arrival). The gaps are reported; they are 667 ms at the budget, less
    // by however late a loaded machine sent the earlier write of a pair.
    for (const s of SHOPS) {
      const times = (await pricefeedWrites(s)).map((r) => r.at).sort((a, b) => a - b);
      assert.ok(times.length >= 8, `shop ${s}: pricefeed writes logged (${times.length})`);
      const gaps = times.slice(1).map((at, i) => at - times[i]!);
      ctx.diagnostic(`shop ${s}: ${times.length} writes, smallest gap ${Math.min(...gaps)} ms`);
      for (let i = 2; i < times.length; i++) {
        assert.ok(times[i]! - times[i - 2]! >= 1000, `shop ${s}: three writes within a second: ${times.slice(i - 2, i + 1).join(', ')}`);
      }
    }

    // No change pushed twice (two workers on one product at once would do that).
    const doubles = await t.sql<{ product_id: string; city_id: string; old_price: number; new_price: number }>(
      `select a.product_id, a.city_id, a.old_price, a.new_price from price_history a join price_history b
         on a.product_id = b.product_id and a.city_id is not distinct from b.city_id and a.old_price = b.old_price and a.new_price = b.new_price and a.id < b.id
       where a.source = 'demper' and b.source = 'demper' and a.status <> 'failed' and b.status <> 'failed'
         and abs(extract(epoch from a.created_at - b.created_at)) < 2`,
    );
    assert.deepEqual(doubles, [], 'no change recorded twice');

    // Nothing held by anyone past its lease, and every change settled.
    const stale = await t.sql<{ n: number }>(`select count(*)::int as n from products where claimed_until < now() - interval '3 seconds'`);
    assert.equal(stale[0]!.n, 0, 'no claim left behind');
    await waitFor(
      async () => ((await t.sql<{ n: number }>(`select count(*)::int as n from price_history where status in ('sending', 'pushed') and verified_at is null`))[0]!.n === 0 ? true : undefined),
      { timeoutMs: 15_000, intervalMs: 250, what: 'every price change verified' },
    ).catch(async (err: Error) => assert.fail(`${err.message}\n${await unsettledReport()}`));
    const statuses = await t.sql<{ status: string; n: number }>(`select status, count(*)::int as n from price_history where source = 'demper' group by status order by status`);
    const failed = await t.sql<{ error: string }>(`select error from price_history where status = 'failed'`);
    ctx.diagnostic(`history: ${statuses.map((r) => `${r.status} ${r.n}`).join(', ')}; failed: ${[...new Set(failed.map((f) => f.error))].join(' | ')}`);
    const applied = statuses.find((r) => r.status === 'applied')?.n ?? 0;
    assert.ok(applied >= SHOPS.length * 8, `most changes verified as applied (${applied})`);
    for (const w of workers.filter((x) => x.alive())) {
      assert.doesNotMatch(w.output(), /"level":(50|60)/, `${w.name} logged no error or fatal line`);
    }
  });
});
