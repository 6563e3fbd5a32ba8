// Browser login figures against the simulator: login time (median, p95), logins per minute with the
// browser pool at 1, 2 and 4 Chromiums, and resident memory per browser (from /proc).
//
//   npm run bench:login                 default: 16 logins per pool size
//   LOGINS=40 npm run bench:login
import os from 'node:os';
import { startSimulator } from '../sim/server.ts';
import type { AccountSpec } from '../sim/world/world-types.ts';
import { BrowserPool } from '../src/infra/browser/browser-pool.ts';
import { memoryOf, processTree } from '../src/infra/browser/process-memory.ts';
import { ProxyDispatchers } from '../src/infra/http/proxy-dispatchers.ts';
import { KaspiAuthenticator } from '../src/kaspi/auth/kaspi-authenticator.ts';

const LOGINS = Number(process.env['LOGINS'] ?? 16);
const SIZES = (process.env['POOL_SIZES'] ?? '1,2,4').split(',').map(Number);
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const accounts: AccountSpec[] = Array.from({ length: 8 }, (_, i) => ({ email: `bench${i}@example.kz`, password: 'secret123', merchants: ['30141222'] }));
const sim = await startSimulator({ world: { products: 20, ownOffers: 5, orders: 0 }, accounts });

const median = (xs: number[]) => percentile(xs, 0.5);
function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

console.log(`login bench: ${LOGINS} e-mail logins per pool size, ${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30) | 0} GiB`);
console.log('pool | logins/min | median login | p95 login | median wait+login | PSS per browser (peak) | RSS per browser (peak, shared pages counted per process)');
for (const size of SIZES) {
  const pool = new BrowserPool({ executablePath: chromiumPath, size, maxUses: 1000 });
  const auth = new KaspiAuthenticator(pool, { idmcUrl: sim.urls.idmc, timeoutMs: 30_000 }, new ProxyDispatchers());
  // Warm up: every browser launched once, so the figures are steady-state logins.
  await Promise.all(Array.from({ length: size }, (_, i) => auth.loginWithPassword(accounts[i % accounts.length]!.email, 'secret123')));

  // Login time alone: one at a time, no queueing.
  const loginTimes: number[] = [];
  for (let i = 0; i < 6; i++) {
    const began = performance.now();
    const result = await auth.loginWithPassword(accounts[i % accounts.length]!.email, 'secret123');
    if (result.kind !== 'success') throw new Error('bench login did not succeed');
    loginTimes.push(performance.now() - began);
  }

  // Throughput: all logins at once; the pool queues them.
  const totalTimes: number[] = [];
  let peak = { rss: 0, pss: 0 };
  const sampler = setInterval(() => {
    void processTree(pool.processMarker)
      .then(memoryOf)
      .then((m) => {
        if (m.pss > peak.pss) peak = m;
      });
  }, 250);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: LOGINS }, async (_, i) => {
      const queued = performance.now();
      const result = await auth.loginWithPassword(accounts[i % accounts.length]!.email, 'secret123');
      if (result.kind !== 'success') throw new Error('bench login did not succeed');
      totalTimes.push(performance.now() - queued);
    }),
  );
  const elapsed = performance.now() - started;
  clearInterval(sampler);
  const running = pool.stats().running || size;
  console.log(
    `${String(size).padStart(4)} | ${((LOGINS / elapsed) * 60_000).toFixed(0).padStart(10)} | ${(median(loginTimes) / 1000).toFixed(2).padStart(10)} s | ${(percentile(loginTimes, 0.95) / 1000).toFixed(2).padStart(7)} s | ${(median(totalTimes) / 1000).toFixed(2).padStart(15)} s | ${mb(peak.pss / running).padStart(22)} | ${mb(peak.rss / running).padStart(10)}`,
  );
  await pool.close();
}
await sim.close();
