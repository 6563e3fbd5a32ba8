// What the repricer benchmarks (bench:demper, bench:reaction) share: knobs from the environment, the
// simulator in its own process with a cabinet session per shop, a fresh PostgreSQL database migrated by
// the CLI, the worker processes' environment, seeding of linked shops with their products, and the
// process and log helpers of a run.
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { kaspiUrlEnv, type SimulatorOptions, simulatorUrls, startSimulator } from '../sim/server.ts';
import type { ListingSpec, MerchantSpec, WorldSpec } from '../sim/world/world-types.ts';
import { SecretBox } from '../src/infra/crypto/secret-box.ts';
import type { StorePoint } from '../src/infra/db/schema.ts';
import { simControl } from '../test/helpers/sim.ts';
import { insertProducts, openSeedRepositories, type SeedRepositories } from './bench-helpers.ts';

export const root = path.resolve(import.meta.dirname, '..');
export const ALMATY = '750000000';

/** A non-negative number from the environment, or `fallback`. */
export function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number`);
  return v;
}

export const merchantUid = (shop: number) => String(50_000_000 + shop);
export const accountEmail = (shop: number) => `bench-shop-${shop}@example.kz`;
export const round10 = (n: number) => Math.max(10, Math.round(n / 10) * 10);

/** One of our offers as both the simulator's world and the database hold it. */
export interface FleetProduct {
  index: number;
  shop: number;
  productId: string;
  sku: string;
  title: string;
  ourPrice: number;
  minPrice: number;
  maxPrice: number;
}

/** The simulator's world of a fleet: the competitors and their listings, and one linked shop per `shops` selling its products in Almaty. */
export function fleetWorld(seed: number, shops: number, merchants: MerchantSpec[], listings: ListingSpec[], products: FleetProduct[]): WorldSpec {
  return {
    seed,
    tickMs: 1000,
    merchants,
    products: products.map((p) => ({ id: p.productId, title: p.title, brand: 'Bench', category: 'Bench' })),
    listings,
    ownMerchants: Array.from({ length: shops }, (_, shop) => ({
      uid: merchantUid(shop),
      name: `Bench shop ${shop}`,
      rating: 4.5,
      reviews: 100,
      points: [{ name: 'PP1', cityId: ALMATY }],
      offers: products.filter((p) => p.shop === shop).map((p) => ({ sku: p.sku, productId: p.productId, model: p.title, brand: 'Bench', price: p.ourPrice })),
    })),
    accounts: Array.from({ length: shops }, (_, shop) => ({ email: accountEmail(shop), password: 'secret123', merchants: [merchantUid(shop)] })),
    orders: [],
  };
}

// ---------------------------------------------------------------------------------------------
// The simulator's own process.

export interface SimReady {
  origin: string;
  sessions: { shop: number; token: string; sid: string }[];
}

/**
 * In the child (`--sim-child`): starts the simulator, creates a cabinet session per shop (as a browser
 * login would leave it), reports its URL and the sessions over IPC, and closes when the parent goes.
 */
export async function serveSimChild(shops: number, options: SimulatorOptions): Promise<void> {
  const sim = await startSimulator({ sessionTtlMs: 24 * 3_600_000, ...options });
  const state = sim.control;
  const sessions = Array.from({ length: shops }, (_, shop) => {
    const s = state.sessions.create(accountEmail(shop), state.clock.now(), state.settings.sessionTtlMs);
    return { shop, token: s.token, sid: s.sid };
  });
  process.send!({ origin: sim.urls.shop, sessions } satisfies SimReady);
  process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
  process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
}

/** In the parent: forks `script --sim-child` and waits until it has reported its URL and sessions. */
export async function startSimChild(script: string): Promise<{ child: ChildProcess; ready: SimReady; controlUrl: string }> {
  const child = fork(path.join(root, script), ['--sim-child'], { cwd: root, execArgv: ['--import', 'tsx'], env: { ...process.env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<SimReady>((resolve, reject) => {
    child.once('message', (m) => resolve(m as SimReady));
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before it was ready`)));
  });
  return { child, ready, controlUrl: `${ready.origin}/_sim` };
}

// ---------------------------------------------------------------------------------------------
// Database and service processes.

/** A fresh, empty database `dbName` on the server of `adminUrl`. */
export async function freshDatabase(adminUrl: string, dbName: string): Promise<{ url: string }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  return { url: dbUrl.toString() };
}

/** `src/cli.ts migrate`, as in production. */
export function migrate(serviceEnv: NodeJS.ProcessEnv): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'migrate'], { cwd: root, env: serviceEnv, stdio: ['ignore', 'ignore', 'inherit'] });
}

export interface FleetSettings {
  proxies: number;
  reads: number;
  writes: number;
  minIntervalSeconds: number;
  redisUrl: string;
  secretKey: string;
  /** Prefix of this benchmark's Redis keys (a random tail is added per run). */
  redisPrefix: string;
}

/** The environment of `src/cli.ts migrate` and of every worker process of a run. */
export function workerEnv(s: FleetSettings, databaseUrl: string, simOrigin: string, proxyUrls: string[]): NodeJS.ProcessEnv {
  const env = process.env;
  return {
    PATH: env['PATH'],
    HOME: env['HOME'],
    NODE_ENV: 'production',
    LOG_LEVEL: env['BENCH_LOG_LEVEL'] ?? 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: s.redisUrl,
    REDIS_PREFIX: `${s.redisPrefix}-${crypto.randomBytes(4).toString('hex')}`,
    SECRET_KEY: s.secretKey,
    MIGRATE_ON_START: 'false',
    ...kaspiUrlEnv(simulatorUrls(simOrigin)),
    KASPI_PROXIES: proxyUrls.join(','),
    // The egress proxies listen on loopback: an operator's private proxies are allowed by network.
    PROXY_ALLOWED_NETWORKS: '127.0.0.0/8',
    STOREFRONT_READS_PER_SECOND: String(s.reads),
    KASPI_WRITES_PER_SECOND: String(s.writes),
    DEMPER_MIN_INTERVAL_SECONDS: String(s.minIntervalSeconds),
    SYNC_INTERVAL_HOURS: '0',
    CARDS_AFTER_SYNC: 'false',
    ...Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('DEMPER_') && k !== 'DEMPER_MIN_INTERVAL_SECONDS')),
    ...(env['DATABASE_POOL_SIZE'] && { DATABASE_POOL_SIZE: env['DATABASE_POOL_SIZE'] }),
  };
}

/** `count` worker processes (`src/cli.ts worker`), each logging to `<logDir>/<label>-worker<i>.log`. */
export function spawnWorkers(logDir: string, label: string, serviceEnv: NodeJS.ProcessEnv, count: number): ChildProcess[] {
  return Array.from({ length: count }, (_, i) => {
    const out = fs.openSync(path.join(logDir, `${label}-worker${i}.log`), 'w');
    return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'worker'], { cwd: root, env: serviceEnv, stdio: ['ignore', out, out] });
  });
}

// ---------------------------------------------------------------------------------------------
// Seeding, through the application's repositories.

export interface SeedOptions {
  secretKey: string;
  checkIntervalSeconds: number;
  productsPerShop: number;
  /** > 0: due times spread over that many seconds in the past (a steady state, not a fresh start). */
  staggerSeconds?: number;
}

/** Users, stores linked with the simulator's sessions, demper settings and the products, in bulk; then `analyze`. */
export async function seedFleet(databaseUrl: string, ready: SimReady, products: FleetProduct[], o: SeedOptions): Promise<{ owners: { userId: string; storeId: string }[] }> {
  const repos = await openSeedRepositories(databaseUrl);
  let owners: { userId: string; storeId: string }[];
  try {
    owners = await seedStores(repos, ready, o);
    const availabilities = [{ point: 'PP1', available: true, stock_count: 0, preorder_days: 0 }];
    const syncedAt = new Date();
    const stagger = o.staggerSeconds ?? 0;
    await insertProducts(repos, products.length, (i) => {
      const p = products[i]!;
      const owner = owners[p.shop]!;
      return {
        storeId: owner.storeId,
        userId: owner.userId,
        kaspiProductId: p.sku,
        kaspiSku: p.sku,
        externalKaspiId: p.productId,
        name: p.title,
        price: p.ourPrice,
        minPrice: p.minPrice,
        maxPrice: p.maxPrice,
        step: 1,
        strategy: 'beat_first',
        botActive: true,
        cityPrices: [{ city_id: ALMATY, price: p.ourPrice }],
        availabilities,
        shopLink: `/p/bench-${p.productId}/`,
        kaspiStatus: 'active',
        lastSyncedAt: syncedAt,
        ...(stagger > 0 && { nextCheckAt: new Date(Date.now() - Math.random() * stagger * 1000) }),
      };
    });
  } finally {
    await repos.close();
  }
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('analyze');
  await db.end();
  return { owners };
}

/** Per shop: its owner, the store with the simulator's cabinet session sealed as a login leaves it, the demper on. */
async function seedStores(repos: SeedRepositories, ready: SimReady, o: SeedOptions): Promise<{ userId: string; storeId: string }[]> {
  const secrets = new SecretBox(o.secretKey);
  const host = new URL(ready.origin).hostname;
  const points: StorePoint[] = [{ name: 'PP1', city_id: ALMATY, city_name: 'Алматы', enabled: true }];
  const owners: { userId: string; storeId: string }[] = [];
  for (const s of ready.sessions) {
    const user = await repos.users.insert({ email: `bench-owner-${s.shop}@example.kz`, passwordHash: 'bench: no login' });
    const cookies = [
      { name: 'mc-session', value: s.token, domain: host, path: '/', expires: -1 },
      { name: 'mc-sid', value: s.sid, domain: host, path: '/', expires: -1 },
    ];
    const store = await repos.stores.insert({
      userId: user!.id,
      merchantId: merchantUid(s.shop),
      name: `Bench shop ${s.shop}`,
      points,
      sessionEncrypted: secrets.seal(JSON.stringify(cookies)),
      credentialsEncrypted: secrets.seal(JSON.stringify({ email: accountEmail(s.shop), password: 'secret123' })),
      kaspiLogin: accountEmail(s.shop),
      lastLogin: new Date(),
      productsCount: o.productsPerShop,
    });
    await repos.repricerSettings.save(store!.id, { enabled: true, checkIntervalSeconds: o.checkIntervalSeconds });
    owners[s.shop] = { userId: user!.id, storeId: store!.id };
  }
  return owners;
}

// ---------------------------------------------------------------------------------------------
// The simulator's logs.

export interface SimRequest {
  seq: number;
  at: number;
  route: string;
  status: number;
  merchant: string | null;
  ip: string;
}

export async function lastSeq(controlUrl: string): Promise<number> {
  const r = await simControl<{ requests: { seq: number }[] }>(controlUrl, 'GET', '/requests?limit=1');
  return r.requests[0]?.seq ?? 0;
}

export async function banCounts(controlUrl: string): Promise<{ storefront: number; pricefeed: number }> {
  return (await simControl<{ counts: { storefront: number; pricefeed: number } }>(controlUrl, 'GET', '/bans')).counts;
}

// ---------------------------------------------------------------------------------------------
// Processes.

/** utime + stime of a process, in clock ticks (0 when it is gone). */
export function cpuTicks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime 15.
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function stopProcess(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
