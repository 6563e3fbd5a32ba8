// `npm run bench:web`: the catalogue page with 50,000 products, in Chromium. Prints numbers; never fails
// on speed.
//  - the time from navigation to the first page's rows on screen (cold browser cache each run; median
//    and spread of BENCH_RUNS runs), and to the next page's rows after a click on "next";
//  - the JavaScript the first load transfers (raw and gzipped), and whether the chart library is in it.
// The API runs in its own process on PostgreSQL (BENCH_DATABASE_URL), serving the built app (web/dist).
import { type ChildProcess, spawn } from 'node:child_process';
import zlib from 'node:zlib';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { freePort, insertProducts, openSeedRepositories, waitUntilOk } from './bench-helpers.ts';

const adminUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PRODUCTS = Number(process.env['BENCH_PRODUCTS'] ?? 50_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);
const DB_NAME = 'kaspi_bench_web';
const root = new URL('..', import.meta.url).pathname;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

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
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  await waitUntilOk(`${base}/health/db/`, 120_000);
  const email = 'bench-web@example.kz';
  const password = 'bench password';
  const credentials = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) };
  await fetch(`${base}/api/v1/auth/register/`, credentials);
  const { token } = (await (await fetch(`${base}/api/v1/auth/login/`, credentials)).json()) as { token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const { id: userId } = (await (await fetch(`${base}/api/v1/auth/me/`, { headers })).json()) as { id: string };
  const store = (await (await fetch(`${base}/api/v1/kaspi/stores/`, { method: 'POST', headers, body: JSON.stringify({ name: 'Bench shop', merchant_id: '900001' }) })).json()) as { id: string };

  const seeded = performance.now();
  const repos = await openSeedRepositories(dbUrl.toString());
  const now = Date.now();
  await insertProducts(repos, PRODUCTS, (i) => {
    const g = i + 1;
    const price = 1000 + ((g * 7919) % 90_000);
    const createdAt = new Date(now - (PRODUCTS - i) * 60_000);
    return {
      storeId: store.id,
      userId,
      kaspiSku: `SKU-${g}`,
      kaspiProductId: `offer-${g}`,
      externalKaspiId: g % 10 === 0 ? null : String(100_000_000 + g),
      name: `Product ${g} — a realistic, rather long product name`,
      category: `Category ${g % 40}`,
      price,
      minPrice: 900,
      maxPrice: 200_000,
      botActive: g % 3 === 0,
      cityPrices: [
        { city_id: '750000000', price },
        { city_id: '710000000', price: price + 100 },
      ],
      createdAt,
      updatedAt: createdAt,
    };
  });
  await repos.close();
  const vacuum = new pg.Client({ connectionString: dbUrl.toString() });
  await vacuum.connect();
  await vacuum.query('vacuum analyze');
  await vacuum.end();
  console.log(`seeded ${PRODUCTS} products in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  // One signed-in browser session (the cookie), copied into a fresh context per run: a cold cache each time.
  const signIn = await browser.newContext({ baseURL: base });
  const answer = await signIn.request.post('/api/v1/auth/session/', { data: { email, password } });
  if (!answer.ok()) throw new Error(`sign-in failed: ${answer.status()} ${await answer.text()}`);
  const cookies = await signIn.cookies();
  await signIn.close();

  const firstRows: number[] = [];
  const nextRows: number[] = [];
  let js = { raw: 0, gzipped: 0, files: [] as string[] };
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 900 }, locale: 'ru-RU' });
    await context.addCookies(cookies);
    const page = await context.newPage();
    const scripts: Promise<{ url: string; raw: number; gzipped: number }>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      scripts.push(response.body().then((body) => ({ url: response.url(), raw: body.length, gzipped: zlib.gzipSync(body).length })));
    });
    await page.goto('/products', { waitUntil: 'commit' });
    // Milliseconds since the navigation started (the page's own clock), when the first row is in the DOM and painted.
    const shown = await page.waitForFunction(() => (document.querySelector('tbody tr[data-product-id]') ? performance.now() : 0), undefined, { polling: 'raf', timeout: 60_000 });
    firstRows.push(Number(await shown.jsonValue()));
    if (run === 0) {
      const loaded = await Promise.all(scripts);
      js = { raw: loaded.reduce((s, f) => s + f.raw, 0), gzipped: loaded.reduce((s, f) => s + f.gzipped, 0), files: loaded.map((f) => new URL(f.url).pathname) };
    }
    // The next page: keepPreviousData shows the old rows until the new ones arrive (prefetched already).
    const firstId = await page.locator('tbody tr[data-product-id]').first().getAttribute('data-product-id');
    const clicked = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Следующая страница' }).click();
    const changed = await page.waitForFunction((id) => (document.querySelector('tbody tr[data-product-id]')?.getAttribute('data-product-id') !== id ? performance.now() : 0), firstId, {
      polling: 'raf',
    });
    nextRows.push(Number(await changed.jsonValue()) - clicked);
    await context.close();
  }
  const spread = (values: number[]) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}; ${values.length} runs)`;
  console.log(`catalogue, ${PRODUCTS} products: navigation -> first page's rows on screen: ${spread(firstRows)}`);
  console.log(`catalogue: click "next page" -> its rows on screen: ${spread(nextRows)}`);
  console.log(`JavaScript on first load of /products: ${js.files.length} files, ${kib(js.raw)} raw, ${kib(js.gzipped)} gzipped`);
  console.log(`  ${js.files.join(', ')}`);
  console.log(`  chart library in the first load: ${js.files.some((f) => f.includes('echarts')) ? 'YES' : 'no'}`);
} finally {
  await browser.close();
  await stop(server);
}
