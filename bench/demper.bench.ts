// `npm run bench:demper`: the repricer at scale against the simulator with Kaspi's limits on.
//
// 20,000 enabled products in 100 shops (200 each, one city), a few competitors per product (some of
// them dumper bots and random walkers), 4 egress proxies (sim/proxy/egress-proxy.ts), PostgreSQL and
// Redis, and N worker processes (`node --import tsx src/cli.ts worker`) for each N of BENCH_WORKERS.
// The check interval is set so the storefront read budget is the bottleneck (20,000 checks per cycle
// at 4 x 8 reads/s is a 625 s cycle against a 60 s interval): the runner should always be busy.
//
// Prints, per N: checks/s against the read budget (target >= 0.9), bans the simulator handed out
// (target 0), pricefeed writes per merchant (must stay within the write budget), reaction time to a
// competitor undercutting us (p50, p95), worker CPU per check and RSS; then the pure engine's
// decisions/s. Never fails on speed.
//
//   BENCH_WORKERS=1,2 BENCH_SECONDS=120 npm run bench:demper
//
// Other knobs: BENCH_WARMUP_SECONDS (20), BENCH_SHOPS (100), BENCH_PRODUCTS_PER_SHOP (200),
// BENCH_PROXIES (4), STOREFRONT_READS_PER_SECOND (8), KASPI_WRITES_PER_SECOND (1.5),
// BENCH_CHECK_INTERVAL_SECONDS (60), BENCH_PROBE_EVERY_SECONDS (5), BENCH_INGEST_DELAY_MS (5000),
// BENCH_NEXT_CHECK (`null`: every product due at once, as right after enabling; `staggered`: due
// times spread over one cycle in the past, consecutive in time belonging to different shops),
// BENCH_INSERT_ORDER (`interleaved`: consecutive product rows belong to different shops; `by-shop`:
// each shop's 200 rows together, as 100 separate catalogue syncs leave them),
// BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL (redis://127.0.0.1:6379).
import { type ChildProcess, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEgressProxies } from '../sim/proxy/egress-proxy.ts';
import { Prng } from '../sim/world/prng.ts';
import type { BehaviourSpec, ListingSpec, MerchantSpec, WorldSpec } from '../sim/world/world-types.ts';
import { simControl } from '../test/helpers/sim.ts';
import {
  ALMATY,
  banCounts,
  cpuTicks,
  type FleetProduct,
  fleetWorld,
  freshDatabase,
  lastSeq,
  merchantUid,
  migrate,
  envNumber as num,
  root,
  round10,
  rssBytes,
  type SimRequest,
  seedFleet,
  serveSimChild,
  sleep,
  spawnWorkers,
  startSimChild,
  stopProcess,
  workerEnv,
} from './demper-fleet.ts';

const env = process.env;

const SHOPS = num('BENCH_SHOPS', 100);
const PER_SHOP = num('BENCH_PRODUCTS_PER_SHOP', 200);
const SEED = num('BENCH_SEED', 7);

// ---------------------------------------------------------------------------------------------
// The world, generated the same way in the simulator's process and in this one (same seed).

interface BenchProduct extends FleetProduct {
  base: number;
  /** Competitors that do not move on their own: what the reaction probes push below us. */
  staticCompetitors: string[];
}

function benchWorld(): { spec: WorldSpec; products: BenchProduct[] } {
  const rng = new Prng(SEED);
  const merchants: MerchantSpec[] = Array.from({ length: 80 }, (_, i) => ({
    id: String(2_000_000 + i * 7919),
    name: `Competitor ${i}`,
    rating: i % 10 === 0 ? 0 : Math.round((3.5 + rng.next() * 1.5) * 10) / 10,
    reviews: i % 10 === 0 ? 0 : rng.int(5, 9000),
    deliveryDuration: rng.pick(['TODAY', 'TOMORROW', 'TILL_2_DAYS', 'TILL_5_DAYS'] as const),
    kaspiDelivery: rng.chance(0.7),
  }));
  const listings: ListingSpec[] = [];
  const products: BenchProduct[] = [];
  const total = SHOPS * PER_SHOP;
  for (let i = 0; i < total; i++) {
    const base = round10(Math.exp(Math.log(1000) + rng.next() * (Math.log(500_000) - Math.log(1000))));
    const productId = String(300_000_000 + i);
    const count = rng.int(3, 6);
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(rng.int(0, merchants.length - 1));
    let cheapest = Number.POSITIVE_INFINITY;
    const staticCompetitors: string[] = [];
    for (const m of chosen) {
      const price = Math.max(10, Math.round(base * (0.97 + rng.next() * 0.13)));
      cheapest = Math.min(cheapest, price);
      const r = rng.next();
      const behaviour: BehaviourSpec =
        r < 0.1
          ? { kind: 'dumper', step: rng.pick([1, 5, 10, 50]), every: rng.int(10, 60), floor: Math.max(10, Math.round(base * 0.9)) }
          : r < 0.15
            ? { kind: 'random-walk', step: Math.max(1, Math.round(base * 0.003)), every: rng.int(10, 40), floor: Math.round(base * 0.95), ceiling: Math.round(base * 1.1) }
            : { kind: 'static' };
      if (behaviour.kind === 'static') staticCompetitors.push(merchants[m]!.id);
      listings.push({ productId, merchantId: merchants[m]!.id, cityId: ALMATY, price, behaviour });
    }
    // 60% of our offers already lead (a steady state), 40% sit above the market (the demper lowers them).
    const ourPrice = rng.chance(0.6) ? Math.max(10, cheapest - 1) : Math.round(cheapest * (1.02 + rng.next() * 0.06));
    // Interleaved: consecutive products belong to different shops, as a busy deployment's queue would.
    products.push({
      index: i,
      shop: i % SHOPS,
      productId,
      sku: `B-${i}`,
      title: `Bench product ${i}`,
      base,
      ourPrice,
      minPrice: Math.max(10, Math.round(base * 0.92)),
      maxPrice: Math.round(base * 1.2),
      staticCompetitors,
    });
  }
  const spec = fleetWorld(SEED, SHOPS, merchants, listings, products);
  return { spec, products };
}

// ---------------------------------------------------------------------------------------------
// The simulator's own process: `--sim-child`. Starts, creates a cabinet session per shop (as a
// browser login would leave it) and reports its URL and the sessions over IPC.

if (process.argv.includes('--sim-child')) {
  await serveSimChild(SHOPS, { world: benchWorld().spec, ingestDelayMs: num('BENCH_INGEST_DELAY_MS', 5000), requestLogSize: 400_000 });
} else {
  await main();
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const settings = readSettings();
  printHeader(settings);
  const { products } = benchWorld();
  const results: Record<string, string>[] = [];
  for (const n of settings.workers) {
    results.push(await runOnce(settings, products, n));
  }
  // The pure engine, alone on the machine now.
  const engine = spawnSync(process.execPath, ['--import', 'tsx', 'bench/engine.bench.ts'], { cwd: root, encoding: 'utf8' });
  const engineLine = (engine.stdout ?? '').trim() || (engine.stderr ?? '').trim();
  printReport(settings, results, engineLine);
}

// ---------------------------------------------------------------------------------------------
// Settings and the printed report.

interface BenchSettings {
  workers: number[];
  seconds: number;
  warmup: number;
  proxies: number;
  reads: number;
  writes: number;
  interval: number;
  probeEvery: number;
  nextCheck: 'null' | 'staggered';
  insertOrder: 'interleaved' | 'by-shop';
  adminUrl: string;
  redisUrl: string;
  secretKey: string;
  clockTicks: number;
  logDir: string;
}

function readSettings(): BenchSettings {
  const nextCheck = env['BENCH_NEXT_CHECK'] ?? 'null';
  if (nextCheck !== 'null' && nextCheck !== 'staggered') throw new Error('BENCH_NEXT_CHECK is null or staggered');
  const insertOrder = env['BENCH_INSERT_ORDER'] ?? 'interleaved';
  if (insertOrder !== 'interleaved' && insertOrder !== 'by-shop') throw new Error('BENCH_INSERT_ORDER is interleaved or by-shop');
  return {
    workers: (env['BENCH_WORKERS'] ?? '1,2')
      .split(',')
      .map(Number)
      .filter((n) => n > 0),
    seconds: num('BENCH_SECONDS', 120),
    warmup: num('BENCH_WARMUP_SECONDS', 20),
    proxies: num('BENCH_PROXIES', 4),
    reads: num('STOREFRONT_READS_PER_SECOND', 8),
    writes: num('KASPI_WRITES_PER_SECOND', 1.5),
    interval: num('BENCH_CHECK_INTERVAL_SECONDS', 60),
    probeEvery: num('BENCH_PROBE_EVERY_SECONDS', 5),
    nextCheck,
    insertOrder,
    adminUrl: env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    secretKey: crypto.randomBytes(32).toString('hex'),
    clockTicks: Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100,
    logDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-demper-')),
  };
}

function printHeader(s: BenchSettings): void {
  console.log(
    `demper bench: ${SHOPS * PER_SHOP} products in ${SHOPS} shops (1 city), ${s.proxies} egress proxies x ${s.reads} storefront reads/s = ${s.proxies * s.reads} reads/s budget, ` +
      `${s.writes} writes/s per merchant, check interval ${s.interval} s, next_check_at ${s.nextCheck}, rows ${s.insertOrder}; simulator limits on (15 reads/s per IP, 3 writes/s per merchant); workers ${s.workers.join(', ')}; ` +
      `${s.warmup} s warm-up + ${s.seconds} s measured each; worker logs in ${s.logDir}`,
  );
}

/** One column of figures per worker count, then the engine's line and the settings. */
function printReport(s: BenchSettings, results: Record<string, string>[], engineLine: string): void {
  console.log('');
  const keys = Object.keys(results[0] ?? {});
  const width = Math.max(...keys.map((k) => k.length));
  const colWidth = Math.max(14, ...results.flatMap((r) => Object.values(r).map((v) => v.length)));
  console.log(`${'figure'.padEnd(width)}  ${results.map((r) => r['workers']!.padStart(colWidth)).join('  ')}`);
  for (const k of keys) {
    if (k === 'workers') continue;
    console.log(`${k.padEnd(width)}  ${results.map((r) => (r[k] ?? '').padStart(colWidth)).join('  ')}`);
  }
  console.log(`\nengine: ${engineLine.split('\n').pop()}`);
  console.log(
    `settings: DEMPER_CONCURRENCY=${env['DEMPER_CONCURRENCY'] ?? '48 (default)'} DEMPER_CLAIM_BATCH=${env['DEMPER_CLAIM_BATCH'] ?? '48 (default)'} ` +
      `DATABASE_POOL_SIZE=${env['DATABASE_POOL_SIZE'] ?? '10 (default)'} DEMPER_MIN_INTERVAL_SECONDS=${s.interval} check_interval_seconds=${s.interval}; ${os.cpus().length} CPUs`,
  );
}

// ---------------------------------------------------------------------------------------------
// One run with N workers: simulator and proxies, a fresh database, seeding, workers, the measured
// window, figures.

async function runOnce(s: BenchSettings, products: BenchProduct[], workerCount: number): Promise<Record<string, string>> {
  const sim = await startSimChild('bench/demper.bench.ts');
  const controlUrl = sim.controlUrl;
  const proxies = await startEgressProxies(s.proxies);
  const workers: ChildProcess[] = [];
  let db: pg.Pool | undefined;
  try {
    const database = await freshDatabase(s.adminUrl, 'kaspi_bench_demper');
    const serviceEnv = workerEnv(
      { proxies: s.proxies, reads: s.reads, writes: s.writes, minIntervalSeconds: s.interval, redisUrl: s.redisUrl, secretKey: s.secretKey, redisPrefix: 'bench-demper' },
      database.url,
      sim.ready.origin,
      proxies.urls,
    );
    migrate(serviceEnv);
    const seeded = performance.now();
    const rows = s.insertOrder === 'by-shop' ? [...products].sort((a, b) => a.shop - b.shop || a.index - b.index) : products;
    await seedFleet(database.url, sim.ready, rows, {
      secretKey: s.secretKey,
      checkIntervalSeconds: s.interval,
      productsPerShop: PER_SHOP,
      staggerSeconds: s.nextCheck === 'staggered' ? (SHOPS * PER_SHOP) / (s.proxies * s.reads) : 0,
    });
    const seedSeconds = (performance.now() - seeded) / 1000;
    db = new pg.Pool({ connectionString: database.url, max: 4 });

    await simControl(controlUrl, 'DELETE', '/requests');
    await simControl(controlUrl, 'DELETE', '/bans');
    workers.push(...(await startWorkers(s, serviceEnv, workerCount)));
    const window = await measureWindow(s, db, controlUrl, workers, products, workerCount);
    return figures(s, workerCount, seedSeconds, window);
  } finally {
    await Promise.all(workers.map((w) => stopProcess(w)));
    await db?.end();
    await proxies.close();
    await stopProcess(sim.child);
  }
}

/** `workerCount` worker processes, logging to the run's log folder, after the warm-up. */
async function startWorkers(s: BenchSettings, serviceEnv: NodeJS.ProcessEnv, workerCount: number): Promise<ChildProcess[]> {
  const workers = spawnWorkers(s.logDir, `n${workerCount}`, serviceEnv, workerCount);
  await sleep(s.warmup * 1000);
  for (const w of workers) if (w.exitCode !== null) throw new Error(`a worker exited during warm-up (code ${w.exitCode}); see ${s.logDir}`);
  return workers;
}

// ---------------------------------------------------------------------------------------------
// The measured window and its figures.

/** What the measured window saw: counters before and after, the simulator's log, probes, memory. */
interface WindowData {
  seconds: number;
  stats0: DemperStats;
  stats1: DemperStats;
  changedInWindow: number;
  checkedInWindow: number;
  cpuSeconds: number;
  bans0: { storefront: number; pricefeed: number };
  bans1: { storefront: number; pricefeed: number };
  log: { dropped: number; requests: SimRequest[] };
  t1: number;
  rss: number[];
  probes: Probe[];
  queued: { due: string; never: string };
}

async function measureWindow(s: BenchSettings, db: pg.Pool, controlUrl: string, workers: ChildProcess[], products: BenchProduct[], workerCount: number): Promise<WindowData> {
  const seq0 = await lastSeq(controlUrl);
  const stats0 = await statsSum(db);
  const cpu0 = workers.map((w) => cpuTicks(w.pid!));
  const bans0 = await banCounts(controlUrl);
  const t0 = Date.now();
  const rss: number[] = workers.map(() => 0);
  const probes: Probe[] = [];
  const probing = runProbes({ controlUrl, products, seed: SEED + workerCount, everySeconds: s.probeEvery }, probes, t0 + s.seconds * 1000);
  while (Date.now() - t0 < s.seconds * 1000) {
    await sleep(1000);
    for (const [i, w] of workers.entries()) rss[i] = Math.max(rss[i]!, rssBytes(w.pid!));
  }
  const t1 = Date.now();
  const stats1 = await statsSum(db);
  const changedInWindow = Number(
    (
      await db.query<{ n: string }>(`select count(distinct product_id) as n from price_history where source = 'demper' and status <> 'failed' and created_at >= $1 and created_at <= $2`, [
        new Date(t0),
        new Date(t1),
      ])
    ).rows[0]!.n,
  );
  const checkedInWindow = Number((await db.query<{ n: string }>(`select count(*) as n from products where last_check_time >= $1 and last_check_time <= $2`, [new Date(t0), new Date(t1)])).rows[0]!.n);
  const cpu1 = workers.map((w) => cpuTicks(w.pid!));
  const bans1 = await banCounts(controlUrl);
  await probing;
  const log = await simControl<{ dropped: number; requests: SimRequest[] }>(controlUrl, 'GET', `/requests?since=${seq0}`);
  const queued = await db.query<{ due: string; never: string }>(
    `select count(*) filter (where next_check_at is null or next_check_at <= now()) as due, count(*) filter (where next_check_at is null) as never from products where bot_active`,
  );
  return {
    seconds: (t1 - t0) / 1000,
    stats0,
    stats1,
    changedInWindow,
    checkedInWindow,
    cpuSeconds: cpu1.reduce((sum, c, i) => sum + (c - cpu0[i]!), 0) / s.clockTicks,
    bans0,
    bans1,
    log,
    t1,
    rss,
    probes,
    queued: queued.rows[0]!,
  };
}

/** Per merchant, pricefeed writes: the most in any 1 s, the highest average rate, the shortest gap. */
function writePacing(writes: SimRequest[], window: number): { maxInSecond: number; maxMerchantRate: number; minGapMs: number } {
  const byMerchant = new Map<string, number[]>();
  for (const w of writes) {
    const key = w.merchant ?? '?';
    if (!byMerchant.has(key)) byMerchant.set(key, []);
    byMerchant.get(key)!.push(w.at);
  }
  let maxInSecond = 0;
  let maxMerchantRate = 0;
  let minGapMs = Number.POSITIVE_INFINITY;
  for (const times of byMerchant.values()) {
    times.sort((a, b) => a - b);
    maxMerchantRate = Math.max(maxMerchantRate, times.length / window);
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j]! - times[i]! >= 1000) i++;
      maxInSecond = Math.max(maxInSecond, j - i + 1);
      if (j > 0) minGapMs = Math.min(minGapMs, times[j]! - times[j - 1]!);
    }
  }
  return { maxInSecond, maxMerchantRate, minGapMs };
}

function figures(s: BenchSettings, workerCount: number, seedSeconds: number, w: WindowData): Record<string, string> {
  const window = w.seconds;
  const inWindow = w.log.requests.filter((r) => r.at <= w.t1);
  const reads = inWindow.filter((r) => r.route === 'storefront.offers');
  const reads403 = reads.filter((r) => r.status === 403).length;
  const writes = inWindow.filter((r) => r.route === 'mc.pricefeed');
  const writes429 = writes.filter((r) => r.status === 429).length;
  const { maxInSecond, maxMerchantRate, minGapMs } = writePacing(writes, window);
  const readsByIp = new Map<string, number>();
  for (const r of reads) readsByIp.set(r.ip, (readsByIp.get(r.ip) ?? 0) + 1);

  const statsChecks = w.stats1.checks - w.stats0.checks;
  // demper_stats can undercount (see the report); products whose last check fell in the window
  // undercount only products checked twice. The larger is the better estimate.
  const checks = Math.max(statsChecks, w.checkedInWindow);
  const checksPerSecond = checks / window;
  const budget = s.proxies * s.reads;
  const done = w.probes
    .filter((p) => p.reactedMs !== null)
    .map((p) => p.reactedMs!)
    .sort((a, b) => a - b);
  const pending = w.probes.filter((p) => p.reactedMs === null);
  const pct = (q: number) => (done.length ? `${(done[Math.min(done.length - 1, Math.floor(q * done.length))]! / 1000).toFixed(1)} s` : 'n/a');
  return {
    workers: `N=${workerCount}`,
    'seed (s)': seedSeconds.toFixed(1),
    'checks (demper_stats)': String(statsChecks),
    'products checked (last_check)': String(w.checkedInWindow),
    'checks/s (larger of the two)': checksPerSecond.toFixed(2),
    'read budget (reads/s)': String(budget),
    'checks/s / budget (>= 0.9)': (checksPerSecond / budget).toFixed(3),
    'storefront reads/s (sim)': (reads.length / window).toFixed(2),
    'reads/s / budget': (reads.length / window / budget).toFixed(3),
    'reads per IP (sim)': [...readsByIp.entries()]
      .sort()
      .map(([ip, c]) => `${ip.split('.').pop()}:${c}`)
      .join(' '),
    'storefront 403s': String(reads403),
    'changes/s (demper_stats)': ((w.stats1.changes - w.stats0.changes) / window).toFixed(2),
    'changes/s (price_history)': (w.changedInWindow / window).toFixed(2),
    'errors/s': ((w.stats1.errors - w.stats0.errors) / window).toFixed(2),
    'bans storefront (0)': String(w.bans1.storefront - w.bans0.storefront),
    'bans pricefeed (0)': String(w.bans1.pricefeed - w.bans0.pricefeed),
    'pricefeed writes/s (all)': (writes.length / window).toFixed(2),
    'pricefeed 429s': String(writes429),
    'max writes/merchant in 1 s': `${maxInSecond} (sim limit 3)`,
    'max merchant writes/s avg': `${maxMerchantRate.toFixed(2)} (<= ${s.writes})`,
    'min gap same merchant': Number.isFinite(minGapMs) ? `${minGapMs} ms` : 'n/a',
    'reaction probes': `${done.length} reacted / ${w.probes.length}`,
    'reaction p50': pct(0.5),
    'reaction p95': pct(0.95),
    'reaction unresolved': pending.length
      ? `${pending.length} (waited ${Math.round(Math.min(...pending.map((p) => p.waitedMs)) / 1000)}-${Math.round(Math.max(...pending.map((p) => p.waitedMs)) / 1000)} s)`
      : '0',
    'worker CPU per check': checks ? `${((w.cpuSeconds / checks) * 1000).toFixed(2)} ms` : 'n/a',
    'worker CPU (% of 1 core)': `${((w.cpuSeconds / window) * 100).toFixed(0)}%`,
    'worker RSS max (MiB)': w.rss.map((b) => Math.round(b / 2 ** 20)).join(' + '),
    'due at end / never checked': `${w.queued.due} / ${w.queued.never}`,
    'sim log dropped': String(w.log.dropped),
  };
}

// ---------------------------------------------------------------------------------------------
// Reaction probes: every `everySeconds` a static competitor of a random product undercuts our
// visible price; the probe ends when our storefront price is below it again.

interface Probe {
  product: string;
  startedAt: number;
  reactedMs: number | null;
  waitedMs: number;
}

interface ProbeContext {
  controlUrl: string;
  products: BenchProduct[];
  seed: number;
  everySeconds: number;
}

async function runProbes(ctx: ProbeContext, out: Probe[], until: number): Promise<void> {
  const rng = new Prng(ctx.seed);
  const running: Promise<void>[] = [];
  while (Date.now() + ctx.everySeconds * 1000 < until) {
    const p = ctx.products[rng.int(0, ctx.products.length - 1)]!;
    if (p.staticCompetitors.length) running.push(probe(ctx, p, rng.pick(p.staticCompetitors), out, until).catch((err) => console.warn(`probe failed: ${err}`)));
    await sleep(ctx.everySeconds * 1000);
  }
  await Promise.all(running);
}

async function probe(ctx: ProbeContext, p: BenchProduct, competitor: string, out: Probe[], until: number): Promise<void> {
  const ours = await visiblePrice(ctx.controlUrl, p);
  if (ours === null) return;
  const target = ours - Math.max(1, Math.round(ours * 0.005));
  if (target <= p.minPrice + 1) return; // we could not follow it: not a reaction to measure
  await simControl(ctx.controlUrl, 'POST', '/competitors/price', { productId: p.productId, merchantId: competitor, cityId: ALMATY, price: target });
  const record: Probe = { product: p.productId, startedAt: Date.now(), reactedMs: null, waitedMs: 0 };
  out.push(record);
  while (Date.now() < until) {
    await sleep(500);
    const now = await visiblePrice(ctx.controlUrl, p);
    if (now !== null && now < target) {
      record.reactedMs = Date.now() - record.startedAt;
      return;
    }
  }
  record.waitedMs = Date.now() - record.startedAt;
}

async function visiblePrice(controlUrl: string, p: BenchProduct): Promise<number | null> {
  const view = await simControl<{ offers: { storefront: Record<string, { price: number } | null> }[] }>(controlUrl, 'GET', `/merchants/${merchantUid(p.shop)}/prices?sku=${encodeURIComponent(p.sku)}`);
  return view.offers[0]?.storefront[ALMATY]?.price ?? null;
}

interface DemperStats {
  checks: number;
  changes: number;
  errors: number;
}

async function statsSum(db: pg.Pool): Promise<DemperStats> {
  const r = await db.query<{ checks: string; changes: string; errors: string }>(
    'select coalesce(sum(checks), 0) as checks, coalesce(sum(changes), 0) as changes, coalesce(sum(errors), 0) as errors from demper_stats',
  );
  return { checks: Number(r.rows[0]!.checks), changes: Number(r.rows[0]!.changes), errors: Number(r.rows[0]!.errors) };
}
