// Shared helpers for the simulator's tests: start a simulator on a random port with a manual clock,
// log in over plain HTTP, call the cabinet with Kaspi's headers, drive the control API.
import assert from 'node:assert/strict';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../sim/server.ts';

export const OWN_UID = '30141222';
export const SELLER = { email: 'seller@example.kz', password: 'secret123' };

export async function startTestSim(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ clock: 'manual', startTime: Date.UTC(2026, 8, 21, 10, 0, 0), ingestDelayMs: 0, ...options });
}

export async function control<T = any>(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.controlUrl}${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as T;
  assert.ok(res.ok, `control ${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

export async function advance(sim: RunningSimulator, ms: number): Promise<void> {
  await control(sim, 'POST', '/time/advance', { ms });
}

/** Logs in through the identity provider's JSON steps and the OAuth redirect; returns the Cookie header. */
export async function loginCookies(sim: RunningSimulator, email = SELLER.email, password = SELLER.password): Promise<string> {
  const step = await postJson(`${sim.urls.idmc}/auth/v1/password`, { email, password });
  assert.equal(step.next, 'redirect', `login answered ${JSON.stringify(step)}`);
  return redeem(step.url);
}

export async function redeem(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  assert.equal(res.status, 302, `oauth callback answered ${res.status}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  assert.ok(cookies.some((c) => c?.startsWith('mc-session=')) && cookies.some((c) => c?.startsWith('mc-sid=')));
  return cookies.join('; ');
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return res.json();
}

/** The headers every working tool sends to the cabinet. */
export function mcHeaders(cookie: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    cookie,
    'x-auth-version': '3',
    origin: 'https://kaspi.kz',
    referer: 'https://kaspi.kz/',
    accept: 'application/json, text/plain, */*',
    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130 Safari/537.36',
    ...extra,
  };
}

export function mcGet(sim: RunningSimulator, cookie: string, path: string): Promise<Response> {
  return fetch(`${sim.urls.mc}${path}`, { headers: mcHeaders(cookie) });
}

export function pricefeed(sim: RunningSimulator, cookie: string, body: unknown): Promise<Response> {
  return fetch(`${sim.urls.mc}/pricefeed/upload/merchant/process`, {
    method: 'POST',
    headers: mcHeaders(cookie, { 'content-type': 'application/json; charset=UTF-8' }),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function storefrontOffers(sim: RunningSimulator, productId: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sim.urls.shop}/yml/offer-view/offers/${productId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/plain, */*', ...headers },
    body: JSON.stringify({ cityId: '750000000', id: productId, merchantUID: [], limit: 64, page: 0, sortOption: 'PRICE', ...body }),
  });
}

/** A small hand-made world where every number is known. */
export function tinyWorld(extra: Partial<import('../../sim/world/world-types.ts').WorldSpec> = {}): import('../../sim/world/world-types.ts').WorldSpec {
  return {
    seed: 7,
    merchants: [
      { id: '111', name: 'Alpha', rating: 4.9, reviews: 100 },
      { id: '222', name: 'Beta', rating: 4.1, reviews: 50 },
      { id: 'Sulpak', name: 'Sulpak', rating: 4.5, reviews: 900 },
      { id: '333', name: 'Newbie', rating: 0, reviews: 0 },
    ],
    products: [
      { id: '500', title: 'Samsung Galaxy A55 128GB', brand: 'Samsung', category: 'Smartphones' },
      { id: '501', title: 'Tefal Kettle K1', brand: 'Tefal', category: 'Kettles' },
    ],
    listings: [
      { productId: '500', merchantId: '111', cityId: '750000000', price: 1000 },
      { productId: '500', merchantId: '222', cityId: '750000000', price: 1000 },
      { productId: '500', merchantId: 'Sulpak', cityId: '750000000', price: 990, preorder: 5 },
      { productId: '500', merchantId: '333', cityId: '750000000', price: 1200 },
      { productId: '500', merchantId: '111', cityId: '710000000', price: 1500 },
    ],
    ownMerchants: [
      {
        uid: OWN_UID,
        name: 'Our Shop',
        apiToken: 'token-1',
        points: [
          { name: 'PP1', cityId: '750000000' },
          { name: 'PP2', cityId: '710000000' },
        ],
        offers: [
          { sku: 'SKU-1', productId: '500', model: 'Samsung Galaxy A55 128GB', brand: 'Samsung', price: 1100 },
          { sku: 'SKU-2', productId: '501', model: 'Tefal Kettle K1', brand: 'Tefal', price: 5000 },
          { sku: 'SKU-3', model: 'Unlinked offer', price: 700 },
        ],
      },
    ],
    accounts: [
      { email: SELLER.email, password: SELLER.password, phone: '77001234567', merchants: [OWN_UID] },
      { email: 'sms@example.kz', password: 'secret123', phone: '77007654321', smsRequired: true, smsCode: '123456', merchants: [OWN_UID] },
      { email: 'locked@example.kz', password: 'secret123', locked: true, merchants: [OWN_UID] },
    ],
    orders: [],
    ...extra,
  };
}
