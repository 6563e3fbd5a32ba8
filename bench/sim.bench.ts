// Benchmark of the Kaspi simulator: requests/s for the storefront offers call and the pricefeed call,
// and memory for a 100,000-product / 1,000,000-offer world. Prints figures; it does not pass or fail.
//
//   npx tsx bench/sim.bench.ts [--products 100000] [--competitors 10] [--cities 1] [--duration 10] [--connections 50]
//
// The simulator runs in its own process (as in a real benchmark of the project) so the load generator
// does not share its event loop.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '100000' },
    competitors: { type: 'string', default: '10' },
    cities: { type: 'string', default: '1' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
  },
});
const products = Number(values.products);
const root = path.resolve(import.meta.dirname, '..');
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function startSimProcess(): Promise<{ origin: string; stop: () => void; startupMs: number }> {
  const t0 = performance.now();
  const args = ['--import', 'tsx', 'sim/cli.ts', '--port', '0', '--products', String(products), '--competitors', String(values.competitors), '--cities', String(values.cities), '--own-offers', '100'];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /KASPI_SHOP_URL=(\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { origin, stop: () => child.kill('SIGTERM'), startupMs: performance.now() - t0 };
}

async function json(url: string, init?: RequestInit): Promise<any> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status}`);
  return res.json();
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function report(name: string, r: autocannon.Result): void {
  console.log(
    `${name.padEnd(20)} ${Math.round(r.requests.average).toString().padStart(7)} req/s (avg), p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.requests.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors`,
  );
}

const sim = await startSimProcess();
try {
  const control = `${sim.origin}/_sim`;
  const health = await json(`${control}/health`);
  const world = await json(`${control}/world`);
  console.log(`world: ${world.products} products, ${world.listings} competitor offers, listing arrays ${mb(world.listingBytes)}; simulator up in ${(sim.startupMs / 1000).toFixed(1)} s`);
  console.log(`memory after start: rss ${mb(health.memory.rss)}, heap used ${mb(health.memory.heapUsed)}, array buffers ${mb(health.memory.arrayBuffers)}`);

  // Measure capacity, not Kaspi's limits: switch them off for the run.
  await json(`${control}/limits`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ storefront: { enabled: false }, pricefeed: { enabled: false } }) });

  const duration = Number(values.duration);
  const connections = Number(values.connections);
  let n = 0;
  const offers = await run({
    url: sim.origin,
    duration,
    connections,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ks-city': '750000000' },
        setupRequest: (req) => {
          // Spread reads over the whole catalogue (a multiplicative walk visits products in scattered order).
          const id = 100000000 + ((n++ * 7919) % products);
          return { ...req, path: `/yml/offer-view/offers/${id}`, body: JSON.stringify({ cityId: '750000000', id: String(id), limit: 64, page: 0, sortOption: 'PRICE' }) };
        },
      },
    ],
  });
  report('storefront offers', offers);

  const step = await json(`${sim.origin}/auth/v1/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'seller@example.kz', password: 'secret123' }),
  });
  const callback = await fetch(step.url, { redirect: 'manual' });
  const cookie = callback.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  let k = 0;
  const feed = await run({
    url: `${sim.origin}/pricefeed/upload/merchant/process`,
    duration,
    connections,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=UTF-8', 'x-auth-version': '3', cookie },
        setupRequest: (req) => {
          const i = k++;
          const body = { merchantUid: '30141222', sku: `SKU-${(i % 100) + 1}`, price: 1000 + (i % 500), availabilities: [{ available: 'yes', storeId: '30141222_PP1', stockEnabled: false }] };
          return { ...req, body: JSON.stringify(body) };
        },
      },
    ],
  });
  report('pricefeed process', feed);

  const after = await json(`${control}/health`);
  console.log(`memory after load: rss ${mb(after.memory.rss)}, heap used ${mb(after.memory.heapUsed)} (the request log keeps the last 20,000 requests)`);
} finally {
  sim.stop();
}
