// `npm run bench:api`: figures for the foundation (issue 2) and the catalogue table (issue 12). Prints
// numbers; never fails on speed.
//  1. cold start of `npm start` in embedded mode (fresh DATA_DIR, then again with data present);
//  2. GET /api/v1/products/ as a catalogue table asks it, on a store with 50,000 products (and as many
//     of another user's), against PostgreSQL, with the API in its own process: one client on page 1,
//     a deep page in every ordering, filters and search (latency p50/p99); then 50 concurrent clients
//     (requests/s); the API's RSS before and after.
//  BENCH_OUT=file.json keeps the figures; BENCH_BASELINE=file.json (an earlier run's BENCH_OUT, e.g.
//  of the previous commit) prints each figure's ratio to it.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort, insertProducts, openSeedRepositories, waitUntilOk } from './bench-helpers.ts';

const root = path.resolve(import.meta.dirname, '..');
const adminUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PRODUCTS = Number(process.env['BENCH_PRODUCTS'] ?? 50_000);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50);
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 10);
/** The benchmark's own database, dropped and created again (a plain identifier). */
const DB_NAME = /^[a-z_][a-z0-9_]*$/.test(process.env['BENCH_DB_NAME'] ?? '') ? process.env['BENCH_DB_NAME']! : 'kaspi_bench';
/** Seconds per request of the one-client runs. */
const ONE_CLIENT_SECONDS = Number(process.env['BENCH_ONE_CLIENT_SECONDS'] ?? 4);

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** The node process behind `npm start` (npm -> sh -> tsx -> node): the deepest descendant. */
function serverPid(child: ChildProcess): number {
  let pid = child.pid!;
  while (true) {
    const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    if (!kids.length) return pid;
    pid = Number(kids.at(-1));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function coldStart(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-embedded-'));
  for (const label of ['fresh DATA_DIR (creates the database, migrates)', 'existing DATA_DIR']) {
    const port = await freePort();
    const started = performance.now();
    // detached: npm, sh, tsx and node form one process group, stopped together.
    const child = spawn('npm', ['start'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn' },
      stdio: 'ignore',
      detached: true,
    });
    await waitUntilOk(`http://127.0.0.1:${port}/health/db/`, 120_000);
    const ms = performance.now() - started;
    console.log(`cold start, npm start embedded, ${label}: ${(ms / 1000).toFixed(2)} s; RSS ${rssMiB(serverPid(child))} MiB`);
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/**
 * PRODUCTS products in the user's store, and as many in another user's store (so the list must filter
 * by owner, as in a shared deployment), through the application's repositories; then the statistics
 * and visibility map autovacuum would keep.
 */
async function seedProducts(databaseUrl: string, storeId: string, userId: string): Promise<void> {
  const repos = await openSeedRepositories(databaseUrl);
  try {
    // Spread creation and edit times, as syncs and edits leave them; the heavy JSON a real row carries
    // (availabilities, the demper's decision, the card), so a full row weighs what it does in use.
    const now = Date.now();
    await insertProducts(repos, PRODUCTS, (i) => {
      const g = i + 1;
      const createdAt = new Date(now - (PRODUCTS - i) * 60_000);
      const updatedAt = new Date(createdAt.getTime() + ((g * 104_729) % 86_400_000));
      const price = 1000 + ((g * 7919) % 90_000);
      const checkedAt = updatedAt.toISOString();
      return {
        storeId,
        userId,
        kaspiSku: `SKU-${g}`,
        kaspiProductId: `offer-${g}`,
        // One in ten has no public product id: not repriceable.
        externalKaspiId: g % 10 === 0 ? null : String(100_000_000 + g),
        notRepriceableReason: g % 10 === 0 ? 'No public Kaspi product id (external_kaspi_id).' : null,
        name: `Product ${g}`,
        category: `Category ${g % 40}`,
        brand: `Brand ${g % 300}`,
        imageUrl: `https://resources.kaspi.kz/img/m/p/${g}.jpg`,
        price,
        minPrice: 900,
        maxPrice: 200_000,
        botActive: g % 3 === 0,
        kaspiStatus: g % 25 === 0 ? 'removed' : 'active',
        cityPrices: [
          { city_id: '750000000', price },
          { city_id: '710000000', price: price + 100 },
        ],
        availabilities: ['PP1', 'PP2', 'PP3'].map((point, k) => ({ point, available: true, stock_count: (g + k) % 50, preorder_days: 0 })),
        demperState: {
          checked_at: checkedAt,
          error: null,
          cities: ['750000000', '710000000'].map((city_id) => ({
            city_id,
            action: 'hold',
            price,
            reason: 'already_first',
            expected_position: 1,
            actual_position: 1 + (g % 4),
            competitor_price: price + 10,
            cheapest_competitor_price: price + 10,
          })),
        },
        // The repricer writes these with demper_state (one in eight never checked: no place).
        market: g % 8 === 0 ? [] : ['750000000', '710000000'].map((city_id) => ({ city_id, place: 1 + (g % 4), cheapest_competitor_price: price + 10, checked_at: checkedAt })),
        bestPlace: g % 8 === 0 ? null : 1 + (g % 4),
        card: { title: `Product ${g}`, brand: `Brand ${g % 300}`, images: [1, 2, 3].map((n) => `https://resources.kaspi.kz/img/m/p/${g}-${n}.jpg`), rating: 4.5, reviews_count: g % 500 },
        createdAt,
        updatedAt,
      };
    });
    // The other user's products: one creation time, as one bulk statement would leave them.
    const createdAt = new Date(now);
    const other = await repos.users.insert({ email: 'other@example.kz', passwordHash: 'x' });
    const otherStore = await repos.stores.insert({ userId: other!.id, merchantId: '900002', name: 'Other' });
    await insertProducts(repos, PRODUCTS, (i) => ({
      storeId: otherStore!.id,
      userId: other!.id,
      kaspiSku: `O-${i + 1}`,
      name: `Other ${i + 1}`,
      price: 500,
      createdAt,
      updatedAt: createdAt,
    }));
  } finally {
    await repos.close();
  }
  // The steady state autovacuum keeps: statistics and a visibility map for index-only counts.
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('vacuum analyze');
  await db.end();
}

async function listLatency(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${DB_NAME} with (force)`);
  await admin.query(`create database ${DB_NAME}`);
  await admin.end();
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${DB_NAME}`;

  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: dbUrl.toString(), SECRET_KEY: 'bench-secret-key-0123456789abcdef012345', LOG_LEVEL: 'warn', REDIS_URL: '' };
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], { cwd: root, env, stdio: 'inherit' });
  const base = `http://127.0.0.1:${port}`;
  await waitUntilOk(`${base}/health/db/`, 60_000);

  // Register answers alike for new and taken emails, without a token: sign in, then ask who we are.
  const credentials = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.kz', password: 'bench password' }) };
  await fetch(`${base}/api/v1/auth/register/`, credentials);
  const { token } = (await (await fetch(`${base}/api/v1/auth/login/`, credentials)).json()) as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const { id: userId } = (await (await fetch(`${base}/api/v1/auth/me/`, { headers })).json()) as { id: string };
  const store = (await (await fetch(`${base}/api/v1/kaspi/stores/`, { method: 'POST', headers, body: JSON.stringify({ name: 'Bench shop', merchant_id: '900001' }) })).json()) as { id: string };
  const seeded = performance.now();
  await seedProducts(dbUrl.toString(), store.id, userId);
  console.log(`seeded ${PRODUCTS} products for the user (and ${PRODUCTS} for another) in ${((performance.now() - seeded) / 1000).toFixed(1)} s; user ${userId}`);

  const pid = server.pid!;
  console.log(`API RSS before load: ${rssMiB(pid)} MiB`);
  const authorization = `Bearer ${token}`;
  const figures: Record<string, Figures> = {};
  const run = async (label: string, url: string, connections: number, seconds: number) => {
    const result = await autocannon({ url: base + url, connections, duration: seconds, headers: { authorization } });
    const f: Figures = { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, non2xx: result.non2xx + result.errors };
    figures[`${connections}|${label}`] = f;
    console.log(
      `${label.padEnd(62)} ${String(connections).padStart(2)} client(s): ${String(f.rps).padStart(5)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms` +
        `${f.non2xx ? `, ${f.non2xx} errors/non-2xx` : ''}${ratioToBaseline(`${connections}|${label}`, f)}`,
    );
  };

  // The requests a catalogue table makes: 100 rows a page (500 pages), in every ordering it offers.
  const size = 100;
  const middle = Math.ceil(PRODUCTS / size / 2);
  const last = Math.ceil(PRODUCTS / size);
  const table: [string, string][] = [
    ['page 1 (default ordering -created_at)', `page_size=${size}`],
    ...['name', '-name', 'price', '-price', 'updated_at', '-updated_at', 'created_at', '-created_at', 'place', '-place'].map((o): [string, string] => [
      `page ${middle} (the deepest), ordering=${o}`,
      `page_size=${size}&page=${middle}&ordering=${o}`,
    ]),
    [`page ${last} (last), ordering=name`, `page_size=${size}&page=${last}&ordering=name`],
    [`store_id & bot_active=true, page 80, ordering=-updated_at`, `page_size=${size}&page=80&ordering=-updated_at&store_id=${store.id}&bot_active=true`],
    ['kaspi_status=removed, page 10, ordering=price', `page_size=${size}&page=10&ordering=price&kaspi_status=removed`],
    ['category=Category 7, page 10, ordering=name', `page_size=${size}&page=10&ordering=name&category=Category%207`],
    ['repriceable=false, page 20, ordering=-price', `page_size=${size}&page=20&ordering=-price&repriceable=false`],
    ['search=Product 4242', `page_size=${size}&search=Product%204242`],
    ['search=42 (substring), page 5, ordering=name', `page_size=${size}&page=5&ordering=name&search=42`],
  ];
  console.log(`\nOne client, ${ONE_CLIENT_SECONDS} s each:`);
  for (const [label, query] of table) await run(label, `/api/v1/products/?${query}`, 1, ONE_CLIENT_SECONDS);
  const oneClient = Object.entries(figures).filter(([k]) => k.startsWith('1|'));
  const worst = oneClient.reduce((a, b) => (b[1].p99 > a[1].p99 ? b : a));
  console.log(`worst one-client p99: ${worst[1].p99} ms (${worst[0].slice(2)})`);

  console.log(`\n${CONNECTIONS} clients, ${DURATION} s each:`);
  for (const [label, query] of [
    ['page 1, page_size=100 (default ordering -created_at)', 'page_size=100'],
    ['page 250, page_size=100, ordering=price', 'page_size=100&page=250&ordering=price'],
    ['search=Product 4242, page_size=100', 'page_size=100&search=Product%204242'],
    ['page 1, page_size=100, fields=full (every field)', 'page_size=100&fields=full'],
  ] as const) {
    await run(label, `/api/v1/products/?${query}`, CONNECTIONS, DURATION);
  }
  console.log(`API RSS after load: ${rssMiB(pid)} MiB`);
  if (process.env['BENCH_OUT']) fs.writeFileSync(process.env['BENCH_OUT'], JSON.stringify(figures, null, 2));
  await stop(server);
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
}

const baseline: Record<string, Figures> = process.env['BENCH_BASELINE'] ? JSON.parse(fs.readFileSync(process.env['BENCH_BASELINE'], 'utf8')) : {};

/** `; baseline p99 38 ms (x0.31), 301 req/s (x2.10)` when BENCH_BASELINE has the same request. */
function ratioToBaseline(key: string, f: Figures): string {
  const b = baseline[key];
  if (!b) return '';
  const ratio = (now: number, then: number) => (then > 0 ? `x${(now / then).toFixed(2)}` : 'n/a');
  return `; baseline p99 ${b.p99} ms (${ratio(f.p99, b.p99)}), ${b.rps} req/s (${ratio(f.rps, b.rps)})`;
}

if (!process.argv.includes('--skip-cold-start')) await coldStart();
await listLatency();
