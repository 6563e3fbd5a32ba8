import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { RunningSimulator } from '../../../sim/server.ts';
import { advance, simControl, startTestSim } from '../../helpers/sim.ts';
import { loginCookies, mcHeaders, pricefeed, storefrontOffers } from '../../helpers/sim-http.ts';
import { OWN_UID, tinyWorld } from '../../helpers/sim-worlds.ts';

describe('pricefeed', () => {
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

  const applied = async (sku = 'SKU-1') => (await simControl(sim, 'GET', `/merchants/${OWN_UID}/prices?sku=${sku}`)).offers[0];
  const ok = async (body: unknown) => {
    const res = await pricefeed(sim, cookie, body);
    assert.equal(res.status, 200, `pricefeed answered ${res.status}: ${await res.clone().text()}`);
    assert.deepEqual(await res.json(), { status: 'success' });
    await advance(sim, 1000); // stay far below the write limit
  };
  const refused = async (body: unknown, status = 400) => {
    const res = await pricefeed(sim, cookie, body);
    assert.equal(res.status, status, `expected ${status} for ${JSON.stringify(body)}`);
    await advance(sim, 1000);
  };

  it('accepts a full update and applies price, city prices and availabilities', async () => {
    await ok({
      merchantUid: OWN_UID,
      sku: 'SKU-1',
      model: 'Samsung Galaxy A55 128GB',
      price: 950,
      cityPrices: [
        { cityId: '750000000', value: 950 },
        { cityId: '710000000', value: 1400 },
      ],
      availabilities: [
        { available: 'yes', storeId: `${OWN_UID}_PP1`, stockEnabled: false, preOrder: 3 },
        { available: 'yes', storeId: `${OWN_UID}_PP2`, stockEnabled: false },
      ],
    });
    const o = await applied();
    assert.equal(o.price, 950);
    assert.deepEqual(o.cityPrices, { '750000000': 950, '710000000': 1400 });
    assert.equal(o.availabilities.PP1.preOrder, 3);
    assert.equal(o.storefront['710000000'].price, 1400);
  });

  it('refuses non-integer, too low, string and missing-SKU prices with 400 and changes nothing', async () => {
    await refused({ merchantUid: OWN_UID, sku: 'SKU-1', price: 999.5 });
    await refused({ merchantUid: OWN_UID, sku: 'SKU-1', price: 9 });
    await refused({ merchantUid: OWN_UID, sku: 'SKU-1', price: '1000' });
    await refused({ merchantUid: OWN_UID, sku: 'SKU-1', price: 1000, cityPrices: [{ cityId: '750000000', value: 5 }] });
    await refused({ merchantUid: OWN_UID, sku: 'NO-SUCH-SKU', price: 1000 });
    await refused('{"merchantUid": "30141222", "sku": ');
    assert.equal((await applied()).price, 1100);
  });

  it('takes one offer per call: an array body is 400', async () => {
    await refused([
      { merchantUid: OWN_UID, sku: 'SKU-1', price: 1000 },
      { merchantUid: OWN_UID, sku: 'SKU-2', price: 1000 },
    ]);
    await refused({ offers: [{ merchantUid: OWN_UID, sku: 'SKU-1', price: 1000 }] });
  });

  it('refuses a merchant of another account with 403', async () => {
    await refused({ merchantUid: '777', sku: 'SKU-1', price: 1000 }, 403);
  });

  it('ignores cityPrices sent without a base price', async () => {
    await ok({ merchantUid: OWN_UID, sku: 'SKU-1', cityPrices: [{ cityId: '750000000', value: 900 }] });
    const o = await applied();
    assert.equal(o.price, 1100);
    assert.deepEqual(o.cityPrices, {});
    const log = await simControl(sim, 'GET', '/requests?route=mc.pricefeed&limit=1');
    assert.match(log.requests[0].outcome, /cityPrices ignored/);
  });

  it('lets per-city calls overwrite each other: the last call is the whole price state', async () => {
    await ok({ merchantUid: OWN_UID, sku: 'SKU-1', price: 900, cityPrices: [{ cityId: '750000000', value: 900 }] });
    await ok({ merchantUid: OWN_UID, sku: 'SKU-1', price: 1300, cityPrices: [{ cityId: '710000000', value: 1300 }] });
    const o = await applied();
    assert.deepEqual(o.cityPrices, { '710000000': 1300 });
    assert.equal(o.storefront['750000000'].price, 1300, 'Almaty lost its 900 and falls back to the base price');
  });

  it('a base price without cityPrices sets that price in every city: city prices set before are gone', async () => {
    await ok({
      merchantUid: OWN_UID,
      sku: 'SKU-1',
      price: 1200,
      cityPrices: [
        { cityId: '750000000', value: 1200 },
        { cityId: '710000000', value: 1250 },
      ],
    });
    assert.equal((await applied()).storefront['710000000'].price, 1250);
    await ok({ merchantUid: OWN_UID, sku: 'SKU-1', price: 1150 });
    const o = await applied();
    assert.deepEqual(o.cityPrices, {});
    assert.equal(o.storefront['750000000'].price, 1150);
    assert.equal(o.storefront['710000000'].price, 1150, 'Astana lost its 1250');
  });

  it('replaces availabilities: sending only PP1 takes the offer off PP2', async () => {
    await ok({ merchantUid: OWN_UID, sku: 'SKU-1', price: 1100, availabilities: [{ available: 'yes', storeId: `${OWN_UID}_PP1`, stockEnabled: false }] });
    const o = await applied();
    assert.equal(o.availabilities.PP1.available, true);
    assert.equal(o.availabilities.PP2.available, false);
    assert.equal(o.storefront['710000000'], null, 'gone from Astana');
    const astana = (await (await storefrontOffers(sim, '500', { cityId: '710000000' })).json()) as any;
    assert.ok(!astana.offers.some((x: any) => x.merchantId === OWN_UID));
    await refused({ merchantUid: OWN_UID, sku: 'SKU-1', price: 1100, availabilities: [{ available: 'yes', storeId: 'PP1' }] });
  });

  it('applies a top-level preOrder to every point only when availabilities are omitted', async () => {
    await ok({ merchantUid: OWN_UID, sku: 'SKU-1', price: 1100, preOrder: 7 });
    let o = await applied();
    assert.deepEqual([o.availabilities.PP1.preOrder, o.availabilities.PP2.preOrder], [7, 7]);
    await ok({
      merchantUid: OWN_UID,
      sku: 'SKU-1',
      price: 1100,
      preOrder: 9,
      availabilities: [
        { available: 'yes', storeId: `${OWN_UID}_PP1` },
        { available: 'yes', storeId: `${OWN_UID}_PP2`, preOrder: 2 },
      ],
    });
    o = await applied();
    assert.deepEqual([o.availabilities.PP1.preOrder, o.availabilities.PP2.preOrder], [0, 2]);
    const offers = (await (await storefrontOffers(sim, '500', { cityId: '710000000' })).json()) as any;
    assert.equal(offers.offers.find((x: any) => x.merchantId === OWN_UID).preorder, 2);
    await refused({ merchantUid: OWN_UID, sku: 'SKU-1', price: 1100, preOrder: 31 });
  });

  it('shows an accepted price on the storefront only after the ingest delay', async () => {
    await simControl(sim, 'PATCH', '/settings', { ingestDelayMs: 60_000 });
    try {
      const res = await pricefeed(sim, cookie, { merchantUid: OWN_UID, sku: 'SKU-1', price: 980 });
      assert.equal(res.status, 200);
      const ours = async () => ((await (await storefrontOffers(sim, '500')).json()) as any).offers.find((x: any) => x.merchantId === OWN_UID).price;
      assert.equal((await applied()).price, 980, 'the cabinet shows it at once');
      assert.equal(await ours(), 1100);
      await advance(sim, 59_999);
      assert.equal(await ours(), 1100);
      await advance(sim, 1);
      assert.equal(await ours(), 980);
    } finally {
      await simControl(sim, 'PATCH', '/settings', { ingestDelayMs: 0 });
    }
  });

  it('answers the 4th write inside a second with 429 and bans the account for 30 minutes', async () => {
    const body = { merchantUid: OWN_UID, sku: 'SKU-1', price: 1000 };
    for (let i = 0; i < 3; i++) assert.equal((await pricefeed(sim, cookie, body)).status, 200);
    const banned = await pricefeed(sim, cookie, body);
    assert.equal(banned.status, 429);
    // Proxies do not help: the ban is keyed by the account, not the IP.
    assert.equal(
      (
        await fetch(`${sim.urls.mc}/pricefeed/upload/merchant/process`, {
          method: 'POST',
          headers: mcHeaders(cookie, { 'content-type': 'application/json', 'x-forwarded-for': '10.1.1.1' }),
          body: JSON.stringify(body),
        })
      ).status,
      429,
    );
    await advance(sim, 29 * 60_000);
    assert.equal((await pricefeed(sim, cookie, body)).status, 429, 'every call during the ban is 429, even a valid one');
    assert.equal((await pricefeed(sim, cookie, { ...body, price: 1 })).status, 429, 'even an invalid one');
    await advance(sim, 60_000);
    assert.equal((await pricefeed(sim, cookie, body)).status, 200, 'free after 30 minutes');
    const bans = await simControl(sim, 'GET', '/bans');
    assert.equal(bans.counts.pricefeed, 1);
    assert.equal(bans.history[0].until - bans.history[0].at, 30 * 60_000);
    assert.equal(bans.history[0].key, `merchant:${OWN_UID}`);
  });

  it('allows a steady 2 writes per second', async () => {
    for (let i = 0; i < 20; i++) {
      assert.equal((await pricefeed(sim, cookie, { merchantUid: OWN_UID, sku: 'SKU-1', price: 1000 + i })).status, 200);
      await advance(sim, 500);
    }
    assert.equal((await simControl(sim, 'GET', '/bans')).counts.pricefeed, 0);
  });

  it('uses configurable thresholds and ban lengths', async () => {
    await simControl(sim, 'PATCH', '/limits', { pricefeed: { limit: 1, banMs: 5000 } });
    const body = { merchantUid: OWN_UID, sku: 'SKU-1', price: 1000 };
    assert.equal((await pricefeed(sim, cookie, body)).status, 200);
    assert.equal((await pricefeed(sim, cookie, body)).status, 429);
    await advance(sim, 5000);
    assert.equal((await pricefeed(sim, cookie, body)).status, 200);
  });

  it('plays a 30-minute ban in well under a second of real time with a time scale', async () => {
    await simControl(sim, 'POST', '/time/mode', { mode: 'real' });
    await simControl(sim, 'POST', '/time/scale', { scale: 30 * 60 * 5 }); // 30 simulated minutes per 200 real ms
    try {
      const body = { merchantUid: OWN_UID, sku: 'SKU-1', price: 1000 };
      await simControl(sim, 'PATCH', '/limits', { pricefeed: { windowMs: 60 * 60_000 } }); // the scaled window must still catch 4 calls
      let status = 200;
      for (let i = 0; i < 4 && status === 200; i++) status = (await pricefeed(sim, cookie, body)).status;
      assert.equal(status, 429);
      await new Promise((r) => setTimeout(r, 400));
      await simControl(sim, 'PATCH', '/limits', { pricefeed: { windowMs: 1000 } });
      assert.equal((await pricefeed(sim, cookie, body)).status, 200);
    } finally {
      await simControl(sim, 'POST', '/time/mode', { mode: 'manual' });
      await simControl(sim, 'POST', '/time/scale', { scale: 1 });
    }
  });

  it('takes an XLSX price list (SKU, model, brand, price, PP1..PPn, preorder) and reports bad rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('prices');
    ws.addRow(['SKU', 'model', 'brand', 'price', 'PP1', 'PP2', 'preorder']);
    ws.addRow(['SKU-1', 'Samsung Galaxy A55 128GB', 'Samsung', 1050, 'yes', 'no', 4]);
    ws.addRow(['SKU-2', 'Tefal Kettle K1', 'Tefal', 4900, 'yes', 'yes', '']);
    ws.addRow(['SKU-404', 'Nothing', 'None', 1000, 'yes', 'yes', '']);
    ws.addRow(['SKU-3', 'Unlinked offer', '', 9.5, 'yes', 'yes', '']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const form = new FormData();
    form.append('file', new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), 'prices.xlsx');
    const res = await fetch(`${sim.urls.mc}/pricefeed/upload/merchant/upload?merchantUid=${OWN_UID}`, { method: 'POST', headers: mcHeaders(cookie), body: form });
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.equal(body.processed, 2);
    assert.deepEqual(
      body.errors.map((e: any) => e.sku),
      ['SKU-404', 'SKU-3'],
    );
    const o1 = await applied('SKU-1');
    assert.equal(o1.price, 1050);
    assert.deepEqual([o1.availabilities.PP1.available, o1.availabilities.PP1.preOrder, o1.availabilities.PP2.available], [true, 4, false]);
    assert.equal((await applied('SKU-2')).price, 4900);

    const junk = new FormData();
    junk.append('file', new Blob([Buffer.from('not a workbook')]), 'x.xlsx');
    assert.equal((await fetch(`${sim.urls.mc}/pricefeed/upload/merchant/upload?merchantUid=${OWN_UID}`, { method: 'POST', headers: mcHeaders(cookie), body: junk })).status, 400);
  });
});
