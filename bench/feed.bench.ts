// The XML price list of a 50,000-offer shop: time to serve it (plain and gzipped), its size, a
// re-pull of the unchanged list (304), and the API process's memory. Seeds through the repositories.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { freePort, insertProducts, openSeedRepositories, waitUntilOk } from './bench-helpers.ts';

const root = path.resolve(import.meta.dirname, '..');
const adminUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const OFFERS = Number(process.env['BENCH_OFFERS'] ?? 50_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const CITIES = ['750000000', '710000000', '511010000'];

function memMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
}

/** CPU time (user + system) the process has used, in ms: a figure the other load on the machine does not inflate. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Resets the peak-RSS counter of a process (Linux: writing 5 to clear_refs), so VmHWM is this phase's peak. */
function resetPeak(pid: number): void {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // not allowed here: the peak then includes start-up
  }
}

/** One GET, raw (no decompression): status, bytes on the wire, ms to the last byte. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; bytes: number; ms: number; etag: string | undefined }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started, etag: res.headers.etag }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** 50,000 offers in 3 cities with 3 points, some on preorder, some with stock, some unavailable somewhere. */
async function seed(storeId: string, userId: string): Promise<void> {
  const repos = await openSeedRepositories(dbUrl.toString());
  const seeded = performance.now();
  try {
    await repos.stores.update(storeId, { points: CITIES.map((city, i) => ({ name: `PP${i + 1}`, city_id: city, city_name: null, enabled: true })) });
    await insertProducts(repos, OFFERS, (i) => {
      const price = 1000 + ((i * 7919) % 500_000);
      return {
        storeId: storeId,
        userId,
        kaspiSku: `SKU-${String(i).padStart(6, '0')}`,
        kaspiProductId: `offer-${i}`,
        externalKaspiId: String(100_000_000 + i),
        name: `Смартфон Model ${i} 128GB "Edition" & case`,
        brand: i % 3 ? 'Samsung' : 'Apple',
        price,
        cityPrices: CITIES.map((city_id, k) => ({ city_id, price: price + k * 100 })),
        availabilities: CITIES.map((_, k) => ({ point: `PP${k + 1}`, available: (i + k) % 5 !== 0, stock_count: k === 0 ? i % 20 : 0, preorder_days: i % 10 === 0 && k === 0 ? 7 : 0 })),
      };
    });
  } finally {
    await repos.close();
  }
  console.log(`seeded ${OFFERS} offers (3 cities, 3 points each) in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

// BENCH_REUSE=1 keeps the database of the last run (no seeding): e.g. to rerun with a small heap,
// BENCH_SERVER_NODE_OPTIONS=--max-old-space-size=N for the API, which a list held whole in memory would not survive.
const REUSE = process.env['BENCH_REUSE'] === '1';
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
if (!REUSE) {
  await admin.query('drop database if exists kaspi_feed_bench with (force)');
  await admin.query('create database kaspi_feed_bench');
}
await admin.end();
const dbUrl = new URL(adminUrl);
dbUrl.pathname = '/kaspi_feed_bench';

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  DATABASE_URL: dbUrl.toString(),
  SECRET_KEY: 'bench-secret-key-0123456789abcdef012345',
  LOG_LEVEL: 'warn',
  REDIS_URL: '',
  PUBLIC_URL: base,
  DEMPER_RUN: 'false',
};
const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], { cwd: root, env, stdio: 'inherit' });
try {
  await waitUntilOk(`${base}/health/db/`, 60_000);
  const credentials = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.kz', password: 'bench password' }) };
  await fetch(`${base}/api/v1/auth/register/`, credentials);
  const { token } = (await (await fetch(`${base}/api/v1/auth/login/`, credentials)).json()) as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const { id: userId } = (await (await fetch(`${base}/api/v1/auth/me/`, { headers })).json()) as { id: string };
  interface BenchStore {
    id: string;
    feed_url: string;
  }
  const store = REUSE
    ? ((await (await fetch(`${base}/api/v1/kaspi/stores/`, { headers })).json()) as { results: BenchStore[] }).results[0]!
    : ((await (await fetch(`${base}/api/v1/kaspi/stores/`, { method: 'POST', headers, body: JSON.stringify({ name: 'Bench shop', merchant_id: '900001' }) })).json()) as BenchStore);
  if (!REUSE) await seed(store.id, userId);
  const feedUrl = store.feed_url;
  const pid = server.pid!;
  console.log(`API RSS before pulls: ${memMiB(pid, 'VmRSS')} MiB`);

  console.log(`load average at start: ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  // A pull with its API CPU time (the machine may be shared: wall time includes waiting for a core).
  const pull = async (extra: Record<string, string>) => {
    const cpu = cpuMs(pid);
    const r = await get(feedUrl, extra);
    return { ...r, cpu: cpuMs(pid) - cpu };
  };
  const report = (label: string, runs: { bytes: number; ms: number; cpu: number; status: number }[]) =>
    console.log(
      `${label}: status ${runs[0]!.status}, ${runs[0]!.bytes} bytes; median ${median(runs.map((r) => r.ms)).toFixed(0)} ms to the last byte (${runs.map((r) => r.ms.toFixed(0)).join(', ')}), ` +
        `API CPU median ${median(runs.map((r) => r.cpu)).toFixed(0)} ms; API peak RSS ${memMiB(pid, 'VmHWM')} MiB`,
    );
  resetPeak(pid);
  const plain = [];
  for (let i = 0; i < RUNS; i++) plain.push(await pull({}));
  report('plain', plain);
  resetPeak(pid);
  const gzip = [];
  for (let i = 0; i < RUNS; i++) gzip.push(await pull({ 'accept-encoding': 'gzip' }));
  report('gzip', gzip);
  const unchanged = [];
  for (let i = 0; i < RUNS; i++) unchanged.push(await pull({ 'if-none-match': plain[0]!.etag ?? '' }));
  report('unchanged (If-None-Match)', unchanged);
  // Five Kaspi pulls at once: memory stays bounded by the batches in flight, not the list's size.
  resetPeak(pid);
  const parallel = performance.now();
  await Promise.all(Array.from({ length: 5 }, () => get(feedUrl, { 'accept-encoding': 'gzip' })));
  console.log(`5 gzip pulls at once: ${(performance.now() - parallel).toFixed(0)} ms; API peak RSS ${memMiB(pid, 'VmHWM')} MiB, RSS after ${memMiB(pid, 'VmRSS')} MiB`);
  await new Promise((r) => setTimeout(r, 1000)); // the last pulls are recorded
} finally {
  await stop(server);
}
