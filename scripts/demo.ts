// `npm run demo`: the whole service against the Kaspi simulator, in one process, on a throwaway
// embedded database. It links a shop with a real (headless Chromium) login, imports its catalogue,
// sets min/max prices, turns the repricer on and prints every price move as it happens: ours (from
// the API's price history) and the competitors' (from the simulator).
//
//   npm run demo                      until Ctrl-C
//   npm run demo -- --seconds 60      (or DEMO_SECONDS=60) then exit 0
//   PORT=8020 npm run demo            the API's port (default 8010; a free one if that is taken)
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { kaspiUrlEnv, type RunningSimulator, startSimulator } from '../sim/server.ts';
import { CITIES } from '../sim/world/cities.ts';
import type { ListingSpec, MerchantSpec, OwnOfferSpec, ProductSpec, WorldSpec } from '../sim/world/world-types.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { type Container, createContainer } from '../src/container.ts';

const { values: args } = parseArgs({ options: { seconds: { type: 'string' } } });
const SECONDS = Number(args.seconds ?? process.env['DEMO_SECONDS'] ?? 0);
if (!Number.isFinite(SECONDS) || SECONDS < 0) throw new Error('--seconds (DEMO_SECONDS) must be a number of seconds');
const CHECK_INTERVAL_SECONDS = 5;

const OWN_UID = '30141222';
const ACCOUNT = { email: 'seller@example.kz', password: 'secret123' };
const ALMATY = '750000000';
const ASTANA = '710000000';
const cityName = (id: string | null) => (id ? (CITIES.find((c) => c.id === id)?.name ?? id) : 'все города');

// ---------------------------------------------------------------------------------------------
// The world: our shop sells 10 products in Almaty (and the even ones in Astana too) against
// static sellers, a random walker, a follower and two dumper bots.

const CATALOGUE: [title: string, brand: string, base: number][] = [
  ['Samsung Galaxy A55 128GB', 'Samsung', 189_990],
  ['Apple AirPods Pro 2', 'Apple', 119_990],
  ['Xiaomi Redmi Note 13 256GB', 'Xiaomi', 89_990],
  ['Philips чайник HD9350', 'Philips', 24_990],
  ['Tefal утюг FV5781', 'Tefal', 39_990],
  ['Dyson V15 Detect', 'Dyson', 349_990],
  ['Sony WH-1000XM5', 'Sony', 159_990],
  ['LG монитор 27GP850', 'LG', 99_990],
  ['Bosch мультиварка MUC22B42', 'Bosch', 45_990],
  ['Lenovo IdeaPad 3 15"', 'Lenovo', 249_990],
];
const round10 = (n: number) => Math.round(n / 10) * 10;
const productId = (i: number) => String(120_000_000 + i);

function demoWorld(): WorldSpec {
  const merchants: MerchantSpec[] = [
    { id: 'Sulpak', name: 'Sulpak', rating: 4.8, reviews: 12_400, deliveryDuration: 'TOMORROW', kaspiDelivery: true },
    { id: 'Technodom', name: 'Technodom', rating: 4.6, reviews: 8_100, deliveryDuration: 'TODAY', kaspiDelivery: true },
    { id: '1204551', name: 'Mechta Online', rating: 4.4, reviews: 3_200, deliveryDuration: 'TILL_2_DAYS', kaspiDelivery: true },
    { id: '1309877', name: 'PriceBot KZ', rating: 4.1, reviews: 310, deliveryDuration: 'TILL_3_DAYS', kaspiDelivery: false },
    { id: '1411203', name: 'Дешевле Всех', rating: 3.9, reviews: 95, deliveryDuration: 'TILL_5_DAYS', kaspiDelivery: false },
    { id: '1502234', name: 'Alser Follow', rating: 4.3, reviews: 1_800, deliveryDuration: 'TOMORROW', kaspiDelivery: true },
  ];
  const products: ProductSpec[] = CATALOGUE.map(([title, brand], i) => ({ id: productId(i), title, brand, category: 'Electronics' }));
  const listings: ListingSpec[] = [];
  const offers: OwnOfferSpec[] = [];
  CATALOGUE.forEach(([title, brand, base], i) => {
    const cities = i % 2 === 0 ? [ALMATY, ASTANA] : [ALMATY];
    for (const cityId of cities) {
      const shift = cityId === ASTANA ? 1.01 : 1;
      const at = (k: number) => round10(base * k * shift);
      const pid = productId(i);
      listings.push({ productId: pid, merchantId: 'Sulpak', cityId, price: at(1.0) });
      listings.push({ productId: pid, merchantId: 'Technodom', cityId, price: at(1.02) });
      listings.push({
        productId: pid,
        merchantId: '1204551',
        cityId,
        price: at(0.99),
        behaviour: { kind: 'random-walk', step: Math.max(10, round10(base * 0.004)), every: 6 + (i % 5), floor: at(0.95), ceiling: at(1.04) },
      });
      if (i % 3 === 0) {
        // A dumper whose floor is under our min: we follow it down to our min, then hold there.
        listings.push({ productId: pid, merchantId: '1309877', cityId, price: at(1.01), behaviour: { kind: 'dumper', step: 50, every: 7, floor: at(0.93) } });
      } else if (i % 3 === 1) {
        // A dumper that gives up above our min: we win this one.
        listings.push({ productId: pid, merchantId: '1411203', cityId, price: at(1.03), behaviour: { kind: 'dumper', step: 10, every: 9, floor: at(0.97) } });
      }
      if (i % 4 === 1) {
        listings.push({ productId: pid, merchantId: '1502234', cityId, price: at(1.04), behaviour: { kind: 'follower', step: 20, every: 12, floor: at(0.96), ceiling: at(1.06) } });
      }
    }
    offers.push({
      sku: `DEMO-${i + 1}`,
      productId: productId(i),
      model: title,
      brand,
      category: 'Electronics',
      price: round10(base * 1.05),
      availabilities: i % 2 === 0 ? [{ point: 'PP1' }, { point: 'PP2' }] : [{ point: 'PP1' }, { point: 'PP2', available: false }],
    });
  });
  return {
    seed: 2026,
    tickMs: 1000,
    merchants,
    products,
    listings,
    ownMerchants: [
      {
        uid: OWN_UID,
        name: 'Demo Shop',
        rating: 4.7,
        reviews: 640,
        deliveryDuration: 'TOMORROW',
        points: [
          { name: 'PP1', cityId: ALMATY },
          { name: 'PP2', cityId: ASTANA },
        ],
        apiToken: `sim-token-${OWN_UID}`,
        offers,
      },
    ],
    accounts: [{ ...ACCOUNT, phone: '77001234567', merchants: [OWN_UID] }],
    orders: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Output helpers

const tty = process.stdout.isTTY;
const paint = (code: string) => (s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
const dim = paint('2');
const bold = paint('1');
const green = paint('32');
const red = paint('31');
const yellow = paint('33');
const cyan = paint('36');
const money = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n.toLocaleString('ru-RU').replace(/\u00a0/g, ' ')} ₸`);
const clock = (d: Date) => d.toTimeString().slice(0, 8);
const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));
const say = (line = '') => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------

let sim: RunningSimulator | undefined;
let container: Container | undefined;
let app: FastifyInstance | undefined;
let dataDir: string | undefined;
let stopping = false;
let wake: (() => void) | undefined;

async function shutdown(): Promise<void> {
  await app?.close().catch(() => {});
  await container?.close().catch(() => {});
  await sim?.close().catch(() => {});
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true }).catch(() => {});
}

let firstInterrupt = 0;
const onInterrupt = () => {
  // tsx relays the terminal's SIGINT to this process as well: the same Ctrl-C can arrive twice at once.
  if (stopping && Date.now() - firstInterrupt < 1500) return;
  if (stopping) {
    say(red('\nsecond Ctrl-C: exiting without cleaning up'));
    process.exit(130);
  }
  stopping = true;
  firstInterrupt = Date.now();
  say(dim('\nCtrl-C: stopping the service and the simulator...'));
  wake?.();
};
process.on('SIGINT', onInterrupt);
process.on('SIGTERM', () => {
  stopping = true;
  wake?.();
});

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(t);
      resolve();
    };
  });

async function main(): Promise<void> {
  const world = demoWorld();
  sim = await startSimulator({ world, ingestDelayMs: 3000 });
  const base = await startService(sim);
  printIntro(base, sim);
  const api = apiClient(base);
  const linked = await linkAndImport(api);
  if (!linked) return;
  await turnRepricerOn(api, linked.storeId, linked.products);
  const merchantName = new Map(world.merchants.map((m) => [m.id, m.name]));
  const moves = await watch(api, sim, linked.products, merchantName);
  printWhereItEnded(sim, linked.products, merchantName, moves);
}

interface Product {
  id: string;
  name: string;
  price: number | null;
  kaspi_sku: string;
  external_kaspi_id: string | null;
  repriceable: boolean;
}
interface HistoryEntry {
  id: string;
  city_id: string | null;
  old_price: number | null;
  new_price: number;
  source: string;
  reason: string;
  competitor_price: number | null;
  position: number | null;
  status: string;
  error: string | null;
  created_at: string;
}
type Api = ReturnType<typeof apiClient>;

const step = (text: string) => say(`${dim(clock(new Date()))}  ${text}`);

/** The service in this process on a throwaway embedded database, pointed at the simulator; its base URL. */
async function startService(simulator: RunningSimulator): Promise<string> {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kaspi-demo-'));
  const env = {
    HOST: process.env['HOST'] ?? '127.0.0.1',
    PORT: process.env['PORT'] ?? '8010',
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
    DATA_DIR: dataDir,
    ...kaspiUrlEnv(simulator.urls),
    CHROMIUM_PATH: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    BROWSER_POOL_SIZE: '1',
    SYNC_INTERVAL_HOURS: '0',
    DEMPER_MIN_INTERVAL_SECONDS: String(CHECK_INTERVAL_SECONDS),
    DEMPER_VERIFY_DELAY_SECONDS: '4',
    DEMPER_MARKET_MAX_AGE_SECONDS: '2',
    DEMPER_RETRY_SECONDS: '5',
  };
  const config = loadConfig(env);
  container = await createContainer(config);
  app = await buildApp(container);
  await container.startWorkers();
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || process.env['PORT']) throw err;
    await app.listen({ host: config.host, port: 0 });
  }
  const port = (app.server.address() as { port: number }).port;
  return `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
}

function printIntro(base: string, simulator: RunningSimulator): void {
  say(bold('Kaspi demper: live demo against the Kaspi simulator'));
  say(`  The service runs in this process on an embedded database (${dataDir}, removed at exit), no Redis.`);
  say(`  API ${cyan(base)}   Swagger UI ${cyan(`${base}/docs`)}   OpenAPI ${cyan(`${base}/openapi.json`)}`);
  say(`  Simulated Kaspi ${cyan(simulator.urls.shop)} (control API ${simulator.controlUrl}); Kaspi's limits are on: 15 storefront reads/s per IP, 3 price writes/s per shop.`);
  say(`  Our shop "Demo Shop" (${OWN_UID}) sells ${CATALOGUE.length} products in Алматы (half of them in Астана too) against static sellers,`);
  say('  a random walker, a follower and two dumper bots that undercut whoever is cheapest.');
  say(`  ${SECONDS ? `Runs for ${SECONDS} s.` : 'Runs until Ctrl-C.'}`);
  say();
}

/** Calls the HTTP API as a client would; remembers the bearer token once `setToken` is called. */
function apiClient(base: string) {
  let token = '';
  const call = async <T = any>(method: string, url: string, body?: unknown, okStatuses: number[] = []): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${base}/api/v1${url}`, {
      method,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const json = (text ? JSON.parse(text) : null) as T;
    if (!res.ok && !okStatuses.includes(res.status)) throw new Error(`${method} /api/v1${url} answered ${res.status}: ${text}`);
    return { status: res.status, body: json };
  };
  return Object.assign(call, { setToken: (t: string) => (token = t) });
}

/** Registers, links the shop with a browser login and imports its catalogue; undefined when stopped meanwhile. */
async function linkAndImport(api: Api): Promise<{ storeId: string; products: Product[] } | undefined> {
  const credentials = { email: 'demo@example.kz', password: 'demo password 1' };
  await api('POST', '/auth/register/', credentials);
  api.setToken((await api<{ token: string }>('POST', '/auth/login/', credentials)).body.token);
  step(`registered ${credentials.email} and signed in               POST /api/v1/auth/register/, /auth/login/`);

  step(`linking the Kaspi shop: headless Chromium logs in as ${ACCOUNT.email} ...`);
  const linked = (await api<{ success: boolean; store_id: string; name: string; merchant_id: string }>('POST', '/kaspi/auth/authenticate/', ACCOUNT)).body;
  if (!linked.success) throw new Error(`the login did not link the shop: ${JSON.stringify(linked)}`);
  const storeId = linked.store_id;
  step(`linked "${linked.name}" (merchant ${linked.merchant_id}), store ${storeId}   POST /api/v1/kaspi/auth/authenticate/`);

  const job = (await api<{ job_id: string }>('POST', `/kaspi/stores/${storeId}/sync/`)).body;
  let state = 'queued';
  let result: Record<string, unknown> | null = null;
  while (state === 'queued' || state === 'running') {
    await sleep(300);
    if (stopping) return undefined;
    const view = (await api<{ state: string; result: Record<string, unknown> | null; error: string | null }>('GET', `/jobs/${job.job_id}/`)).body;
    state = view.state;
    result = view.result;
    if (state === 'failed') throw new Error(`the catalogue sync failed: ${view.error}`);
  }
  step(`catalogue imported: ${JSON.stringify(result)}   POST /api/v1/kaspi/stores/{id}/sync/`);
  const products = (await api<{ results: Product[] }>('GET', `/products/?store_id=${storeId}&page_size=100&ordering=name`)).body.results;
  return { storeId, products };
}

/** Min/max on every product, repricing enabled on each, and the store's demper on. */
async function turnRepricerOn(api: Api, storeId: string, products: Product[]): Promise<void> {
  for (const p of products) {
    const price = p.price ?? 1000;
    // Min 10% under the price we list at (5% over the market), max 5% over it.
    await api('PATCH', `/products/${p.id}/`, { min_price: round10(price * 0.9), max_price: round10(price * 1.05), step: 10, strategy: 'beat_first' });
  }
  step(`min/max set on ${products.length} products (min = price - 10%, max = price + 5%, step 10 ₸)   PATCH /api/v1/products/{id}/`);
  await api('POST', '/products/batch_enable/', { store_id: storeId, product_ids: products.map((p) => p.id) });
  step(`repricing enabled on every product                  POST /api/v1/products/batch_enable/`);
  await api('PATCH', `/kaspi/stores/${storeId}/demper/`, { enabled: true, check_interval_seconds: CHECK_INTERVAL_SECONDS });
  step(`demper on, every ${CHECK_INTERVAL_SECONDS} s                            PATCH /api/v1/kaspi/stores/{id}/demper/`);
  say();
  say(bold(`${pad('time', 9)} ${pad('product', 28)} ${pad('city', 8)} ${pad('move', 27)} what`));
  say(dim('  bold: our moves (price history of the API); dim: competitors moving at or below our price (simulator)'));
}

type StorefrontRows = ReturnType<RunningSimulator['control']['world']['offersAt']>;

/** Every product and city where the storefront lists our offer: its offers (cheapest first) and our place in them. */
function eachStorefrontView(simulator: RunningSimulator, products: Product[], fn: (p: Product, cityId: string, rows: StorefrontRows, ours: number) => void): void {
  const worldState = simulator.control;
  const now = worldState.clock.now();
  for (const p of products) {
    if (!p.external_kaspi_id) continue;
    const index = worldState.world.productIndex(p.external_kaspi_id);
    for (const cityId of [ALMATY, ASTANA]) {
      const rows = worldState.world.offersAt(index, cityId, now);
      const ours = rows.findIndex((r) => r.merchant.id === OWN_UID);
      if (ours >= 0) fn(p, cityId, rows, ours);
    }
  }
}

/** Until stopped (or SECONDS): our moves from the price history, the competitors' from the simulator. */
async function watch(api: Api, simulator: RunningSimulator, products: Product[], merchantName: Map<string, string>): Promise<{ ourMoves: number; failures: number }> {
  const seen = new Map<string, string>();
  const competitors = new Map<string, number>();
  const snapshotCompetitors = (print: boolean) =>
    eachStorefrontView(simulator, products, (p, cityId, rows, ours) => {
      for (const r of rows) {
        if (r.merchant.id === OWN_UID) continue;
        const key = `${p.id}|${cityId}|${r.merchant.id}`;
        const before = competitors.get(key);
        competitors.set(key, r.price);
        // Only moves that touch our place: the rival is (or was) at or below our price.
        if (print && before !== undefined && before !== r.price && Math.min(before, r.price) <= rows[ours]!.price) {
          say(
            dim(
              `${pad(clock(new Date()), 9)} ${pad(p.name, 28)} ${pad(cityName(cityId), 8)} ${pad(`${money(before)} -> ${money(r.price)}`, 27)} competitor ${merchantName.get(r.merchant.id) ?? r.merchant.id}; we are #${ours + 1} now`,
            ),
          );
        }
      }
    });
  snapshotCompetitors(false);

  const moves = { ourMoves: 0, failures: 0 };
  const started = Date.now();
  let lastHistoryPoll = 0;
  while (!stopping && (!SECONDS || Date.now() - started < SECONDS * 1000)) {
    snapshotCompetitors(true);
    if (Date.now() - lastHistoryPoll >= 1000) {
      lastHistoryPoll = Date.now();
      for (const p of products) {
        const page = (await api<{ results: HistoryEntry[] }>('GET', `/products/${p.id}/price_history/?page_size=20`)).body.results;
        for (const h of [...page].reverse()) printOurMove(p.name, h, seen, moves);
      }
    }
    await sleep(500);
  }
  return moves;
}

/** One price history entry of ours, once per status it reaches. */
function printOurMove(name: string, h: HistoryEntry, seen: Map<string, string>, moves: { ourMoves: number; failures: number }): void {
  if (h.source !== 'demper' || h.status === 'sending') return;
  const known = seen.get(h.id);
  if (known === h.status) return;
  seen.set(h.id, h.status);
  const when = clock(new Date(h.created_at));
  if (!known) {
    moves.ourMoves++;
    const arrow = h.old_price !== null && h.new_price < h.old_price ? green('↓') : h.old_price !== null && h.new_price > h.old_price ? yellow('↑') : ' ';
    const vs = h.competitor_price !== null ? `, cheapest rival ${money(h.competitor_price)}` : '';
    say(
      `${pad(when, 9)} ${bold(pad(name, 28))} ${pad(cityName(h.city_id), 8)} ${arrow} ${pad(`${money(h.old_price)} -> ${money(h.new_price)}`, 25)} ${h.reason}, expected #${h.position ?? '?'}${vs} [${h.status}]`,
    );
  } else if (h.status === 'applied') {
    say(dim(`${pad(clock(new Date()), 9)} ${pad(name, 28)} ${pad(cityName(h.city_id), 8)}   ${pad(money(h.new_price), 25)} now on the storefront`));
  }
  if (h.status === 'failed') {
    moves.failures++;
    say(red(`${pad(clock(new Date()), 9)} ${pad(name, 28)} ${pad(cityName(h.city_id), 8)}   ${pad(money(h.new_price), 25)} failed: ${h.error ?? 'unknown'}`));
  }
}

function printWhereItEnded(simulator: RunningSimulator, products: Product[], merchantName: Map<string, string>, moves: { ourMoves: number; failures: number }): void {
  say();
  say(bold('Where it ended (storefront now)'));
  eachStorefrontView(simulator, products, (p, cityId, rows, ours) => {
    const rival = rows.find((r) => r.merchant.id !== OWN_UID);
    say(
      `  ${pad(p.name, 28)} ${pad(cityName(cityId), 8)} ours ${pad(money(rows[ours]!.price), 11)} #${ours + 1} of ${rows.length}; cheapest rival ${money(rival?.price)} (${rival ? (merchantName.get(rival.merchant.id) ?? rival.merchant.id) : '—'})`,
    );
  });
  const worldState = simulator.control;
  const bans = worldState.bans.counts();
  const writes = worldState.log.query({ route: 'mc.pricefeed' }).length;
  const reads = worldState.log.query({ route: 'storefront.offers' }).length;
  say();
  say(
    `${moves.ourMoves} price moves by the demper${moves.failures ? `, ${moves.failures} failed` : ''}; Kaspi saw ${reads} storefront reads and ${writes} price writes; bans: storefront ${bans.storefront}, pricefeed ${bans.pricefeed}.`,
  );
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  exitCode = 1;
  say(red(`demo failed: ${(err as Error).stack ?? err}`));
} finally {
  await shutdown();
}
if (stopping) say(dim('stopped cleanly'));
process.exit(exitCode);
