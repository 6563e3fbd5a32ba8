import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../sim/server.ts';
import { advance, simControl, startTestSim } from '../../helpers/sim.ts';
import { storefrontOffers } from '../../helpers/sim-http.ts';
import { tinyWorld } from '../../helpers/sim-worlds.ts';

describe('storefront', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startTestSim({ world: tinyWorld() });
  });
  after(() => sim.close());
  beforeEach(async () => {
    await simControl(sim, 'DELETE', '/bans');
  });

  it('answers the offers call with the documented fields, cheapest first, better rating first on ties', async () => {
    const res = await storefrontOffers(sim, '500');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const body = (await res.json()) as any;
    assert.deepEqual(
      body.offers.map((o: any) => [o.merchantId, o.price]),
      [
        ['Sulpak', 990],
        ['111', 1000],
        ['222', 1000],
        ['30141222', 1100],
        ['333', 1200],
      ],
    );
    assert.equal(body.total, 5);
    assert.equal(body.offersCount, 5);
    const sulpak = body.offers[0];
    for (const key of [
      'masterSku',
      'merchantId',
      'merchantName',
      'merchantSku',
      'title',
      'price',
      'merchantRating',
      'merchantReviewsQuantity',
      'kaspiDelivery',
      'deliveryDuration',
      'delivery',
      'deliveryOptions',
      'preorder',
    ]) {
      assert.ok(key in sulpak, `offer has ${key}`);
    }
    assert.equal(sulpak.preorder, 5, 'preorder is lowercase, in days');
    assert.equal(typeof sulpak.merchantId, 'string');
    assert.ok(!('merchantRating' in body.offers[4]), 'a merchant without reviews has no rating');
  });

  it('answers GET with 405', async () => {
    const res = await fetch(`${sim.urls.shop}/yml/offer-view/offers/500`);
    assert.equal(res.status, 405);
  });

  it('answers limit 65 (and 100) with 400 and limit 64 with 200', async () => {
    assert.equal((await storefrontOffers(sim, '500', { limit: 100 })).status, 400);
    assert.equal((await storefrontOffers(sim, '500', { limit: 65 })).status, 400);
    assert.equal((await storefrontOffers(sim, '500', { limit: 64 })).status, 200);
  });

  it('pages 0-based with the total of all pages', async () => {
    const p0 = (await (await storefrontOffers(sim, '500', { limit: 2, page: 0 })).json()) as any;
    const p1 = (await (await storefrontOffers(sim, '500', { limit: 2, page: 1 })).json()) as any;
    const p2 = (await (await storefrontOffers(sim, '500', { limit: 2, page: 2 })).json()) as any;
    const p3 = (await (await storefrontOffers(sim, '500', { limit: 2, page: 3 })).json()) as any;
    assert.deepEqual([p0.offers.length, p1.offers.length, p2.offers.length, p3.offers.length], [2, 2, 1, 0]);
    assert.equal(p1.total, 5);
    assert.equal(p1.offers[0].merchantId, '222');
  });

  it('answers per city: body cityId, else x-ks-city, else the kaspi.city cookie', async () => {
    const astanaByBody = (await (await storefrontOffers(sim, '500', { cityId: '710000000' })).json()) as any;
    assert.deepEqual(
      astanaByBody.offers.map((o: any) => [o.merchantId, o.price]),
      [
        ['30141222', 1100],
        ['111', 1500],
      ],
    );
    const res = await fetch(`${sim.urls.shop}/yml/offer-view/offers/500`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ks-city': '710000000' }, body: '{}' });
    assert.equal(((await res.json()) as any).total, 2);
    const byCookie = await fetch(`${sim.urls.shop}/yml/offer-view/offers/500`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: 'kaspi.city=710000000' }, body: '{}' });
    assert.equal(((await byCookie.json()) as any).total, 2);
  });

  it('answers an unknown product id with 200 and an empty list', async () => {
    const res = await storefrontOffers(sim, '999999');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { offers: [], total: 0, offersCount: 0 });
  });

  it('serves the product card and search', async () => {
    const card = (await (await fetch(`${sim.urls.shop}/yml/product-view/pl/500`)).json()) as any;
    assert.equal(card.title, 'Samsung Galaxy A55 128GB');
    assert.ok(Array.isArray(card.galleryImages) && card.galleryImages.length > 0);
    assert.equal(typeof card.rating, 'number');
    const search = (await (await fetch(`${sim.urls.shop}/yml/product-view/pl/results?text=galaxy&page=0&all=false`, { headers: { 'x-ks-city': '750000000' } })).json()) as any;
    assert.equal(search.data.length, 1);
    assert.equal(search.data[0].id, '500');
    assert.equal(search.data[0].unitPrice, 990);
    assert.match(search.data[0].shopLink, /-500\/$/);
    const reviews = await fetch(`${sim.urls.shop}/yml/review-view/api/v1/reviews/product/500?filter=COMMENT&sort=POPULARITY&limit=200&withAgg=true&page=0`);
    assert.equal(reviews.status, 200);
  });

  it('bans a client IP that reads over 15/s with 403 for 10 s; other IPs are unaffected', async () => {
    const ip = { 'x-forwarded-for': '10.0.0.1' };
    for (let i = 0; i < 15; i++) assert.equal((await storefrontOffers(sim, '500', {}, ip)).status, 200, `request ${i + 1} is within the limit`);
    assert.equal((await storefrontOffers(sim, '500', {}, ip)).status, 403, 'the 16th request inside one second is refused');
    assert.equal((await storefrontOffers(sim, '500', {}, { 'x-forwarded-for': '10.0.0.2' })).status, 200, 'another proxy IP still reads');
    await advance(sim, 9_999);
    assert.equal((await storefrontOffers(sim, '500', {}, ip)).status, 403, 'still banned just before 10 s');
    await advance(sim, 1);
    assert.equal((await storefrontOffers(sim, '500', {}, ip)).status, 200, 'free again after 10 s');
    const bans = await simControl(sim, 'GET', '/bans');
    assert.equal(bans.counts.storefront, 1);
    assert.equal(bans.history[0].key, 'ip:10.0.0.1');
  });

  it('lets 10 requests per second through indefinitely', async () => {
    const ip = { 'x-forwarded-for': '10.0.0.3' };
    for (let second = 0; second < 5; second++) {
      for (let i = 0; i < 10; i++) assert.equal((await storefrontOffers(sim, '500', {}, ip)).status, 200);
      await advance(sim, 1000);
    }
    assert.equal((await simControl(sim, 'GET', '/bans')).counts.storefront, 0);
  });

  it('refuses blocked (datacenter) IPs outright', async () => {
    await simControl(sim, 'PATCH', '/limits', { blockedIps: ['10.9.9.9'] });
    try {
      assert.equal((await storefrontOffers(sim, '500', {}, { 'x-forwarded-for': '10.9.9.9' })).status, 403);
    } finally {
      await simControl(sim, 'PATCH', '/limits', { blockedIps: [] });
    }
  });

  it('ignores x-forwarded-for when told not to trust it', async () => {
    await simControl(sim, 'PATCH', '/limits', { trustForwardedFor: false, storefront: { limit: 2 } });
    try {
      assert.equal((await storefrontOffers(sim, '500', {}, { 'x-forwarded-for': '1.1.1.1' })).status, 200);
      assert.equal((await storefrontOffers(sim, '500', {}, { 'x-forwarded-for': '2.2.2.2' })).status, 200);
      assert.equal((await storefrontOffers(sim, '500', {}, { 'x-forwarded-for': '3.3.3.3' })).status, 403, 'all three came from 127.0.0.1');
    } finally {
      await simControl(sim, 'PATCH', '/limits', { trustForwardedFor: true, storefront: { limit: 15 } });
    }
  });
});
