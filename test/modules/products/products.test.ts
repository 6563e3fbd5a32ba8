import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createProduct, createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

describe('products', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let storeId: string;
  before(async () => {
    t = await startTestApp();
    alice = await registerUser(t.app);
    bob = await registerUser(t.app);
    storeId = (await createStore(t.app, alice)).id;
  });
  after(() => t.close());

  const list = async (user: TestUser, query: string) => {
    const res = await t.app.inject({ url: `/api/v1/products/?${query}`, headers: user.headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { count: number; next: string | null; previous: string | null; results: Record<string, unknown>[] };
  };

  test('a product created by hand starts with the demper off, whatever else it says', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products/',
      headers: alice.headers,
      payload: {
        store_id: storeId,
        kaspi_sku: 'PHONE-1',
        kaspi_product_id: 'offer-1',
        external_kaspi_id: '102529963',
        name: 'Phone',
        category: 'Smartphones',
        price: 129990,
        min_price: 120000,
        max_price: 140000,
        step: 5,
        strategy: 'stay_top_n',
        strategy_params: { position: 2 },
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const p = res.json();
    assert.equal(p.bot_active, false);
    assert.equal(p.store_id, storeId);
    assert.deepEqual([p.price, p.min_price, p.max_price, p.step, p.strategy], [129990, 120000, 140000, 5, 'stay_top_n']);
    assert.deepEqual(p.strategy_params, { position: 2 });
    const turnOn = await t.app.inject({ method: 'POST', url: '/api/v1/products/', headers: alice.headers, payload: { store_id: storeId, kaspi_sku: 'X', name: 'X', bot_active: true } });
    assert.equal(turnOn.statusCode, 400, 'bot_active is not accepted on create');
  });

  test("detail, PATCH and DELETE; someone else's product is a 404 every way", async () => {
    const p = await createProduct(t.app, alice, storeId, { price: 5000 });
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${p.id}/`, headers: alice.headers, payload: { min_price: 4000, max_price: 6000, bot_active: true } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual([patched.json().min_price, patched.json().max_price, patched.json().bot_active], [4000, 6000, true]);

    for (const req of [
      { method: 'GET' as const, url: `/api/v1/products/${p.id}/` },
      { method: 'PATCH' as const, url: `/api/v1/products/${p.id}/`, payload: { price: 10 } },
      { method: 'DELETE' as const, url: `/api/v1/products/${p.id}/` },
    ]) {
      const res = await t.app.inject({ ...req, headers: bob.headers });
      assert.equal(res.statusCode, 404, `${req.method}: ${res.body}`);
    }
    const unchanged = await t.app.inject({ url: `/api/v1/products/${p.id}/`, headers: alice.headers });
    assert.equal(unchanged.json().price, 5000);

    const intoBobsStore = await t.app.inject({ method: 'POST', url: '/api/v1/products/', headers: bob.headers, payload: { store_id: storeId, kaspi_sku: 'sneaky', name: 'x' } });
    assert.equal(intoBobsStore.statusCode, 404, "cannot add products to someone else's store");

    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/products/${p.id}/`, headers: alice.headers });
    assert.equal(del.statusCode, 204);
  });

  test('prices: integers of at least 10 tenge, min <= max (also across PATCHes), positive step', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ price: 9 }, 'price'],
      [{ price: 99.5 }, 'price'],
      [{ price: '100' }, 'price'],
      [{ min_price: 0 }, 'min_price'],
      [{ min_price: 500, max_price: 400 }, 'min_price'],
      [{ step: 0 }, 'step'],
      [{ strategy: 'undercut_everyone' }, 'strategy'],
      [{ image_url: 'not a url' }, 'image_url'],
      [{ external_kaspi_id: 'abc' }, 'external_kaspi_id'],
      [{ store_id: 'nope' }, 'store_id'],
      [{ min_profit: 100 }, 'min_profit'],
    ];
    for (const [extra, field] of bad) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/products/', headers: alice.headers, payload: { store_id: storeId, kaspi_sku: `V-${field}`, name: 'v', ...extra } });
      assert.equal(res.statusCode, 400, `${JSON.stringify(extra)}: ${res.body}`);
      assert.equal(res.json().code, 'validation_error');
      assert.ok(res.json().fields?.[field], `${field}: ${res.body}`);
    }
    const p = await createProduct(t.app, alice, storeId, { min_price: 100, max_price: 200 });
    const crossing = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${p.id}/`, headers: alice.headers, payload: { max_price: 50 } });
    assert.equal(crossing.statusCode, 400);
    assert.ok(crossing.json().fields.max_price, 'the field the PATCH changed is named');
    const clearing = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${p.id}/`, headers: alice.headers, payload: { min_price: null, max_price: 50 } });
    assert.equal(clearing.statusCode, 200);
  });

  test('a NUL byte in any text, JSON value or filter is a 400 naming the field, never a 500', async () => {
    const product = await createProduct(t.app, alice, storeId);
    const bad: [Record<string, unknown>, string][] = [
      [{ name: 'Phone\u0000' }, 'name'],
      [{ brand: '\u0000' }, 'brand'],
      [{ category: 'a\u0000b' }, 'category'],
      [{ strategy: 'fixed', strategy_params: { price: 500, 'x\u0000': 1 } }, 'strategy_params'],
      [{ city_rules: { '750000000': { strategy: 'beat\u0000' } } }, 'city_rules[750000000].strategy'],
      [{ rules: { at_floor: '\u0000' } }, 'rules.at_floor'],
      [{ name: 'lone \ud800 surrogate' }, 'name'],
    ];
    const sku = { kaspi_sku: 'NUL-1', name: 'n' };
    for (const [payload, field] of [...bad, [{ kaspi_sku: 'SKU\u0000' }, 'kaspi_sku'] as const]) {
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/products/', headers: alice.headers, payload: { store_id: storeId, ...sku, ...payload } });
      assert.equal(created.statusCode, 400, `create ${field}: ${created.body}`);
      assert.equal(created.json().code, 'validation_error');
      assert.match(created.json().fields[field], /NUL/, `create ${field}: ${created.body}`);
    }
    for (const [payload, field] of bad) {
      const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}/`, headers: alice.headers, payload });
      assert.equal(res.statusCode, 400, `patch ${field}: ${res.body}`);
      assert.match(res.json().fields[field], /NUL/, `patch ${field}: ${res.body}`);
    }
    for (const filter of ['search', 'category']) {
      const res = await t.app.inject({ url: `/api/v1/products/?${filter}=a%00b`, headers: alice.headers });
      assert.equal(res.statusCode, 400, `${filter}: ${res.body}`);
      assert.ok(res.json().fields[filter], res.body);
    }
  });

  test('image_url is an http(s) URL; javascript:, file: and data: are 400s', async () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>1</script>', 'ftp://example.kz/a.png', 'JavaScript://%0aalert(1)']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/products/', headers: alice.headers, payload: { store_id: storeId, kaspi_sku: 'IMG', name: 'i', image_url: url } });
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.ok(res.json().fields.image_url, res.body);
    }
    const ok = await createProduct(t.app, alice, storeId, { image_url: 'https://resources.cdn-kaspi.kz/img/m/p/h1a/a.jpg' });
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${ok.id}/`, headers: alice.headers, payload: { image_url: 'http://example.kz/b.png' } });
    assert.equal(patched.statusCode, 200, patched.body);
  });

  test('the same SKU twice in one store is a 409', async () => {
    await createProduct(t.app, alice, storeId, { kaspi_sku: 'DUP-1' });
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/products/', headers: alice.headers, payload: { store_id: storeId, kaspi_sku: 'DUP-1', name: 'again' } });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'product_exists');
  });

  test('filters: store (or store_id), bot_active, category; search by name or SKU; ordering by price', async () => {
    const seller = await registerUser(t.app);
    const s1 = (await createStore(t.app, seller)).id;
    const s2 = (await createStore(t.app, seller)).id;
    const a = await createProduct(t.app, seller, s1, { name: 'Red kettle', kaspi_sku: 'KET-RED', category: 'Kitchen', price: 3000 });
    await createProduct(t.app, seller, s1, { name: 'Blue kettle', kaspi_sku: 'KET-BLUE', category: 'Kitchen', price: 2000 });
    await createProduct(t.app, seller, s2, { name: 'Lamp', kaspi_sku: 'LAMP-1', category: 'Light', price: 4000 });
    await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${a.id}/`, headers: seller.headers, payload: { bot_active: true } });

    assert.equal((await list(seller, '')).count, 3);
    assert.equal((await list(seller, `store=${s1}`)).count, 2);
    assert.equal((await list(seller, `store_id=${s2}`)).count, 1);
    assert.deepEqual(
      (await list(seller, 'bot_active=true')).results.map((p) => p.name),
      ['Red kettle'],
    );
    assert.equal((await list(seller, 'bot_active=false')).count, 2);
    assert.equal((await list(seller, 'category=Kitchen')).count, 2);
    assert.deepEqual(
      (await list(seller, 'search=lamp-')).results.map((p) => p.name),
      ['Lamp'],
    );
    assert.deepEqual(
      (await list(seller, 'search=KETTLE&ordering=price')).results.map((p) => p.price),
      [2000, 3000],
    );
    assert.deepEqual(
      (await list(seller, 'ordering=-price')).results.map((p) => p.price),
      [4000, 3000, 2000],
    );
    assert.equal((await list(alice, `store=${s1}`)).count, 0, "another user's store filter shows nothing of theirs");
    const badFilter = await t.app.inject({ url: '/api/v1/products/?bot_active=maybe', headers: seller.headers });
    assert.equal(badFilter.statusCode, 400);
    const forbidden = await t.app.inject({ url: `/api/v1/products/?user_id=${alice.id}`, headers: seller.headers });
    assert.equal(forbidden.statusCode, 403);
  });

  test('page_size is capped at 500; pages cover every product exactly once', async () => {
    const seller = await registerUser(t.app);
    const store = (await createStore(t.app, seller)).id;
    const values = Array.from({ length: 620 }, (_, i) => `('${store}', '${seller.id}', 'BULK-${i}', 'Bulk ${i % 7}', ${100 + (i % 13)})`).join(',');
    await t.sql(`insert into products (store_id, user_id, kaspi_sku, name, price) values ${values}`);
    const big = await list(seller, 'page_size=10000');
    assert.equal(big.count, 620);
    assert.equal(big.results.length, 500);
    assert.ok(big.next?.includes('page_size=500'));
    const seen = new Set<unknown>();
    for (let page = 1; page <= 7; page++) {
      for (const p of (await list(seller, `page=${page}&page_size=100&ordering=price`)).results) seen.add(p.id);
    }
    assert.equal(seen.size, 620, 'ties on price do not make pages overlap');
  });

  test('batch_enable / batch_disable by our id or Kaspi offer id, reporting the ids that failed', async () => {
    const seller = await registerUser(t.app);
    const store = (await createStore(t.app, seller)).id;
    const p1 = await createProduct(t.app, seller, store, { kaspi_product_id: 'K-100' });
    const p2 = await createProduct(t.app, seller, store, { kaspi_product_id: 'K-200' });
    const p3 = await createProduct(t.app, seller, store);
    const foreign = await createProduct(t.app, alice, storeId, { kaspi_product_id: 'K-300' });

    const enable = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products/batch_enable/',
      headers: seller.headers,
      payload: { store_id: store, product_ids: [p1.id, 'K-200', 'K-999', foreign.id] },
    });
    assert.equal(enable.statusCode, 200, enable.body);
    assert.deepEqual(enable.json().success, false);
    assert.equal(enable.json().updated_count, 2);
    assert.deepEqual(enable.json().failed_ids.sort(), ['K-999', foreign.id].sort());
    assert.equal(typeof enable.json().message, 'string');
    const active = (await list(seller, 'bot_active=true')).results.map((p) => p.id).sort();
    assert.deepEqual(active, [p1.id, p2.id].sort());
    const foreignNow = await t.app.inject({ url: `/api/v1/products/${foreign.id}/`, headers: alice.headers });
    assert.equal(foreignNow.json().bot_active, false, "another user's product is untouched");

    const disable = await t.app.inject({ method: 'POST', url: '/api/v1/products/batch_disable/', headers: seller.headers, payload: { store_id: store, product_ids: [p1.id, p2.id, p3.id] } });
    assert.deepEqual([disable.json().success, disable.json().updated_count, disable.json().failed_ids], [true, 3, []]);
    assert.equal((await list(seller, 'bot_active=true')).count, 0);

    const othersStore = await t.app.inject({ method: 'POST', url: '/api/v1/products/batch_enable/', headers: seller.headers, payload: { store_id: storeId, product_ids: [foreign.id] } });
    assert.equal(othersStore.statusCode, 404);
    const empty = await t.app.inject({ method: 'POST', url: '/api/v1/products/batch_enable/', headers: seller.headers, payload: { store_id: store, product_ids: [] } });
    assert.equal(empty.statusCode, 400);
    assert.ok(empty.json().fields.product_ids);
  });
});
