// The simulator in tests: start one with a manual clock, drive its control API, read its request log,
// add cabinet accounts, and the settings that point the service (in process or a child) at it.
import crypto from 'node:crypto';
import { kaspiUrlEnv, type RunningSimulator, type SimulatorOptions, startSimulator } from '../../sim/server.ts';
import type { AccountSpec } from '../../sim/world/world-types.ts';
import { merchantUid, PASSWORD } from './sim-worlds.ts';

/** A simulator on a random port; by default a manual clock at a known instant and no pricefeed delay. */
export async function startTestSim(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ clock: 'manual', startTime: Date.UTC(2026, 8, 21, 10, 0, 0), ingestDelayMs: 0, ...options });
}

/** Calls the control API of a simulator (or of the one at a control URL, `<origin>/_sim`); throws on a non-2xx. */
export async function simControl<T = any>(sim: RunningSimulator | string, method: string, path: string, body?: unknown): Promise<T> {
  const controlUrl = typeof sim === 'string' ? sim : sim.controlUrl;
  const res = await fetch(`${controlUrl}${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`control ${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

export async function advance(sim: RunningSimulator, ms: number): Promise<void> {
  await simControl(sim, 'POST', '/time/advance', { ms });
}

/** The settings that point a service process at the simulator (in-process apps and worker children alike). */
export function simulatorEnv(sim: RunningSimulator): Record<string, string> {
  return {
    ...kaspiUrlEnv(sim.urls),
    KASPI_LOGIN_TIMEOUT_MS: '15000',
    KASPI_HTTP_TIMEOUT_MS: '5000',
  };
}

let accountCounter = 0;

/** A fresh cabinet account on the simulator (unique e-mail and phone) for the given merchants. */
export async function addAccount(sim: RunningSimulator, merchants: number[], extra: Partial<AccountSpec> = {}): Promise<AccountSpec> {
  const n = ++accountCounter;
  const tag = crypto.randomBytes(3).toString('hex');
  const account: AccountSpec = {
    email: `owner${n}-${tag}@example.kz`,
    password: PASSWORD,
    phone: `7701${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    merchants: merchants.map(merchantUid),
    ...extra,
  };
  await simControl(sim, 'PUT', '/accounts', account);
  return account;
}

export async function lastSmsCode(sim: RunningSimulator, emailOrPhone: string): Promise<string> {
  return (await simControl<{ code: string }>(sim, 'GET', `/accounts/${encodeURIComponent(emailOrPhone)}/sms`)).code;
}

/** Requests the simulator logged since `sinceSeq` for a route (e.g. password logins). */
export async function simRequests(sim: RunningSimulator, query: Record<string, string>): Promise<{ seq: number; path: string; status: number; account: string | null }[]> {
  const qs = new URLSearchParams({ limit: '10000', ...query });
  return (await simControl<{ requests: { seq: number; path: string; status: number; account: string | null }[] }>(sim, 'GET', `/requests?${qs}`)).requests;
}

/** The highest request sequence number so far: count from there. */
export async function simSeq(sim: RunningSimulator): Promise<number> {
  const all = await simRequests(sim, {});
  return all.reduce((max, r) => Math.max(max, r.seq), 0);
}

export async function passwordLoginsSince(sim: RunningSimulator, since: number, email?: string): Promise<number> {
  const rows = await simRequests(sim, { path: '/auth/v1/password', since: String(since), ...(email && { account: email }) });
  return rows.length;
}
