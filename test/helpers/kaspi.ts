// Helpers for the Kaspi linking tests: a simulator world with known accounts, the API wired to it,
// and a browser pool shared by every app a test file builds (restarts included).
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { createContainer, type Container } from '../../src/container.ts';
import { BrowserPool } from '../../src/infra/browser/browser-pool.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';
import type { AccountSpec, OwnMerchantSpec, WorldSpec } from '../../sim/world/world-types.ts';
import { redisUrl, testConfig } from './app.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const PASSWORD = 'secret123';

/** Own merchants 40000001..40000012, each with two pickup points in known cities. */
export const merchantUid = (n: number) => String(40_000_000 + n);

function ownMerchant(n: number): OwnMerchantSpec {
  return {
    uid: merchantUid(n),
    name: `Shop ${n}`,
    points: [
      { name: 'PP1', cityId: '750000000' },
      { name: 'PP2', cityId: '710000000', enabled: false },
    ],
    offers: [],
  };
}

export function linkingWorld(): WorldSpec {
  return {
    seed: 11,
    merchants: [{ id: '111', name: 'Alpha' }],
    products: [{ id: '500', title: 'Kettle' }],
    listings: [{ productId: '500', merchantId: '111', cityId: '750000000', price: 1000 }],
    ownMerchants: Array.from({ length: 12 }, (_, i) => ownMerchant(i + 1)),
    accounts: [],
    orders: [],
  };
}

export async function startLinkingSim(): Promise<RunningSimulator> {
  return startSimulator({ world: linkingWorld(), clock: 'manual', startTime: Date.UTC(2026, 8, 21, 10, 0, 0), ingestDelayMs: 0 });
}

export async function simControl<T = any>(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.controlUrl}${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`control ${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

let accountCounter = 0;

/** A fresh cabinet account on the simulator (unique e-mail and phone) for the given merchants. */
export async function addAccount(sim: RunningSimulator, merchants: number[], extra: Partial<AccountSpec> = {}): Promise<AccountSpec> {
  const n = ++accountCounter;
  const tag = crypto.randomBytes(3).toString('hex');
  const account: AccountSpec = {
    email: `owner${n}-${tag}@example.kz`,
    password: PASSWORD,
    phone: `7701${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    merchants: merchants.map(merchantUid),
    ...extra,
  };
  await simControl(sim, 'PUT', '/accounts', account);
  return account;
}

export async function lastSmsCode(sim: RunningSimulator, emailOrPhone: string): Promise<string> {
  return (await simControl<{ code: string }>(sim, 'GET', `/accounts/${encodeURIComponent(emailOrPhone)}/sms`)).code;
}

/** Requests the simulator logged since `sinceSeq` for a route (e.g. password logins). */
export async function simRequests(sim: RunningSimulator, query: Record<string, string>): Promise<{ seq: number; path: string; status: number; account: string | null }[]> {
  const qs = new URLSearchParams({ limit: '10000', ...query });
  return (await simControl<{ requests: { seq: number; path: string; status: number; account: string | null }[] }>(sim, 'GET', `/requests?${qs}`)).requests;
}

/** The highest request sequence number so far: count from there. */
export async function simSeq(sim: RunningSimulator): Promise<number> {
  const all = await simRequests(sim, {});
  return all.reduce((max, r) => Math.max(max, r.seq), 0);
}

export async function passwordLoginsSince(sim: RunningSimulator, since: number, email?: string): Promise<number> {
  const rows = await simRequests(sim, { path: '/auth/v1/password', since: String(since), ...(email && { account: email }) });
  return rows.length;
}

export function sharedBrowserPool(size = 2): BrowserPool {
  return new BrowserPool({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', size, maxUses: 100 });
}

export interface KaspiTestApp {
  app: FastifyInstance;
  container: Container;
  database: TestDatabase;
  sql<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Closes the API and its container but keeps the database (a restart). */
  stop(): Promise<void>;
  /** Stops and drops the database. */
  close(): Promise<void>;
}

/** The settings that point a service process at the simulator (in-process apps and worker children alike). */
export function simulatorEnv(sim: RunningSimulator): Record<string, string> {
  const { urls } = sim;
  return {
    KASPI_IDMC_URL: urls.idmc,
    KASPI_MC_URL: urls.mc,
    KASPI_SHOP_URL: urls.shop,
    KASPI_LOGIN_TIMEOUT_MS: '15000',
    KASPI_HTTP_TIMEOUT_MS: '5000',
  };
}

/** The API wired to the simulator, with the shared pool; pass `database` to start on an existing one. */
export async function startKaspiApp(options: {
  sim: RunningSimulator;
  browserPool: BrowserPool;
  database?: TestDatabase;
  redis?: boolean;
  redisPrefix?: string;
  env?: Record<string, string | undefined>;
}): Promise<KaspiTestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = testConfig({
    DATABASE_URL: database.url,
    ...simulatorEnv(options.sim),
    ...(options.redis && { REDIS_URL: redisUrl, REDIS_PREFIX: options.redisPrefix ?? `test-${crypto.randomBytes(4).toString('hex')}` }),
    ...options.env,
  });
  const container = await createContainer(config, { browserPool: options.browserPool });
  const app = await buildApp(container);
  await app.ready();
  const pool = new pg.Pool({ connectionString: database.url, max: 2, application_name: 'test-helper' });
  // pool.end() resolves before its connections have closed; the file's DROP DATABASE ... WITH (FORCE)
  // may then terminate one, which the pool re-emits as 'error': without a listener, a crash of the file.
  pool.on('error', () => {});
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await pool.end();
    await app.close();
    await container.close();
  };
  return {
    app,
    container,
    database,
    async sql<Row>(text: string, params?: unknown[]) {
      return (await pool.query(text, params)).rows as Row[];
    },
    stop,
    async close() {
      await stop();
      await database.drop();
    },
  };
}
