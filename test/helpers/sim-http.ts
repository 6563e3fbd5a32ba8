// Talking to the simulator the way a working tool talks to Kaspi, over plain HTTP: log in, call the
// cabinet with Kaspi's headers, post to the pricefeed, read the storefront.
import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../sim/server.ts';
import { SELLER } from './sim-worlds.ts';

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
