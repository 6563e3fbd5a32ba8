#!/usr/bin/env node
// `npm run sim`: the Kaspi simulator as a standalone server. Options come from flags or env:
//   --port / SIM_PORT (default 7070), --host / SIM_HOST, --seed / SIM_SEED, --products / SIM_PRODUCTS,
//   --competitors / SIM_COMPETITORS, --cities / SIM_CITIES, --own-offers / SIM_OWN_OFFERS,
//   --time-scale / SIM_TIME_SCALE, --manual-clock, --ingest-delay-ms / SIM_INGEST_DELAY_MS,
//   --session-ttl-ms / SIM_SESSION_TTL_MS
import { parseArgs } from 'node:util';
import { kaspiUrlEnv, startSimulator } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    seed: { type: 'string' },
    products: { type: 'string' },
    competitors: { type: 'string' },
    cities: { type: 'string' },
    'own-offers': { type: 'string' },
    'time-scale': { type: 'string' },
    'manual-clock': { type: 'boolean' },
    'ingest-delay-ms': { type: 'string' },
    'session-ttl-ms': { type: 'string' },
  },
});

const num = (flag: string | undefined, env: string, fallback?: number): number | undefined => {
  const raw = flag ?? process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${env} must be a number, got ${raw}`);
  return n;
};

const world = Object.fromEntries(
  Object.entries({
    seed: num(values.seed, 'SIM_SEED'),
    products: num(values.products, 'SIM_PRODUCTS'),
    competitorsPerProduct: num(values.competitors, 'SIM_COMPETITORS'),
    cities: num(values.cities, 'SIM_CITIES'),
    ownOffers: num(values['own-offers'], 'SIM_OWN_OFFERS'),
  }).filter(([, v]) => v !== undefined),
);

const sim = await startSimulator({
  port: num(values.port, 'SIM_PORT', 7070)!,
  host: values.host ?? process.env.SIM_HOST ?? '127.0.0.1',
  world,
  clock: values['manual-clock'] ? 'manual' : 'real',
  timeScale: num(values['time-scale'], 'SIM_TIME_SCALE', 1)!,
  ...(num(values['ingest-delay-ms'], 'SIM_INGEST_DELAY_MS') !== undefined ? { ingestDelayMs: num(values['ingest-delay-ms'], 'SIM_INGEST_DELAY_MS')! } : {}),
  ...(num(values['session-ttl-ms'], 'SIM_SESSION_TTL_MS') !== undefined ? { sessionTtlMs: num(values['session-ttl-ms'], 'SIM_SESSION_TTL_MS')! } : {}),
});

const w = sim.control.world;
console.log(`Kaspi simulator listening (${w.productCount} products, ${w.listings.count} competitor offers, seed ${w.seed})`);
for (const [name, url] of Object.entries(kaspiUrlEnv(sim.urls))) console.log(`  ${name}=${url}`);
console.log(`  Shop API v2: ${sim.urls.api}`);
console.log(`  control API: ${sim.controlUrl} (GET ${sim.controlUrl}/world)`);
for (const a of sim.control.accounts.list()) console.log(`  account ${a.email} / ${a.password}${a.smsRequired ? ' (SMS)' : ''}${a.locked ? ' (locked)' : ''}`);

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
