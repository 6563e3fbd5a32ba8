import crypto from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import pg from 'pg';
import type { RunningSimulator } from '../../sim/server.ts';
import { buildApp } from '../../src/app.ts';
import { type AppConfig, loadConfig } from '../../src/config/index.ts';
import { type Container, createContainer } from '../../src/container.ts';
import { BrowserPool } from '../../src/infra/browser/browser-pool.ts';
import type { ProposalNotifier } from '../../src/modules/repricer/index.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { simulatorEnv } from './sim.ts';

export const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Config for a test: its own database, fast password hashing, quiet logs. Overrides win. */
export function testConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    SECRET_KEY: 'test-secret-key-0123456789abcdef0123456789',
    PASSWORD_HASH_LOG_N: '12',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    MIGRATE_ON_START: 'false',
    ...overrides,
  });
}

export interface TestApp {
  app: FastifyInstance;
  container: Container;
  database: TestDatabase;
  /** Raw SQL on the test database, to look at what the API stored. */
  sql<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Closes the API and its container but keeps the database (a restart). */
  stop(): Promise<void>;
  /** Stops and drops the database. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Points Kaspi at this simulator (simulatorEnv). */
  sim?: RunningSimulator;
  /** A browser pool shared by every app of the file (restarts included); the app does not close it. */
  browserPool?: BrowserPool;
  /** Start on this existing database (after a stop()) instead of a fresh one. */
  database?: TestDatabase;
  /** Puts the queue, locks, budgets and rate limits on the real Redis, under a prefix of its own (or `redisPrefix`), so parallel files never see each other's jobs. */
  redis?: boolean;
  redisPrefix?: string;
  env?: Record<string, string | undefined>;
  /** The container's logger (a test that reads the log lines); default: pino at LOG_LEVEL. */
  log?: FastifyBaseLogger;
  /** Who hears of the demper's proposals and notify-mode pushes. */
  proposalNotifier?: ProposalNotifier;
}

/** The API on a fresh PostgreSQL database (or the given one), wired to the simulator when `sim` is given. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = testConfig({
    DATABASE_URL: database.url,
    ...(options.sim && simulatorEnv(options.sim)),
    ...(options.redis && { REDIS_URL: redisUrl, REDIS_PREFIX: options.redisPrefix ?? `test-${crypto.randomBytes(4).toString('hex')}` }),
    ...options.env,
  });
  const container = await createContainer(config, {
    ...(options.browserPool && { browserPool: options.browserPool }),
    ...(options.log && { log: options.log }),
    ...(options.proposalNotifier && { proposalNotifier: options.proposalNotifier }),
  });
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

/** One browser pool for every app a test file builds; close it in the file's after(). */
export function sharedBrowserPool(size = 2): BrowserPool {
  return new BrowserPool({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', size, maxUses: 100 });
}

export interface TestUser {
  id: string;
  email: string;
  token: string;
  headers: { authorization: string };
}

let userCounter = 0;

/** Registers through the API, then signs in (register gives no token) and reads the user's id. */
export async function registerUser(app: FastifyInstance, email = `seller${++userCounter}-${crypto.randomBytes(3).toString('hex')}@example.kz`): Promise<TestUser> {
  const payload = { email, password: 'correct horse battery' };
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/register/', payload });
  if (res.statusCode !== 202) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload });
  if (login.statusCode !== 200) throw new Error(`login after register failed (is ${email} taken?): ${login.statusCode} ${login.body}`);
  const { token } = login.json() as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  const me = (await app.inject({ url: '/api/v1/auth/me/', headers })).json() as { id: string; email: string };
  return { id: me.id, email: me.email, token, headers };
}

/** An admin made the way operators make one (`cli create-admin`), signed in through the API. */
export async function registerAdmin(t: TestApp, email = `admin${++userCounter}-${crypto.randomBytes(3).toString('hex')}@example.kz`): Promise<TestUser> {
  const password = 'correct horse battery';
  const created = await t.container.services.users.createAdmin(email, password);
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email, password } });
  if (login.statusCode !== 200) throw new Error(`admin login failed: ${login.statusCode} ${login.body}`);
  const { token } = login.json() as { token: string };
  return { id: created.id, email: created.email, token, headers: { authorization: `Bearer ${token}` } };
}

let merchantCounter = 30_000_000;

export async function createStore(app: FastifyInstance, user: TestUser, body: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/kaspi/stores/',
    headers: user.headers,
    payload: { name: 'My shop', merchant_id: String(++merchantCounter + Math.floor(Math.random() * 1e6) * 100), ...body },
  });
  if (res.statusCode !== 201) throw new Error(`create store failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; merchant_id: string; name: string };
}

let skuCounter = 0;

export async function createProduct(app: FastifyInstance, user: TestUser, storeId: string, body: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/products/',
    headers: user.headers,
    payload: { store_id: storeId, kaspi_sku: `SKU-${++skuCounter}`, name: `Product ${skuCounter}`, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`create product failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; kaspi_sku: string; kaspi_product_id: string | null; bot_active: boolean; price: number | null };
}
