// `npm run bench:reaction`: how fast the demper answers a competitor, with the `uniform` scheduler
// (every product in turn) and then the `adaptive` one, in the same world, on the same read budget.
//
// The world (one seed, the same for both runs): 20,000 enabled products in 100 shops, one city, each
// of our offers first at the start. 10 % are contested: one competitor bot each, two thirds of them
// dumpers that undercut the cheapest every 1-5 minutes at a steady step, one third answerers that
// undercut us 10-60 s after our price shows below theirs (sim/world: `dumper`, `answerer`). 90 % are
// quiet: static competitors only. On top of that the bench injects competitor changes at random times
// through the simulator's control API (a static competitor undercuts our visible price by 0.2-1 %), at
// one per product every BENCH_QUIET_HOURS on average: the quiet products' changes, the same schedule
// for both runs. Read budget: 4 egress proxies x 8 reads/s = 32 reads/s, Kaspi's limits on in the
// simulator (bans counted), ingest delay 5 s, as in bench:demper.
//
// Time: the simulator's clock runs at real speed (scale 1). The workers pace reads, schedule checks and
// wait for the ingest delay on the machine's clock, and the simulator enforces Kaspi's limits on its
// own: speeding the simulator up would shrink every reaction it measures, not compare schedulers. The
// clock stands still while the database is seeded and starts when the workers do, so both runs see
// the bots' timeline from the same instant.
//
// Each run: a fresh simulator and PostgreSQL database, the stores' `scheduler` set (when the column
// exists: before the adaptive scheduler is merged both runs are uniform, and the header says so), N
// workers, BENCH_WARMUP_SECONDS (default 1500: about two and a half uniform cycles, N/B = 625 s; the
// uniform run is at its steady state after one, and the adaptive scheduler needs a few reads of a
// product to learn its pace and time its wars), then the measured window, BENCH_SECONDS (default 330).
// Both together: about 32 minutes a run, 65 in all.
//
// Measured from the simulator's own price log (GET /_sim/price-changes): for every competitor change in
// the window that puts one of our offers out of first place, the time until our answering price is
// visible on the storefront (first place again, or at our floor). A change still unanswered at the
// window's end is censored: counted at (window end - change), a lower bound, and the number censored
// is printed. Also: the mean share of the window each offer sits first, storefront reads/s over the
// budget (from the simulator's request log), 403s, 429s and bans. Prints the issue's targets next to the
// ratios (uniform / adaptive) with ✓ or ✗; never fails on them.
//
//   BENCH_SHOPS=10 BENCH_PRODUCTS_PER_SHOP=200 BENCH_PROXIES=2 STOREFRONT_READS_PER_SECOND=1.6 \
//   BENCH_WARMUP_SECONDS=120 BENCH_SECONDS=120 npm run bench:reaction      (a small check of the machinery)
//
// Knobs: BENCH_SHOPS (100), BENCH_PRODUCTS_PER_SHOP (200), BENCH_SEED (7), BENCH_CONTESTED_SHARE (0.1),
// BENCH_ANSWERER_SHARE (share of bots that answer, 0.34), BENCH_QUIET_HOURS (3), BENCH_WARMUP_SECONDS
// (1500), BENCH_SECONDS (330), BENCH_WORKERS (1), BENCH_SCHEDULERS (uniform,adaptive), BENCH_PROXIES (4),
// STOREFRONT_READS_PER_SECOND (8), KASPI_WRITES_PER_SECOND (1.5), BENCH_CHECK_INTERVAL_SECONDS (60),
// BENCH_MAX_INTERVAL_SECONDS (3600), BENCH_MIN_INTERVAL_SECONDS (5), BENCH_INGEST_DELAY_MS (5000),
// BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL (redis://127.0.0.1:6379).
// Each scheduler's run has its own database and Redis prefix, so BENCH_SCHEDULERS=uniform and
// BENCH_SCHEDULERS=adaptive may run at once, in two processes, on a machine with the cores for both.
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEgressProxies } from '../sim/proxy/egress-proxy.ts';
import { Prng } from '../sim/world/prng.ts';
import type { ListingSpec, MerchantSpec, WorldSpec } from '../sim/world/world-types.ts';
import { loadConfig } from '../src/config/index.ts';
import { createContainer } from '../src/container.ts';
import { simControl } from '../test/helpers/sim.ts';
import {
  ALMATY,
  banCounts,
  type FleetProduct,
  fleetWorld,
  freshDatabase,
  lastSeq,
  merchantUid,
  migrate,
  envNumber as num,
  round10,
  type SimRequest,
  seedFleet,
  serveSimChild,
  sleep,
  spawnWorkers,
  startSimChild,
  stopProcess,
  workerEnv,
} from './demper-fleet.ts';
import { type LoggedPriceChange, measureReactions, type OfferUnderTest, quantile, type Reaction, type ReactionFigures } from './reaction-figures.ts';

const env = process.env;
const SHOPS = num('BENCH_SHOPS', 100);
const PER_SHOP = num('BENCH_PRODUCTS_PER_SHOP', 200);
const SEED = num('BENCH_SEED', 7);
const CONTESTED_SHARE = num('BENCH_CONTESTED_SHARE', 0.1);
const ANSWERER_SHARE = num('BENCH_ANSWERER_SHARE', 0.34);
const INGEST_DELAY_MS = num('BENCH_INGEST_DELAY_MS', 5000);

// ---------------------------------------------------------------------------------------------
// The world, generated the same way in the simulator's process and in this one (same seed).

interface ReactionProduct extends FleetProduct, OfferUnderTest {
  bot: 'dumper' | 'answerer' | null;
  /** Competitors that do not move on their own: the ones the injected changes move. */
  staticCompetitors: string[];
}

function reactionWorld(): { spec: WorldSpec; products: ReactionProduct[] } {
  const rng = new Prng(SEED);
  const merchants: MerchantSpec[] = Array.from({ length: 80 }, (_, i) => ({
    id: String(2_000_000 + i * 7919),
    name: `Competitor ${i}`,
    rating: Math.round((3.5 + rng.next() * 1.5) * 10) / 10,
    reviews: rng.int(5, 9000),
    deliveryDuration: rng.pick(['TODAY', 'TOMORROW', 'TILL_2_DAYS'] as const),
    kaspiDelivery: true,
  }));
  const listings: ListingSpec[] = [];
  const products: ReactionProduct[] = [];
  const total = SHOPS * PER_SHOP;
  const logUniform = (lo: number, hi: number) => round10(Math.exp(Math.log(lo) + rng.next() * (Math.log(hi) - Math.log(lo))));
  for (let i = 0; i < total; i++) {
    const contested = rng.chance(CONTESTED_SHARE);
    // Fought-over products are not the cheapest ones: a war at a steady step then lasts the whole run
    // without pushing anyone to a floor (which would end it).
    const base = contested ? logUniform(20_000, 500_000) : logUniform(1000, 500_000);
    const productId = String(300_000_000 + i);
    const competitors = new Map<string, number>();
    const staticCompetitors: string[] = [];
    const count = rng.int(3, 5);
    while (competitors.size < count) {
      const m = merchants[rng.int(0, merchants.length - 1)]!.id;
      if (competitors.has(m)) continue;
      const price = Math.round(base * (1 + rng.next() * 0.1));
      competitors.set(m, price);
      staticCompetitors.push(m);
      listings.push({ productId, merchantId: m, cityId: ALMATY, price });
    }
    let bot: ReactionProduct['bot'] = null;
    if (contested) {
      let m = merchants[rng.int(0, merchants.length - 1)]!.id;
      while (competitors.has(m)) m = merchants[rng.int(0, merchants.length - 1)]!.id;
      const price = Math.round(base * (0.99 + rng.next() * 0.01));
      const step = Math.max(1, Math.round(base * (0.0002 + rng.next() * 0.0003)));
      const floor = Math.round(base * 0.85);
      bot = rng.chance(ANSWERER_SHARE) ? 'answerer' : 'dumper';
      const every = rng.int(60, 300);
      listings.push({
        productId,
        merchantId: m,
        cityId: ALMATY,
        price,
        behaviour: bot === 'answerer' ? { kind: 'answerer', step, delay: rng.int(10, 60), floor } : { kind: 'dumper', step, every, floor, phase: rng.int(0, every - 1) },
      });
      competitors.set(m, price);
    }
    const ourPrice = Math.max(10, Math.min(...competitors.values()) - 1);
    products.push({
      index: i,
      shop: i % SHOPS,
      productId,
      sku: `R-${i}`,
      title: `Reaction product ${i}`,
      ourPrice,
      minPrice: Math.max(10, Math.round(base * 0.92)),
      maxPrice: Math.round(base * 1.2),
      contested,
      bot,
      competitors,
      staticCompetitors,
    });
  }
  const spec = fleetWorld(SEED, SHOPS, merchants, listings, products);
  return { spec, products };
}

if (process.argv.includes('--sim-child')) {
  // The clock stands still until the parent starts the run (POST /_sim/time/mode real).
  await serveSimChild(SHOPS, { world: reactionWorld().spec, clock: 'manual', ingestDelayMs: INGEST_DELAY_MS, requestLogSize: 600_000, priceLogSize: 2_000_000 });
} else {
  await main();
}

// ---------------------------------------------------------------------------------------------

type Scheduler = 'uniform' | 'adaptive';

interface Settings {
  schedulers: Scheduler[];
  workers: number;
  warmup: number;
  seconds: number;
  quietHours: number;
  proxies: number;
  reads: number;
  writes: number;
  interval: number;
  maxInterval: number;
  minInterval: number;
  adminUrl: string;
  redisUrl: string;
  secretKey: string;
  logDir: string;
}

function readSettings(): Settings {
  const schedulers = (env['BENCH_SCHEDULERS'] ?? 'uniform,adaptive').split(',').map((s) => s.trim());
  for (const s of schedulers) if (s !== 'uniform' && s !== 'adaptive') throw new Error('BENCH_SCHEDULERS lists uniform and/or adaptive');
  return {
    schedulers: schedulers as Scheduler[],
    workers: Math.max(1, num('BENCH_WORKERS', 1)),
    warmup: num('BENCH_WARMUP_SECONDS', 1500),
    seconds: Math.max(1, num('BENCH_SECONDS', 330)),
    quietHours: Math.max(0.01, num('BENCH_QUIET_HOURS', 3)),
    proxies: num('BENCH_PROXIES', 4),
    reads: num('STOREFRONT_READS_PER_SECOND', 8),
    writes: num('KASPI_WRITES_PER_SECOND', 1.5),
    interval: num('BENCH_CHECK_INTERVAL_SECONDS', 60),
    maxInterval: num('BENCH_MAX_INTERVAL_SECONDS', 3600),
    minInterval: num('BENCH_MIN_INTERVAL_SECONDS', 5),
    adminUrl: env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    secretKey: crypto.randomBytes(32).toString('hex'),
    logDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reaction-')),
  };
}

async function main(): Promise<void> {
  const s = readSettings();
  const { products } = reactionWorld();
  const injections = injectionSchedule(s, products);
  const contested = products.filter((p) => p.contested);
  const answerers = contested.filter((p) => p.bot === 'answerer').length;
  console.log(
    `reaction bench: ${products.length} products in ${SHOPS} shops (1 city), ${contested.length} contested (${contested.length - answerers} dumpers every 60-300 s, ${answerers} answerers 10-60 s after us), ` +
      `${products.length - contested.length} quiet; ${injections.length} injected competitor changes (one per product every ${s.quietHours} h on average); ` +
      `${s.proxies} egress proxies x ${s.reads} reads/s = ${budgetOf(s)} reads/s budget, ${s.writes} writes/s per merchant, simulator limits on, ingest delay ${INGEST_DELAY_MS / 1000} s; ` +
      `simulator clock at real speed (scale 1); check_interval_seconds ${s.interval}, max_interval_seconds ${s.maxInterval}, DEMPER_MIN_INTERVAL_SECONDS ${s.minInterval}; ` +
      `${s.workers} worker(s); ${s.warmup} s warm-up + ${s.seconds} s measured per run; censored changes counted at the window's end (a lower bound); worker logs in ${s.logDir}`,
  );
  const runs: RunResult[] = [];
  for (const scheduler of s.schedulers) {
    console.log(`\n[${scheduler}] starting (${new Date().toISOString()})`);
    const result = await runOnce(s, products, injections, scheduler);
    console.log(`[${scheduler}] done: ${result.figures.reactions.length} changes measured, scheduler column ${result.schedulerColumn ? 'present' : 'ABSENT (ran uniform)'}`);
    runs.push(result);
  }
  printReport(s, runs);
}

// ---------------------------------------------------------------------------------------------
// Injected competitor changes: the same times, products and sizes in both runs.

interface Injection {
  /** ms after the run's start. */
  atMs: number;
  product: number;
  competitor: number;
  /** The competitor undercuts our visible price by this share. */
  fraction: number;
}

function injectionSchedule(s: Settings, products: ReactionProduct[]): Injection[] {
  const rng = new Prng(SEED * 7919 + 13);
  const ratePerMs = products.length / (s.quietHours * 3_600_000);
  const endMs = (s.warmup + s.seconds) * 1000;
  const out: Injection[] = [];
  for (let t = -Math.log(1 - rng.next()) / ratePerMs; t < endMs; t += -Math.log(1 - rng.next()) / ratePerMs) {
    out.push({ atMs: t, product: rng.int(0, products.length - 1), competitor: rng.int(0, 100), fraction: 0.002 + rng.next() * 0.008 });
  }
  return out;
}

/** Plays the schedule against the simulator until `stop()`; changes that would go below our floor are skipped. */
function runInjections(controlUrl: string, products: ReactionProduct[], schedule: Injection[], startedAt: number): { stop(): Promise<void>; stats: { done: number; skipped: number; failed: number } } {
  const stats = { done: 0, skipped: 0, failed: 0 };
  let stopped = false;
  const loop = (async () => {
    for (const inj of schedule) {
      const wait = startedAt + inj.atMs - Date.now();
      if (wait > 0) await sleep(wait);
      if (stopped) return;
      const p = products[inj.product]!;
      try {
        const view = await simControl<{ offers: { storefront: Record<string, { price: number } | null> }[] }>(
          controlUrl,
          'GET',
          `/merchants/${merchantUid(p.shop)}/prices?sku=${encodeURIComponent(p.sku)}`,
        );
        const ours = view.offers[0]?.storefront[ALMATY]?.price;
        const target = ours === undefined ? 0 : ours - Math.max(1, Math.round(ours * inj.fraction));
        if (target <= p.minPrice + 1) {
          stats.skipped++;
          continue;
        }
        const merchantId = p.staticCompetitors[inj.competitor % p.staticCompetitors.length]!;
        await simControl(controlUrl, 'POST', '/competitors/price', { productId: p.productId, merchantId, cityId: ALMATY, price: target });
        stats.done++;
      } catch {
        stats.failed++;
      }
    }
  })();
  return {
    stats,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// One run: a fresh simulator and database, the scheduler set, workers, warm-up, the measured window.

interface RunResult {
  scheduler: Scheduler;
  schedulerColumn: boolean;
  figures: ReactionFigures;
  windowSeconds: number;
  reads: number;
  reads403: number;
  writes: number;
  writes429: number;
  bans: { storefront: number; pricefeed: number };
  ownChanges: number;
  injected: { done: number; skipped: number; failed: number };
  logDropped: number;
  status: unknown;
  /** Kaspi product id -> the scheduler's state of the product at the window's end (war, probe, or its reason). */
  states: Map<string, string>;
}

async function runOnce(s: Settings, products: ReactionProduct[], injections: Injection[], scheduler: Scheduler): Promise<RunResult> {
  const sim = await startSimChild('bench/reaction.bench.ts');
  const controlUrl = sim.controlUrl;
  const proxies = await startEgressProxies(s.proxies);
  let workers: ChildProcess[] = [];
  let injecting: ReturnType<typeof runInjections> | undefined;
  try {
    const database = await freshDatabase(s.adminUrl, `kaspi_bench_reaction_${scheduler}`);
    const serviceEnv = workerEnv(
      { proxies: s.proxies, reads: s.reads, writes: s.writes, minIntervalSeconds: s.minInterval, redisUrl: s.redisUrl, secretKey: s.secretKey, redisPrefix: `bench-reaction-${scheduler}` },
      database.url,
      sim.ready.origin,
      proxies.urls,
    );
    migrate(serviceEnv);
    const seeded = performance.now();
    const { owners } = await seedFleet(database.url, sim.ready, products, { secretKey: s.secretKey, checkIntervalSeconds: s.interval, productsPerShop: PER_SHOP });
    const schedulerColumn = await setScheduler(database.url, scheduler, s.maxInterval);
    console.log(`[${scheduler}] seeded in ${((performance.now() - seeded) / 1000).toFixed(0)} s`);

    await simControl(controlUrl, 'DELETE', '/requests');
    await simControl(controlUrl, 'DELETE', '/bans');
    // The world's clock starts with the workers: both runs see the bots from the same instant.
    const start = (await simControl<{ now: number }>(controlUrl, 'POST', '/time/mode', { mode: 'real' })).now;
    const startedAt = Date.now();
    workers = spawnWorkers(s.logDir, scheduler, serviceEnv, s.workers);
    injecting = runInjections(controlUrl, products, injections, startedAt);
    await sleepWatching(workers, s.warmup * 1000, s.logDir);
    const from = (await simControl<{ now: number }>(controlUrl, 'GET', '/time')).now;
    const seq0 = await lastSeq(controlUrl);
    const bans0 = await banCounts(controlUrl);
    await sleepWatching(workers, s.seconds * 1000, s.logDir);
    const until = (await simControl<{ now: number }>(controlUrl, 'GET', '/time')).now;
    const bans1 = await banCounts(controlUrl);
    const status = await schedulerStatus(serviceEnv, owners[0]).catch((err) => `status failed: ${err}`);
    const states = await scheduleStates(database.url);
    await injecting.stop();

    const changes = await simControl<{ dropped: number; changes: (LoggedPriceChange & { cause: string })[] }>(controlUrl, 'GET', `/price-changes?from=${start}`);
    const requests = await simControl<{ dropped: number; requests: SimRequest[] }>(controlUrl, 'GET', `/requests?since=${seq0}`);
    const inWindow = requests.requests.filter((r) => r.at >= from && r.at <= until);
    const reads = inWindow.filter((r) => r.route === 'storefront.offers');
    const writes = inWindow.filter((r) => r.route === 'mc.pricefeed');
    return {
      scheduler,
      schedulerColumn,
      figures: measureReactions(products, changes.changes, ALMATY, from, until),
      windowSeconds: (until - from) / 1000,
      reads: reads.length,
      reads403: reads.filter((r) => r.status === 403).length,
      writes: writes.length,
      writes429: writes.filter((r) => r.status === 429).length,
      bans: { storefront: bans1.storefront - bans0.storefront, pricefeed: bans1.pricefeed - bans0.pricefeed },
      ownChanges: changes.changes.filter((c) => c.own && c.at >= from && c.at <= until).length,
      injected: injecting.stats,
      logDropped: changes.dropped + requests.dropped,
      status,
      states,
    };
  } finally {
    await injecting?.stop();
    await Promise.all(workers.map((w) => stopProcess(w)));
    await proxies.close();
    await stopProcess(sim.child);
  }
}

/** Sets every store's scheduler (and longest interval) when the columns exist; false when they do not yet. */
async function setScheduler(databaseUrl: string, scheduler: Scheduler, maxInterval: number): Promise<boolean> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const columns = new Set(
      (
        await db.query<{ column_name: string }>(
          `select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'store_demper_settings' and column_name in ('scheduler', 'max_interval_seconds')`,
        )
      ).rows.map((r) => r.column_name),
    );
    if (columns.has('scheduler')) await db.query('update store_demper_settings set scheduler = $1', [scheduler]);
    if (columns.has('max_interval_seconds')) await db.query('update store_demper_settings set max_interval_seconds = $1', [maxInterval]);
    return columns.has('scheduler');
  } finally {
    await db.end();
  }
}

/**
 * The scheduler part of one store's demper status (budget, demand, longest overdue, products in war),
 * as GET /api/v1/kaspi/stores/{id}/demper/status/ shows it, when this build has it: read through the
 * repricer's settings service on a container of the run's settings (it starts no workers). Null when absent.
 */
async function schedulerStatus(serviceEnv: NodeJS.ProcessEnv, owner: { userId: string; storeId: string } | undefined): Promise<unknown> {
  if (!owner) return null;
  const container = await createContainer(loadConfig({ ...serviceEnv, LOG_LEVEL: 'silent' }));
  try {
    const status: Record<string, unknown> = await container.services.repricerSettings.status({ userId: owner.userId, isAdmin: false }, owner.storeId);
    return status['scheduler'] ?? null;
  } finally {
    await container.close();
  }
}

/**
 * Each product's scheduling state at the window's end: 'war' (timed on a rival's clock), 'probe' (a
 * suspected war being timed), else its reason; 'none' before the adaptive scheduler. For the figures'
 * breakdown: where the contested reactions' time goes.
 */
async function scheduleStates(databaseUrl: string): Promise<Map<string, string>> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const hasColumn = (await db.query(`select 1 from information_schema.columns where table_schema = current_schema() and table_name = 'products' and column_name = 'schedule'`)).rowCount;
    if (!hasColumn) return new Map();
    const rows = await db.query<{ id: string; state: string | null }>(
      `select external_kaspi_id as id,
              case when jsonb_typeof(schedule->'war') = 'object' then 'war'
                   when jsonb_typeof(schedule->'probe') = 'object' then 'probe'
                   else schedule->>'reason' end as state
         from products`,
    );
    return new Map(rows.rows.map((r) => [r.id, r.state ?? 'none']));
  } finally {
    await db.end();
  }
}

/** Sleeps `ms`, failing early if a worker exits. */
async function sleepWatching(workers: ChildProcess[], ms: number, logDir: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await sleep(Math.min(1000, end - Date.now()));
    for (const w of workers) if (w.exitCode !== null) throw new Error(`a worker exited (code ${w.exitCode}); see ${logDir}`);
  }
}

function budgetOf(s: Settings): number {
  return s.proxies * s.reads;
}

// ---------------------------------------------------------------------------------------------
// The report.

function printReport(s: Settings, runs: RunResult[]): void {
  const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'n/a');
  const groups: [string, (r: Reaction) => boolean][] = [
    ['contested', (r) => r.contested],
    ['quiet', (r) => !r.contested],
    ['all', () => true],
  ];
  const rows: { figure: string; values: string[]; ratio?: number; target?: string; met?: boolean }[] = [];
  const ratioOf = (values: number[]) => (values.length === 2 && values[1]! > 0 ? values[0]! / values[1]! : undefined);
  for (const [name, pick] of groups) {
    const sets = runs.map((r) => r.figures.reactions.filter(pick));
    rows.push({ figure: `${name}: changes (censored)`, values: sets.map((set) => `${set.length} (${set.filter((r) => r.censored).length})`) });
    // Censored changes sit in the quantiles at a lower bound: the share answered at all in the window says how much.
    const answered = sets.map((set) => (set.length ? set.filter((r) => !r.censored).length / set.length : Number.NaN));
    rows.push({ figure: `${name}: answered in the window`, values: answered.map((a) => (Number.isFinite(a) ? a.toFixed(3) : 'n/a')) });
    for (const q of [0.5, 0.95]) {
      const values = sets.map((set) => quantile(set, q));
      const ratio = ratioOf(values);
      const target = q === 0.5 ? ({ contested: 5, all: 3, quiet: 0.5 } as Record<string, number>)[name] : undefined;
      rows.push({
        figure: `${name}: reaction p${q * 100}`,
        values: values.map(seconds),
        ...(ratio !== undefined && { ratio }),
        ...(target !== undefined && { target: `>= ${target}`, met: ratio !== undefined && ratio >= target }),
      });
    }
  }
  rows.push({ figure: 'changes that left us first (not counted)', values: runs.map((r) => String(r.figures.harmless)) });
  for (const g of ['all', 'contested', 'quiet'] as const) {
    const values = runs.map((r) => r.figures.inPlace[g]);
    const ratio = ratioOf(values);
    rows.push({ figure: `time first, mean of offers (${g})`, values: values.map((v) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a')), ...(ratio !== undefined && { ratio }) });
  }
  const used = runs.map((r) => r.reads / r.windowSeconds / budgetOf(s));
  rows.push({ figure: 'storefront reads/s (sim log)', values: runs.map((r) => (r.reads / r.windowSeconds).toFixed(2)) });
  const lastUsed = used.at(-1)!;
  rows.push({ figure: 'reads/s / budget', values: used.map((u) => u.toFixed(3)), target: '>= 0.95 (last run)', met: lastUsed >= 0.95 });
  const lastBans = runs.at(-1)!;
  const bansTotal = lastBans.bans.storefront + lastBans.bans.pricefeed;
  rows.push({ figure: 'storefront 403s / pricefeed 429s', values: runs.map((r) => `${r.reads403} / ${r.writes429}`) });
  rows.push({
    figure: 'bans storefront / pricefeed',
    values: runs.map((r) => `${r.bans.storefront} / ${r.bans.pricefeed}`),
    target: '0 (last run)',
    met: bansTotal === 0 && lastBans.reads403 + lastBans.writes429 === 0,
  });
  rows.push({ figure: 'pricefeed writes/s', values: runs.map((r) => (r.writes / r.windowSeconds).toFixed(2)) });
  rows.push({ figure: 'our prices shown in window', values: runs.map((r) => String(r.ownChanges)) });
  rows.push({ figure: 'injected (done/skipped/failed)', values: runs.map((r) => `${r.injected.done}/${r.injected.skipped}/${r.injected.failed}`) });
  rows.push({ figure: 'window (s)', values: runs.map((r) => r.windowSeconds.toFixed(0)) });
  rows.push({ figure: 'sim log dropped', values: runs.map((r) => String(r.logDropped)) });
  rows.push({ figure: 'scheduler column', values: runs.map((r) => (r.schedulerColumn ? 'yes' : 'absent')) });

  const headers = ['figure', ...runs.map((r) => r.scheduler), ...(runs.length === 2 ? ['uniform/adaptive', 'target'] : [])];
  const table = rows.map((r) => [
    r.figure,
    ...r.values,
    ...(runs.length === 2 ? [r.ratio !== undefined ? `${r.ratio.toFixed(2)}x` : '', r.target !== undefined ? `${r.target} ${r.met ? '✓' : '✗'}` : ''] : []),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  console.log('');
  console.log(headers.map((h, i) => (i === 0 ? h.padEnd(widths[i]!) : h.padStart(widths[i]!))).join('  '));
  for (const row of table) console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  if (runs.some((r) => !r.schedulerColumn)) console.log('\nnote: store_demper_settings.scheduler does not exist in this build: every run used the uniform scheduler.');
  for (const r of runs) if (r.status) console.log(`\n${r.scheduler} status of shop 0: ${JSON.stringify(r.status)}`);
  printBreakdown(runs, seconds);
}

/** Contested reactions by the bot's kind and by the product's scheduling state at the window's end. */
function printBreakdown(runs: RunResult[], seconds: (ms: number) => string): void {
  const botOf = new Map(reactionWorld().products.map((p) => [p.productId, p.bot ?? 'none']));
  for (const r of runs) {
    const contested = r.figures.reactions.filter((x) => x.contested);
    const groups = new Map<string, Reaction[]>();
    for (const x of contested) {
      for (const key of [`bot ${botOf.get(x.productId)}`, `state ${r.states.get(x.productId) ?? 'none'}`]) {
        const list = groups.get(key) ?? [];
        list.push(x);
        groups.set(key, list);
      }
    }
    console.log(`\n${r.scheduler}: contested changes by bot and by the product's state at the end (changes, censored, p50, p95)`);
    for (const [key, list] of [...groups].sort()) {
      console.log(
        `  ${key.padEnd(18)} ${String(list.length).padStart(6)} ${String(list.filter((x) => x.censored).length).padStart(5)} ${seconds(quantile(list, 0.5)).padStart(9)} ${seconds(quantile(list, 0.95)).padStart(9)}`,
      );
    }
    const counts = new Map<string, number>();
    for (const state of r.states.values()) counts.set(state, (counts.get(state) ?? 0) + 1);
    console.log(`  products by state: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
}
