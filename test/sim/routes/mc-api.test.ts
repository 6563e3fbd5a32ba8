import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../sim/server.ts';
import { advance, simControl, startTestSim } from '../../helpers/sim.ts';
import { loginCookies, mcGet, mcHeaders } from '../../helpers/sim-http.ts';
import { OWN_UID } from '../../helpers/sim-worlds.ts';

describe('merchant cabinet API', () => {
  let sim: RunningSimulator;
  let cookie: string;
  before(async () => {
    // The generated world: two shops on the seller's account, 50 + 5 offers.
    sim = await startTestSim({ world: { seed: 3, products: 100, ownOffers: 50 }, sessionTtlMs: 3600_000 });
    cookie = await loginCookies(sim);
  });
  after(() => sim.close());

  it('the control API adds, replaces and removes our offers as a seller does in the cabinet', async () => {
    const details = async (sku: string) => mcGet(sim, cookie, `/bff/offer-view/details?m=${OWN_UID}&s=${sku}`);
    await simControl(sim, 'PUT', `/merchants/${OWN_UID}/offers`, { sku: 'SKU-ADDED', model: 'Added by hand', price: 4321 });
    const added = (await (await details('SKU-ADDED')).json()) as any;
    assert.equal(added.sku, 'SKU-ADDED');
    assert.equal(typeof added.minPrice === 'object' ? added.minPrice.value : added.minPrice, 4321);
    await simControl(sim, 'PUT', `/merchants/${OWN_UID}/offers`, { sku: 'SKU-ADDED', model: 'Added by hand', price: 5555 });
    const replaced = (await (await details('SKU-ADDED')).json()) as any;
    assert.equal(typeof replaced.minPrice === 'object' ? replaced.minPrice.value : replaced.minPrice, 5555);
    await simControl(sim, 'DELETE', `/merchants/${OWN_UID}/offers/SKU-ADDED`);
    assert.notEqual((await details('SKU-ADDED')).status, 200, 'a removed offer is gone from the cabinet');
    const bad = await fetch(`${sim.controlUrl}/merchants/${OWN_UID}/offers`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'X', model: 'x', price: 5 }),
    });
    assert.equal(bad.status, 400);
  });

  it('answers /s/m with every merchant of the account', async () => {
    const res = await mcGet(sim, cookie, '/s/m');
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.deepEqual(
      body.merchants.map((m: any) => m.uid),
      ['30141222', '30141223'],
      'an account can hold several merchants',
    );
  });

  it('answers 403 without x-auth-version: 3, also with valid cookies', async () => {
    const headers = mcHeaders(cookie);
    delete headers['x-auth-version'];
    assert.equal((await fetch(`${sim.urls.mc}/s/m`, { headers })).status, 403);
    assert.equal((await fetch(`${sim.urls.mc}/s/m`, { headers: { ...headers, 'x-auth-version': '2' } })).status, 403);
  });

  it('answers 403 to cookies in the wrong format and 401 without session cookies', async () => {
    assert.equal((await fetch(`${sim.urls.mc}/s/m`, { headers: mcHeaders('{"mc-session":"x"}') })).status, 403);
    assert.equal((await fetch(`${sim.urls.mc}/s/m`, { headers: mcHeaders('') })).status, 401);
    assert.equal((await fetch(`${sim.urls.mc}/s/m`, { headers: mcHeaders('mc-session=forged; mc-sid=forged') })).status, 401);
    const onlyOne = cookie.split('; ').find((c) => c.startsWith('mc-session='))!;
    assert.equal((await fetch(`${sim.urls.mc}/s/m`, { headers: mcHeaders(onlyOne) })).status, 401, 'both cookies are needed');
  });

  it('answers getMerchant with name and pickup points with cities', async () => {
    const res = await fetch(`${sim.urls.mc}/mc/facade/graphql?opName=getMerchant`, {
      method: 'POST',
      headers: mcHeaders(cookie, { 'content-type': 'application/json' }),
      body: JSON.stringify({
        operationName: 'getMerchant',
        variables: { id: OWN_UID },
        query: 'query getMerchant($id:String!){merchant(id:$id){id name logo{url} points{id name enabled virtual type city{id name}}}}',
      }),
    });
    const body = (await res.json()) as any;
    assert.equal(body.data.merchant.id, OWN_UID);
    assert.equal(body.data.merchant.name, 'Demo Shop');
    assert.deepEqual(body.data.merchant.points[0], { id: `${OWN_UID}_PP1`, name: 'PP1', enabled: true, virtual: false, type: 'WAREHOUSE', city: { id: '750000000', name: 'Алматы' } });
    const other = (await (
      await fetch(`${sim.urls.mc}/mc/facade/graphql?opName=getMerchant`, {
        method: 'POST',
        headers: mcHeaders(cookie, { 'content-type': 'application/json' }),
        body: JSON.stringify({ operationName: 'getMerchant', variables: { id: '999' } }),
      })
    ).json()) as any;
    assert.equal(other.data.merchant, null);
  });

  it('pages the offer list (0-based, l <= 100) until a short page', async () => {
    const skus: string[] = [];
    for (let p = 0; ; p++) {
      const res = await mcGet(sim, cookie, `/bff/offer-view/list?m=${OWN_UID}&p=${p}&l=20&a=true`);
      assert.equal(res.status, 200);
      const body = (await res.json()) as any;
      assert.equal(body.total, 50);
      skus.push(...body.data.map((o: any) => o.sku));
      if (body.data.length < 20) break;
    }
    assert.equal(skus.length, 50);
    assert.equal(new Set(skus).size, 50);
    assert.equal((await mcGet(sim, cookie, `/bff/offer-view/list?m=${OWN_UID}&p=0&l=101&a=true`)).status, 400);
    assert.equal((await mcGet(sim, cookie, `/bff/offer-view/list?m=99999&p=0&l=10&a=true`)).status, 403, 'a merchant of another account');
  });

  it('shows the documented offer fields; an unlinked offer has no shopLink', async () => {
    const body = (await (await mcGet(sim, cookie, `/bff/offer-view/list?m=${OWN_UID}&p=0&l=100&a=true`)).json()) as any;
    const offer = body.data[0];
    for (const key of ['offerId', 'sku', 'masterTitle', 'masterCategory', 'brand', 'minPrice', 'images', 'shopLink', 'availabilities', 'updatedAt']) assert.ok(key in offer, `offer has ${key}`);
    assert.equal(typeof offer.minPrice, 'number');
    assert.match(offer.shopLink, /^\/p\/[a-z0-9-]+-\d+\/$/);
    assert.deepEqual(Object.keys(offer.availabilities[0]).sort(), ['available', 'preOrder', 'stockCount', 'storeId']);
    assert.equal(offer.availabilities[0].storeId, `${OWN_UID}_PP1`);
    const unlinked = body.data.find((o: any) => o.sku === 'SKU-25');
    assert.ok(unlinked && !('shopLink' in unlinked), 'SKU-25 is not linked to a product card');
    const filtered = (await (await mcGet(sim, cookie, `/bff/offer-view/list?m=${OWN_UID}&p=0&l=100&a=true&t=SKU-1`)).json()) as any;
    assert.ok(filtered.data.every((o: any) => o.sku.includes('SKU-1')));
  });

  it('returns one offer by SKU from the details call', async () => {
    const res = await mcGet(sim, cookie, `/bff/offer-view/details?m=${OWN_UID}&s=SKU-2`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as any).sku, 'SKU-2');
    assert.equal((await mcGet(sim, cookie, `/bff/offer-view/details?m=${OWN_UID}&s=NOPE`)).status, 404);
  });

  it('expires a session after the configured time with 401', async () => {
    const fresh = await loginCookies(sim);
    assert.equal((await mcGet(sim, fresh, '/s/m')).status, 200);
    await advance(sim, 3600_000 - 1);
    assert.equal((await mcGet(sim, fresh, '/s/m')).status, 200);
    await advance(sim, 1);
    assert.equal((await mcGet(sim, fresh, '/s/m')).status, 401);
    cookie = await loginCookies(sim);
  });

  it('can end sessions on demand and answer an expired session with a redirect to the login page', async () => {
    const fresh = await loginCookies(sim);
    await simControl(sim, 'POST', '/sessions/expire', { email: 'seller@example.kz' });
    await simControl(sim, 'POST', '/faults', { route: 'mc.me', kind: 'shape', variant: 'session-redirect', times: 1 });
    const res = await fetch(`${sim.urls.mc}/s/m`, { headers: mcHeaders(fresh), redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), `${sim.urls.idmc}/login`);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.equal((await mcGet(sim, fresh, '/s/m')).status, 401);
    cookie = await loginCookies(sim);
  });

  it('serves the cabinet page with nav.navbar to a logged-in browser and redirects others to login', async () => {
    const page = await fetch(`${sim.urls.mc}/`, { headers: { cookie } });
    assert.match(await page.text(), /<nav class="navbar"/);
    const anon = await fetch(`${sim.urls.mc}/`, { redirect: 'manual' });
    assert.equal(anon.status, 302);
    assert.equal(anon.headers.get('location'), `${sim.urls.idmc}/login`);
  });
});
