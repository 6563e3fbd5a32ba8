// `npm run bench:sync`: catalogue sync of a 20,000-offer shop against the simulator, on PostgreSQL.
// Prints the sync time, peak memory of the API process and requests made per offer, twice: with the
// default cabinet-read budget (1 page/s, what is safe on Kaspi) and with the budget lifted, which
// shows what the import itself costs. Prints figures; never fails on speed.
//
//   OFFERS=20000 npm run bench:sync
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { kaspiUrlEnv, simulatorUrls } from '../sim/server.ts';
import { loadConfig } from '../src/config/index.ts';
import { createContainer } from '../src/container.ts';
import { freePort, waitUntilOk } from './bench-helpers.ts';

const root = path.resolve(import.meta.dirname, '..');
const OFFERS = Number(process.env['OFFERS'] ?? 20_000);
const adminUrl = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RATES = (process.env['CABINET_RATES'] ?? '1,1000').split(',').map(Number);

// The simulator in its own process, so the memory figure is the API's alone.
const simPort = await freePort();
const sim = spawn(
  process.execPath,
  ['--import', 'tsx', 'sim/cli.ts', '--port', String(simPort), '--products', String(OFFERS + 100), '--competitors', '1', '--cities', '3', '--own-offers', String(OFFERS)],
  { cwd: root, stdio: 'ignore' },
);
const simUrl = `http://127.0.0.1:${simPort}`;
await waitUntilOk(`${simUrl}/_sim/health`, 120_000);

try {
  for (const rate of RATES) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query('drop database if exists kaspi_bench_sync with (force)');
    await admin.query('create database kaspi_bench_sync');
    await admin.end();
    const dbUrl = new URL(adminUrl);
    dbUrl.pathname = '/kaspi_bench_sync';

    const config = loadConfig({
      DATABASE_URL: dbUrl.toString(),
      SECRET_KEY: 'bench-secret-key-0123456789abcdef012345',
      LOG_LEVEL: 'warn',
      PASSWORD_HASH_LOG_N: '12',
      ...kaspiUrlEnv(simulatorUrls(simUrl)),
      KASPI_CABINET_READS_PER_SECOND: String(Math.min(rate, 100)),
      SYNC_INTERVAL_HOURS: '0',
      BROWSER_POOL_SIZE: '1',
    });
    const container = await createContainer(config);
    await container.startWorkers();
    await container.services.users.register('bench-sync@example.kz', 'bench password');
    const { token } = await container.services.users.login('bench-sync@example.kz', 'bench password');
    const actor = await container.services.users.actorForToken(token);
    if (!actor) throw new Error('the bench user could not sign in');
    const linked = await container.services.kaspiAuth.authenticate(actor, { email: 'seller@example.kz', password: 'secret123' });
    if (!linked.success) throw new Error('the bench login did not link the shop');
    const storeId = linked.stores.find((s) => s.merchant_id === '30141222')!.store_id;
    await fetch(`${simUrl}/_sim/requests`, { method: 'DELETE' });

    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);
    const started = performance.now();
    const job = await container.services.catalogue.requestSync(actor, storeId);
    let view = await container.services.jobs.get(actor, job.id);
    while (view.state === 'queued' || view.state === 'running') {
      await new Promise((r) => setTimeout(r, 100));
      view = await container.services.jobs.get(actor, job.id);
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (view.state !== 'completed') throw new Error(`sync failed: ${view.error}`);

    const log = (await (await fetch(`${simUrl}/_sim/requests?limit=100000`)).json()) as { requests: { route: string }[] };
    const cabinetCalls = log.requests.filter((r) => r.route.startsWith('mc.')).length;
    const result = view.result as Record<string, number>;
    const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
    console.log(
      `sync of ${result['offers_seen']} offers, cabinet budget ${rate >= 100 ? 'lifted' : `${rate} page/s`}: ${seconds.toFixed(1)} s ` +
        `(${Math.round(result['offers_seen']! / seconds)} offers/s), ${result['pages']} pages, created ${result['created']}; ` +
        `${cabinetCalls} cabinet requests = ${(cabinetCalls / result['offers_seen']!).toFixed(3)} per offer; ` +
        `API process peak RSS ${mib(peakRss)} (+${mib(peakRss - baseline.rss)} over idle), peak heap ${mib(peakHeap)}`,
    );
    await container.close();
  }
} finally {
  sim.kill('SIGTERM');
}
