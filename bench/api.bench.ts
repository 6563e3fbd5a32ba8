// `npm run bench:api`: figures for the foundation (issue 2). Prints numbers; never fails on speed.
//  1. cold start of `npm start` in embedded mode (fresh DATA_DIR, then again with data present);
//  2. GET /api/v1/products/?page_size=100 on a store with 50,000 products, 50 concurrent clients,
//     against PostgreSQL, with the API in its own process; its RSS before and after.
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
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 15);

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
    // One creation time for every row, as one bulk statement would leave them.
    const createdAt = new Date();
    await insertProducts(repos, PRODUCTS, (i) => {
      const g = i + 1;
      return {
        storeId,
        userId,
        kaspiSku: `SKU-${g}`,
        kaspiProductId: `offer-${g}`,
        externalKaspiId: String(100_000_000 + g),
        name: `Product ${g}`,
        category: `Category ${g % 40}`,
        price: 1000 + ((g * 7919) % 90_000),
        minPrice: 900,
        maxPrice: 200_000,
        botActive: g % 3 === 0,
        createdAt,
        updatedAt: createdAt,
      };
    });
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
  await admin.query('drop database if exists kaspi_bench with (force)');
  await admin.query('create database kaspi_bench');
  await admin.end();
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = '/kaspi_bench';

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
  for (const [label, url] of [
    ['page 1, page_size=100 (default ordering -created_at)', '/api/v1/products/?page_size=100'],
    ['page 250, page_size=100, ordering=price', '/api/v1/products/?page_size=100&page=250&ordering=price'],
    ['search=Product 4242, page_size=100', '/api/v1/products/?page_size=100&search=Product%204242'],
  ] as const) {
    const result = await autocannon({ url: base + url, connections: CONNECTIONS, duration: DURATION, headers: { authorization: `Bearer ${token}` } });
    const non2xx = result.non2xx;
    console.log(
      `GET ${label}: ${CONNECTIONS} clients, ${result.requests.total} requests, ${result.requests.average.toFixed(0)} req/s, ` +
        `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms, errors ${result.errors}, non-2xx ${non2xx}`,
    );
  }
  console.log(`API RSS after load: ${rssMiB(pid)} MiB`);
  await stop(server);
}

if (!process.argv.includes('--skip-cold-start')) await coldStart();
await listLatency();
