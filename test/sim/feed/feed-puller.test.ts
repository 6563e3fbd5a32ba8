// The simulator's Kaspi side of the XML price list (kaspi-protocol.md 5): documents are checked
// whole and refused with a reason; a valid one replaces each listed offer's state, and an offer
// missing from it goes off sale; pulls follow the simulated clock.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { parsePriceList } from '../../../sim/feed/xml-price-list.ts';
import type { RunningSimulator } from '../../../sim/server.ts';
import { simControl, startTestSim } from '../../helpers/sim.ts';
import { OWN_UID, tinyWorld } from '../../helpers/sim-worlds.ts';

const merchant = { id: OWN_UID, points: [{ name: 'PP1' }, { name: 'PP2' }] } as Parameters<typeof parsePriceList>[1];

const doc = (offers: string, head = `<company>Our Shop</company><merchantid>${OWN_UID}</merchantid>`) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<kaspi_catalog date="2026-09-21T10:00:00+05:00" xmlns="kaspiShopping" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="kaspiShopping http://kaspi.kz/kaspishopping.xsd">${head}<offers>${offers}</offers></kaspi_catalog>`;
const offer = (sku: string, inner = '<availabilities><availability available="yes" storeId="PP1"/></availabilities><price>1200</price>') =>
  `<offer sku="${sku}"><model>M</model><brand>B</brand>${inner}</offer>`;

describe('XML price list, as Kaspi reads it', () => {
  test('the protocol example is valid', () => {
    const parsed = parsePriceList(
      doc(
        '<offer sku="SKU-1"><model>Product name</model><brand>Brand</brand><availabilities><availability available="yes" storeId="PP1" preOrder="3" stockCount="5"/></availabilities><price>12990</price><cityprices><cityprice cityId="750000000">12990</cityprice></cityprices></offer>',
      ),
      merchant,
    );
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    const o = parsed.offers.get('SKU-1')!;
    assert.equal(o.price, 12990);
    assert.deepEqual(o.availability.get('PP1'), { available: true, stockCount: 5, preOrder: 3 });
  });

  const refused: [string, string, RegExp][] = [
    ['not XML', '<kaspi_catalog', /well-formed/],
    ['no namespace', doc(offer('SKU-1')).replace(' xmlns="kaspiShopping"', ''), /namespace|root/],
    ['another merchant', doc(offer('SKU-1'), '<company>X</company><merchantid>999</merchantid>'), /merchantid 999/],
    ['elements out of order', doc('<offer sku="SKU-1"><brand>B</brand><model>M</model><availabilities/></offer>'), /out of order/],
    ['brand missing', doc('<offer sku="SKU-1"><model>M</model><availabilities/></offer>'), /brand.*mandatory|out of order/],
    ['pricefeed point id', doc(offer('SKU-1', `<availabilities><availability available="yes" storeId="${OWN_UID}_PP1"/></availabilities>`)), /unknown storeId/],
    ['price below 10', doc(offer('SKU-1', '<availabilities/><price>9</price>')), /price/],
    ['fractional price', doc(offer('SKU-1', '<availabilities/><price>1200.5</price>')), /whole number/],
    ['preorder over 30 days', doc(offer('SKU-1', '<availabilities><availability available="yes" storeId="PP1" preOrder="31"/></availabilities>')), /preOrder/],
    ['unknown city', doc(offer('SKU-1', '<availabilities/><price>100</price><cityprices><cityprice cityId="1">100</cityprice></cityprices>')), /unknown cityId/],
    ['sku twice', doc(offer('SKU-1') + offer('SKU-1')), /twice/],
  ];
  for (const [what, xml, reason] of refused) {
    test(`refused: ${what}`, () => {
      const parsed = parsePriceList(xml, merchant);
      assert.equal(parsed.ok, false);
      assert.match((parsed as { reason: string }).reason, reason);
    });
  }
});

describe('the simulator pulls a configured feed', () => {
  let sim: RunningSimulator;
  let server: http.Server;
  let body = '';
  let etag = '"v1"';
  const seen: (string | undefined)[] = [];

  before(async () => {
    sim = await startTestSim({ world: tinyWorld(), clock: 'manual', ingestDelayMs: 0 });
    server = http.createServer((req, res) => {
      seen.push(req.headers['if-none-match']);
      if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/xml', etag }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    await sim?.close();
    await new Promise((r) => server?.close(r));
  });

  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  const prices = async (sku: string) =>
    (await simControl<{ offers: { price: number; cityPrices: Record<string, number>; storefront: Record<string, { price: number } | null> }[] }>(sim, 'GET', `/merchants/${OWN_UID}/prices?sku=${sku}`))
      .offers[0]!;

  test('a valid list is applied; an offer missing from it goes off sale', async () => {
    body = doc(
      offer(
        'SKU-1',
        '<availabilities><availability available="yes" storeId="PP1"/><availability available="yes" storeId="PP2"/></availabilities><price>1050</price><cityprices><cityprice cityId="750000000">1050</cityprice><cityprice cityId="710000000">1090</cityprice></cityprices>',
      ) + offer('SKU-3', '<availabilities><availability available="yes" storeId="PP1"/></availabilities>'),
    );
    await simControl(sim, 'PUT', `/merchants/${OWN_UID}/feed`, { url: url() });
    const pull = await simControl<{ outcome: string; changed: number; offSale: number }>(sim, 'POST', `/merchants/${OWN_UID}/feed/pull`);
    assert.equal(pull.outcome, 'applied');
    assert.equal(pull.offSale, 1, 'SKU-2 is not in the list');
    const sku1 = await prices('SKU-1');
    assert.deepEqual(sku1.cityPrices, { '750000000': 1050, '710000000': 1090 });
    assert.equal(sku1.storefront['710000000']?.price, 1090);
    assert.equal((await prices('SKU-2')).storefront['750000000'], null, 'off sale');
    assert.equal((await prices('SKU-3')).price, 700, 'no price in the list: the price stays');
  });

  test('an unchanged list (304) and an invalid one change nothing; the reason is logged', async () => {
    const again = await simControl<{ outcome: string }>(sim, 'POST', `/merchants/${OWN_UID}/feed/pull`);
    assert.equal(again.outcome, 'unchanged');
    assert.equal(seen.at(-1), '"v1"');
    etag = '"v2"';
    body = doc(offer('SKU-1', '<availabilities/><price>5</price>'));
    const bad = await simControl<{ outcome: string; reason: string }>(sim, 'POST', `/merchants/${OWN_UID}/feed/pull`);
    assert.equal(bad.outcome, 'refused');
    assert.match(bad.reason, /price/);
    assert.equal((await prices('SKU-1')).cityPrices['750000000'], 1050);
    const view = await simControl<{ pulls: { outcome: string }[] }>(sim, 'GET', `/merchants/${OWN_UID}/feed`);
    assert.deepEqual(
      view.pulls.map((p) => p.outcome),
      ['refused', 'unchanged', 'applied'],
    );
  });

  test('pulls follow the simulated clock: one per 30-60 simulated minutes', async () => {
    await simControl(sim, 'PUT', `/merchants/${OWN_UID}/feed`, { url: url() });
    const count = async () => (await simControl<{ pulls: unknown[] }>(sim, 'GET', `/merchants/${OWN_UID}/feed`)).pulls.length;
    const before = await count();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await count(), before, 'the manual clock stands still: no pull');
    await simControl(sim, 'POST', '/time/advance', { minutes: 61 });
    const deadline = Date.now() + 5000;
    while ((await count()) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await count(), before + 1, 'one pull after an hour');
  });
});
