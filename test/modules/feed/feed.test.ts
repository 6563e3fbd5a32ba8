// The XML price list at its secret URL: what it holds (validated by the simulator's reading of
// kaspi-protocol.md section 5), who can read it (the token only), rotation, and cheap re-pulls.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { parsePriceList } from '../../../sim/feed/xml-price-list.ts';
import { createProduct, createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { ALMATY, ASTANA } from '../../helpers/linked-store.ts';
import { waitFor } from '../../helpers/wait.ts';

const PUBLIC_URL = 'https://demper.example.kz/base';

describe('XML price list', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let store: { id: string; merchant_id: string };
  const points = [
    { name: 'PP1', city_id: ALMATY.id, city_name: ALMATY.name, enabled: true },
    { name: 'PP2', city_id: ASTANA.id, city_name: ASTANA.name, enabled: true },
  ];
  const merchant = () => ({ id: store.merchant_id, points: points.map((p) => ({ name: p.name, cityId: p.city_id!, enabled: true, virtual: false })) });

  before(async () => {
    t = await startTestApp({ env: { PUBLIC_URL } });
    alice = await registerUser(t.app);
    bob = await registerUser(t.app);
    store = await createStore(t.app, alice, { name: 'Alice & <Sons>' });
    await t.sql('update kaspi_stores set points = $1::jsonb where id = $2', [JSON.stringify(points), store.id]);
    const product = async (sku: string, body: Record<string, unknown>, state: { cityPrices?: unknown[]; availabilities?: unknown[]; status?: string }) => {
      const p = await createProduct(t.app, alice, store.id, { kaspi_sku: sku, ...body });
      await t.sql('update products set city_prices = $1::jsonb, availabilities = $2::jsonb, kaspi_status = $3 where id = $4', [
        JSON.stringify(state.cityPrices ?? []),
        JSON.stringify(state.availabilities ?? []),
        state.status ?? 'active',
        p.id,
      ]);
      return p.id as string;
    };
    // Two city prices, a preorder with stock at PP1, PP2 unavailable.
    await product(
      'SKU-A',
      { name: 'Phone "Pro" <128GB> & case', brand: 'Brand', price: 180000 },
      {
        cityPrices: [
          { city_id: ALMATY.id, price: 180000 },
          { city_id: ASTANA.id, price: 181000 },
        ],
        availabilities: [
          { point: 'PP1', available: true, stock_count: 5, preorder_days: 3 },
          { point: 'PP2', available: false, stock_count: 0, preorder_days: 0 },
        ],
      },
    );
    // No price yet: still listed (a missing offer goes off sale), with the store's points.
    await product('SKU-B', { name: 'No price yet\u0001' }, {});
    // Gone from Kaspi: not listed.
    await product('SKU-C', { name: 'Removed', price: 500 }, { status: 'removed' });
  });
  after(async () => {
    await t?.close();
  });

  const feedUrl = async () => {
    const res = await t.app.inject({ url: `/api/v1/kaspi/stores/${store.id}/`, headers: alice.headers });
    assert.equal(res.statusCode, 200);
    return res.json().feed_url as string;
  };
  const pathOf = (url: string) => url.slice(`${PUBLIC_URL}`.length);

  test('the store shows an unguessable feed URL under PUBLIC_URL, the same on every read', async () => {
    const url = await feedUrl();
    assert.match(url, /^https:\/\/demper\.example\.kz\/base\/api\/v1\/kaspi\/feeds\/[A-Za-z0-9_-]{43}\.xml$/);
    assert.equal(await feedUrl(), url);
    const list = await t.app.inject({ url: '/api/v1/kaspi/stores/', headers: alice.headers });
    assert.equal(list.json().results[0].feed_url, url);
    // Only a hash and a sealed copy are stored.
    const [row] = await t.sql<{ feed_token_hash: string; feed_token_encrypted: string }>('select feed_token_hash, feed_token_encrypted from kaspi_stores where id = $1', [store.id]);
    const token = url.split('/').at(-1)!.replace('.xml', '');
    assert.notEqual(row!.feed_token_hash, token);
    assert.ok(!row!.feed_token_encrypted.includes(token));
  });

  test('the feed is open, in Kaspi’s format, with the whole assortment, every city price and point', async () => {
    const res = await t.app.inject({ url: pathOf(await feedUrl()) });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/xml/);
    assert.ok(res.headers.etag);
    assert.ok(res.headers['last-modified']);
    const parsed = parsePriceList(res.body, merchant());
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    assert.deepEqual([...parsed.offers.keys()], ['SKU-A', 'SKU-B']);
    const a = parsed.offers.get('SKU-A')!;
    assert.equal(a.model, 'Phone "Pro" <128GB> & case');
    assert.equal(a.brand, 'Brand');
    assert.equal(a.price, 180000);
    assert.deepEqual(Object.fromEntries(a.cityPrices), { [ALMATY.id]: 180000, [ASTANA.id]: 181000 });
    assert.deepEqual(Object.fromEntries(a.availability), { PP1: { available: true, stockCount: 5, preOrder: 3 }, PP2: { available: false, stockCount: 0, preOrder: 0 } });
    const b = parsed.offers.get('SKU-B')!;
    assert.equal(b.model, 'No price yet');
    assert.equal(b.price, null);
    assert.deepEqual([...b.availability.keys()], ['PP1', 'PP2']);
    // Kaspi's element order and the XML point names (PP1, not <uid>_PP1).
    assert.match(res.body, /<offer sku="SKU-A"><model>.*<\/model><brand>Brand<\/brand><availabilities><availability available="yes" storeId="PP1" preOrder="3" stockCount="5"\/>/);
    assert.match(res.body, /<company>Alice &amp; &lt;Sons&gt;<\/company>/);
    assert.match(res.body, /date="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00"/);
  });

  test('an unchanged list is a 304 by ETag or by date; a change gives a new ETag', async () => {
    const path = pathOf(await feedUrl());
    const first = await t.app.inject({ url: path });
    const etag = String(first.headers.etag);
    const again = await t.app.inject({ url: path, headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    const byDate = await t.app.inject({ url: path, headers: { 'if-modified-since': String(first.headers['last-modified']) } });
    assert.equal(byDate.statusCode, 304);
    await t.sql(`update products set price = 175000, city_prices = '[]', updated_at = now() where kaspi_sku = 'SKU-A' and store_id = $1`, [store.id]);
    const changed = await t.app.inject({ url: path, headers: { 'if-none-match': etag } });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, etag);
    const parsed = parsePriceList(changed.body, merchant());
    assert.ok(parsed.ok);
    assert.equal(parsed.offers.get('SKU-A')!.price, 175000);
  });

  test('gzip when asked for; every pull is recorded with its size', async () => {
    const res = await t.app.inject({ url: pathOf(await feedUrl()), headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    const xml = gunzipSync(res.rawPayload).toString('utf8');
    assert.ok(parsePriceList(xml, merchant()).ok);
    // The pull is recorded once the answer has been sent.
    const body = await waitFor<{ pulls: { status: number }[] }>(
      async () => {
        const info = await t.app.inject({ url: `/api/v1/kaspi/stores/${store.id}/feed/`, headers: alice.headers });
        assert.equal(info.statusCode, 200);
        return info.json().last_pull_bytes === res.rawPayload.length ? info.json() : undefined;
      },
      { timeoutMs: 5000, what: 'the gzip pull recorded with its size' },
    );
    assert.ok(body.pulls.some((p) => p.status === 304));
    const status = await t.app.inject({ url: `/api/v1/kaspi/stores/${store.id}/demper/status/`, headers: alice.headers });
    assert.equal(status.json().feed_last_pull_bytes, res.rawPayload.length);
    assert.equal(status.json().feed_mode, 'off');
    assert.equal(status.json().via, 'pricefeed');
  });

  test('a wrong, malformed or unknown token is the same bare 404', async () => {
    const url = await feedUrl();
    const token = url.split('/').at(-1)!.replace('.xml', '');
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const answers = await Promise.all(
      [`/api/v1/kaspi/feeds/${wrong}.xml`, '/api/v1/kaspi/feeds/short.xml', `/api/v1/kaspi/feeds/${token}.json`, `/api/v1/kaspi/feeds/${token}`].map((u) => t.app.inject({ url: u })),
    );
    for (const res of answers) {
      assert.equal(res.statusCode, 404);
      assert.deepEqual(res.json(), { detail: 'Not found.', code: 'not_found' });
      assert.ok(!res.body.includes(token));
      assert.equal(res.headers.etag, undefined);
    }
  });

  test('a path far too long for a token is refused before any lookup (414), never a 500', async () => {
    const res = await t.app.inject({ url: `/api/v1/kaspi/feeds/${'x'.repeat(300)}.xml` });
    assert.equal(res.statusCode, 414);
  });

  test('rotating gives a new URL and the old one 404s at once; only the owner may rotate', async () => {
    const old = await feedUrl();
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/kaspi/stores/${store.id}/feed/rotate/` })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/kaspi/stores/${store.id}/feed/rotate/`, headers: bob.headers })).statusCode, 404);
    assert.equal((await t.app.inject({ url: pathOf(old) })).statusCode, 200);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/kaspi/stores/${store.id}/feed/rotate/`, headers: alice.headers });
    assert.equal(res.statusCode, 200);
    const fresh = res.json().feed_url as string;
    assert.notEqual(fresh, old);
    assert.equal(await feedUrl(), fresh);
    assert.equal((await t.app.inject({ url: pathOf(old) })).statusCode, 404);
    assert.equal((await t.app.inject({ url: pathOf(fresh) })).statusCode, 200);
  });

  test('feed_mode is a demper setting: off by default, fallback or only, nothing else', async () => {
    const url = `/api/v1/kaspi/stores/${store.id}/demper/`;
    assert.equal((await t.app.inject({ url, headers: alice.headers })).json().feed_mode, 'off');
    const set = await t.app.inject({ method: 'PATCH', url, headers: alice.headers, payload: { feed_mode: 'only' } });
    assert.equal(set.statusCode, 200);
    assert.equal(set.json().feed_mode, 'only');
    assert.equal((await t.app.inject({ method: 'PATCH', url, headers: alice.headers, payload: { feed_mode: 'sometimes' } })).statusCode, 400);
    const status = await t.app.inject({ url: `${url}status/`, headers: alice.headers });
    assert.equal(status.json().via, 'feed');
  });
});

describe('XML price list rate limit', () => {
  let t: TestApp;
  after(async () => {
    await t?.close();
  });

  test('pulls past FEED_RATE_LIMIT_PER_MINUTE from one IP get 429 with Retry-After, valid token or not', async () => {
    t = await startTestApp({ env: { FEED_RATE_LIMIT_PER_MINUTE: '2' } });
    const seller = await registerUser(t.app);
    const store = await createStore(t.app, seller);
    const url = (await t.app.inject({ url: `/api/v1/kaspi/stores/${store.id}/`, headers: seller.headers })).json().feed_url as string;
    const path = new URL(url).pathname;
    assert.equal((await t.app.inject({ url: path })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/api/v1/kaspi/feeds/guess.xml' })).statusCode, 404);
    const limited = await t.app.inject({ url: path });
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    // Another client is not affected.
    assert.equal((await t.app.inject({ url: path, remoteAddress: '10.1.2.3' })).statusCode, 200);
  });
});
