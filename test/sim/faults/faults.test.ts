import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../sim/server.ts';
import { simControl, startTestSim } from '../../helpers/sim.ts';
import { loginCookies, mcGet, postJson, redeem, storefrontOffers } from '../../helpers/sim-http.ts';
import { OWN_UID, SELLER, tinyWorld } from '../../helpers/sim-worlds.ts';

describe('faults on demand and the request log', () => {
  let sim: RunningSimulator;
  let cookie: string;
  before(async () => {
    sim = await startTestSim({ world: tinyWorld() });
  });
  after(() => sim.close());
  beforeEach(async () => {
    await simControl(sim, 'POST', '/reset');
    cookie = await loginCookies(sim);
  });

  it('answers 5xx a given number of times, then normally', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'storefront.offers', kind: 'status', status: 502, times: 2 });
    assert.equal((await storefrontOffers(sim, '500')).status, 502);
    assert.equal((await storefrontOffers(sim, '500')).status, 502);
    assert.equal((await storefrontOffers(sim, '500')).status, 200);
    assert.deepEqual((await simControl(sim, 'GET', '/faults')).faults, []);
  });

  it('lets the first requests through with `after`, then faults', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'storefront.offers', kind: 'status', status: 503, after: 2, times: 1 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await storefrontOffers(sim, '500')).status);
    assert.deepEqual(statuses, [200, 200, 503, 200]);
  });

  it('applies rate faults deterministically for a seed', async () => {
    const run = async () => {
      await simControl(sim, 'POST', '/reset');
      await simControl(sim, 'POST', '/faults', { route: 'storefront.*', kind: 'status', status: 500, rate: 0.3 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await storefrontOffers(sim, '500', {}, { 'x-forwarded-for': `10.2.0.${i}` })).status);
      return statuses;
    };
    const a = await run();
    const b = await run();
    assert.deepEqual(a, b);
    assert.ok(a.includes(500) && a.includes(200), `a 30% rate gives a mix: ${a}`);
  });

  it('answers slowly', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'mc.me', kind: 'slow', delayMs: 300, times: 1 });
    const t0 = performance.now();
    assert.equal((await mcGet(sim, cookie, '/s/m')).status, 200);
    assert.ok(performance.now() - t0 >= 290);
  });

  it('sends the error headers at once and the body later with bodyDelayMs, and logs it', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'storefront.offers', kind: 'status', status: 401, bodyDelayMs: 400, times: 1 });
    const t0 = performance.now();
    const res = await storefrontOffers(sim, '500');
    const headersMs = performance.now() - t0;
    assert.equal(res.status, 401);
    await res.text();
    const bodyMs = performance.now() - t0;
    assert.ok(headersMs < 300 && bodyMs >= 390, `headers after ${headersMs} ms, body after ${bodyMs} ms`);
    const log = await simControl(sim, 'GET', '/requests?route=storefront.offers');
    assert.equal(log.requests.at(-1).status, 401);
    assert.equal(log.requests.at(-1).outcome, 'fault:status 401');
  });

  it('never answers a hung request (the client must time out)', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'storefront.offers', kind: 'hang', times: 1 });
    await assert.rejects(
      fetch(`${sim.urls.shop}/yml/offer-view/offers/500`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(300) }),
      (err: Error) => err.name === 'TimeoutError',
    );
    const log = await simControl(sim, 'GET', '/requests?route=storefront.offers');
    assert.equal(log.requests[0].outcome, 'fault:hang');
  });

  it('serves the anti-bot page as 200 text/html', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'storefront.offers', kind: 'antibot', times: 1 });
    const res = await storefrontOffers(sim, '500');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /робот/);
  });

  it('returns the offer list under items, content, data or bare, with minPrice as an object and null offerId', async () => {
    const list = async () => (await mcGet(sim, cookie, `/bff/offer-view/list?m=${OWN_UID}&p=0&l=10&a=true`)).json() as Promise<any>;
    assert.ok(Array.isArray((await list()).data));
    for (const [variant, check] of [
      ['list-items', (b: any) => Array.isArray(b.items)],
      ['list-content', (b: any) => Array.isArray(b.content)],
      ['list-array', (b: any) => Array.isArray(b)],
    ] as const) {
      await simControl(sim, 'POST', '/faults', { route: 'mc.offer-list', kind: 'shape', variant, times: 1 });
      assert.ok(check(await list()), variant);
    }
    await simControl(sim, 'POST', '/faults', { route: 'mc.offer-list', kind: 'shape', variant: 'min-price-object', times: 1 });
    await simControl(sim, 'POST', '/faults', { route: 'mc.offer-list', kind: 'shape', variant: 'null-offer-id', times: 1 });
    const b = await list();
    assert.deepEqual(b.data[0].minPrice, { value: 1100 });
    assert.equal(b.data[0].offerId, null);
    assert.equal(b.data[0].sku, 'SKU-1');
  });

  it('sends numeric merchantId on the storefront where it is all digits', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'storefront.offers', kind: 'shape', variant: 'numeric-merchant-id', times: 1 });
    const body = (await (await storefrontOffers(sim, '500')).json()) as any;
    assert.equal(body.offers.find((o: any) => o.merchantName === 'Alpha').merchantId, 111);
    assert.equal(body.offers.find((o: any) => o.merchantName === 'Sulpak').merchantId, 'Sulpak');
  });

  it('answers the OAuth redirect with 401 once; a reload logs in', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'mc.oauth-callback', kind: 'status', status: 401, times: 1 });
    const step = await postJson(`${sim.urls.idmc}/auth/v1/password`, SELLER);
    const first = await fetch(step.url, { redirect: 'manual' });
    assert.equal(first.status, 401);
    assert.match(first.headers.get('content-type') ?? '', /text\/html/);
    const cookies = await redeem(step.url);
    assert.equal((await mcGet(sim, cookies, '/s/m')).status, 200);
  });

  it('logs every request with who, when, body and answer; filters; clears', async () => {
    await simControl(sim, 'DELETE', '/requests');
    await storefrontOffers(sim, '500', {}, { 'x-forwarded-for': '10.3.0.1' });
    await fetch(`${sim.urls.mc}/pricefeed/upload/merchant/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-version': '3', cookie },
      body: JSON.stringify({ merchantUid: OWN_UID, sku: 'SKU-1', price: 1000 }),
    });
    const all = await simControl(sim, 'GET', '/requests');
    assert.equal(all.count, 2);
    const feed = (await simControl(sim, 'GET', '/requests?route=mc.pricefeed')).requests[0];
    assert.equal(feed.method, 'POST');
    assert.equal(feed.path, '/pricefeed/upload/merchant/process');
    assert.equal(feed.status, 200);
    assert.equal(feed.account, 'seller@example.kz');
    assert.equal(feed.merchant, OWN_UID);
    assert.deepEqual(feed.body, { merchantUid: OWN_UID, sku: 'SKU-1', price: 1000 });
    assert.equal(feed.at, sim.control.clock.now());
    const byIp = await simControl(sim, 'GET', '/requests?ip=10.3.0.1');
    assert.equal(byIp.count, 1);
    assert.equal(byIp.requests[0].route, 'storefront.offers');
    await simControl(sim, 'DELETE', '/requests');
    assert.equal((await simControl(sim, 'GET', '/requests')).count, 0);
  });
});
