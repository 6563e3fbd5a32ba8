import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { marketColumns } from '../../../src/modules/products/product-checks.repository.ts';
import { createProduct, createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

interface Page {
  count: number;
  next: string | null;
  previous: string | null;
  results: Record<string, unknown>[];
}

/** The catalogue table's list: columns, filters, orderings, deep pages and counts that stay exact. */
describe('products list (the catalogue table)', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let storeA: string;
  let storeB: string;
  const N = 537;

  before(async () => {
    t = await startTestApp();
    alice = await registerUser(t.app);
    bob = await registerUser(t.app);
    storeA = (await createStore(t.app, alice)).id;
    storeB = (await createStore(t.app, alice)).id;
    const bobStore = (await createStore(t.app, bob)).id;
    // Mixed-case names with repeats, NULL and repeated prices, creation and edit times with ties:
    // every ordering has ties the id must break, and NULLs to place.
    const rows: string[] = [];
    for (let i = 0; i < N; i++) {
      const name = `${i % 2 ? 'item' : 'Item'} ${String(i % 97).padStart(3, '0')}`;
      const price = i % 11 === 0 ? 'null' : String(100 + ((i * 37) % 250));
      const store = i % 4 === 0 ? storeB : storeA;
      rows.push(
        `('${store}', '${alice.id}', 'SEED-${i}', '${name}', ${price}, ${i % 3 === 0}, '${i % 10 === 0 ? 'removed' : 'active'}', 'Cat ${i % 5}',` +
          ` ${i % 7 === 0 ? 'null' : `'${1000 + i}'`}, now() - interval '${i % 50} minutes', now() - interval '${(i * 13) % 61} minutes')`,
      );
    }
    await t.sql(`insert into products (store_id, user_id, kaspi_sku, name, price, bot_active, kaspi_status, category, external_kaspi_id, created_at, updated_at) values ${rows.join(',')}`);
    // Places as the repricer leaves them: most products checked, some never (null: they sort last).
    await t.sql(`update products set best_place = 1 + (abs(hashtext(kaspi_sku)) % 9) where user_id = $1 and kaspi_sku not like '%7'`, [alice.id]);
    await t.sql(`insert into products (store_id, user_id, kaspi_sku, name, price, category) select '${bobStore}', '${bob.id}', 'B-' || g, 'Item ' || g, 150, 'Cat 1' from generate_series(1, 40) g`);
  });
  after(() => t.close());

  const get = async (user: TestUser, query: string) => {
    const res = await t.app.inject({ url: `/api/v1/products/?${query}`, headers: user.headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Page;
  };

  /** Every page in turn, checking count, next and previous on the way. */
  const walk = async (user: TestUser, query: string, pageSize: number) => {
    const ids: string[] = [];
    let count = -1;
    for (let page = 1; ; page++) {
      const body = await get(user, `${query}&page=${page}&page_size=${pageSize}`);
      if (count === -1) count = body.count;
      assert.equal(body.count, count, 'the count is the same on every page');
      assert.equal(body.previous === null, page === 1, `previous on page ${page}`);
      ids.push(...body.results.map((r) => r['id'] as string));
      if (!body.next) break;
      assert.equal(body.results.length, pageSize, `a full page ${page}`);
    }
    return { ids, count };
  };

  const orderSql: Record<string, string> = {
    name: 'lower(name), id',
    '-name': 'lower(name) desc, id desc',
    price: 'price, id',
    '-price': 'price desc, id desc',
    updated_at: 'updated_at, id',
    '-updated_at': 'updated_at desc, id desc',
    created_at: 'created_at, id',
    '-created_at': 'created_at desc, id desc',
    place: 'best_place, id',
    '-place': 'best_place desc, id desc',
  };

  test('every ordering, page by page (deep pages read from the far end included), is exactly the database order', async () => {
    for (const [ordering, by] of Object.entries(orderSql)) {
      const expected = (await t.sql<{ id: string }>(`select id from products where user_id = $1 order by ${by}`, [alice.id])).map((r) => r.id);
      for (const pageSize of [50, 100]) {
        const { ids, count } = await walk(alice, `ordering=${ordering}`, pageSize);
        assert.equal(count, N);
        assert.deepEqual(ids, expected, `ordering=${ordering}, page_size=${pageSize}`);
      }
    }
    const expected = (await t.sql<{ id: string }>(`select id from products where user_id = $1 order by created_at desc, id desc`, [alice.id])).map((r) => r.id);
    assert.deepEqual((await walk(alice, '', 100)).ids, expected, 'the default ordering is -created_at');
    const past = await t.app.inject({ url: '/api/v1/products/?page=7&page_size=100', headers: alice.headers });
    assert.equal(past.statusCode, 404, 'a page past the last is a 404, as before');
  });

  test('filters (store, enabled, Kaspi status, category, repriceable, search) and their counts match the database', async () => {
    const cases: [string, string, unknown[]][] = [
      [`store_id=${storeB}`, 'store_id = $2', [storeB]],
      [`store=${storeB}`, 'store_id = $2', [storeB]],
      ['bot_active=true', 'bot_active', []],
      ['bot_active=false&kaspi_status=active', 'not bot_active and kaspi_status = $2', ['active']],
      ['kaspi_status=removed', 'kaspi_status = $2', ['removed']],
      ['category=Cat%203', 'category = $2', ['Cat 3']],
      ['repriceable=false', 'external_kaspi_id is null', []],
      ['repriceable=true&bot_active=true', 'external_kaspi_id is not null and bot_active', []],
      ['search=iTEm%2004', "lower(name) like '%item 04%'", []],
      ['search=seed-5', "lower(kaspi_sku) like '%seed-5%'", []],
      ['search=50_', "(name like '%50\\_%' or kaspi_sku like '%50\\_%')", []],
      [`store_id=${storeA}&category=Cat%201&search=item`, "store_id = $2 and category = 'Cat 1'", [storeA]],
    ];
    for (const [query, where, params] of cases) {
      for (const ordering of ['price', '-name', 'updated_at', 'place']) {
        const expected = (await t.sql<{ id: string }>(`select id from products where user_id = $1 and ${where} order by ${orderSql[ordering]}`, [alice.id, ...params])).map((r) => r.id);
        const { ids, count } = await walk(alice, `${query}&ordering=${ordering}`, 30);
        assert.equal(count, expected.length, `count of ${query}`);
        assert.deepEqual(ids, expected, `${query}&ordering=${ordering}`);
      }
    }
    assert.equal((await get(bob, 'category=Cat%201')).count, 40, "bob sees only his own, and alice's are not counted");
    const empty = await get(alice, 'search=nothing-like-this');
    assert.deepEqual([empty.count, empty.results.length, empty.next], [0, 0, null]);
  });

  test('rows carry the table columns and the market summary; heavy JSON only with fields=full and on the product', async () => {
    const p = await createProduct(t.app, alice, storeA, { name: 'Columns', min_price: 100, max_price: 900, rules: { auto_raise: false }, city_rules: { '750000000': { step: 2 } } });
    await t.sql(`update products set claimed_by = 'w1', demper_state = $2, availabilities = $3 where id = $1`, [
      p.id,
      JSON.stringify({ checked_at: '2026-11-30T05:00:00.000Z', error: null, cities: [] }),
      JSON.stringify([{ point: 'PP1', available: true, stock_count: 3, preorder_days: 0 }]),
    ]);
    // The repricer's release writes the decision and its summary together.
    await t.container.services.productChecks.release(p.id, 'w1', {
      nextCheckAt: new Date(Date.now() + 60_000),
      checkedAt: new Date('2026-11-30T05:10:00.000Z'),
      state: {
        checked_at: '2026-11-30T05:10:00.000Z',
        error: null,
        cities: [
          { city_id: '750000000', action: 'lower', price: 450, reason: 'beat_first', expected_position: 1, actual_position: 2, competitor_price: 460, cheapest_competitor_price: 455 },
          { city_id: '710000000', action: 'hold', price: 500, reason: 'alone', expected_position: 1, actual_position: null, competitor_price: null, cheapest_competitor_price: null },
        ],
      },
    });
    const [row] = (await get(alice, 'search=Columns')).results;
    assert.ok(row);
    for (const field of ['availabilities', 'card', 'demper_state', 'rules', 'city_rules', 'strategy_params', 'shop_link']) assert.ok(!(field in row), `${field} is not in a list row`);
    for (const field of ['id', 'store_id', 'kaspi_sku', 'kaspi_product_id', 'name', 'category', 'brand', 'image_url', 'price', 'min_price', 'max_price', 'step', 'strategy']) {
      assert.ok(field in row, `${field} is in a list row`);
    }
    for (const field of ['bot_active', 'priority', 'kaspi_status', 'repriceable', 'city_prices', 'last_check_time', 'next_check_at', 'updated_at', 'best_place']) assert.ok(field in row, field);
    assert.deepEqual(row['market'], [
      { city_id: '750000000', place: 2, cheapest_competitor_price: 455, checked_at: '2026-11-30T05:10:00.000Z' },
      { city_id: '710000000', place: null, cheapest_competitor_price: null, checked_at: '2026-11-30T05:10:00.000Z' },
    ]);
    assert.equal(row['last_check_time'], '2026-11-30T05:10:00.000Z');
    assert.equal(row['best_place'], 2, 'the best place over the cities where we are listed');

    const full = (await get(alice, 'search=Columns&fields=full')).results[0]!;
    assert.deepEqual(full['rules'], { auto_raise: false });
    assert.deepEqual(full['city_rules'], { '750000000': { step: 2 } });
    assert.deepEqual(full['availabilities'], [{ point: 'PP1', available: true, stock_count: 3, preorder_days: 0 }]);
    assert.equal((full['demper_state'] as { cities: unknown[] }).cities.length, 2);
    assert.deepEqual(full['market'], row['market']);
    const one = await t.app.inject({ url: `/api/v1/products/${p.id}/`, headers: alice.headers });
    assert.deepEqual(one.json().rules, { auto_raise: false });
    assert.deepEqual(one.json().market, row['market']);
    const bad = await t.app.inject({ url: '/api/v1/products/?fields=everything', headers: alice.headers });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().fields.fields, bad.body);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/products/${p.id}/`, headers: alice.headers });
  });

  test("the migration's backfill of market and best_place gives what the repricer writes", async () => {
    const dir = path.resolve(import.meta.dirname, '../../../migrations');
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.sql') && fs.readFileSync(path.join(dir, f), 'utf8').includes('backfill products.market'));
    assert.ok(file, 'the migration with the backfill');
    const backfill = fs.readFileSync(path.join(dir, file), 'utf8').split('--> statement-breakpoint').at(-1)!;
    const p = await createProduct(t.app, alice, storeA, { name: 'Backfilled' });
    const state = {
      checked_at: '2026-11-29T10:00:00.000Z',
      error: null,
      cities: [
        { city_id: '750000000', action: 'hold', price: 500, reason: 'already_first', expected_position: 1, actual_position: 3, competitor_price: 490 },
        { city_id: '710000000', action: 'hold', price: 500, reason: 'alone', expected_position: 1, competitor_price: null },
        { city_id: '620000000', action: 'lower', price: 480, reason: 'beat_first', expected_position: 1, actual_position: 2, competitor_price: 490, cheapest_competitor_price: 470 },
      ],
    };
    await t.sql(`update products set demper_state = $2 where id = $1`, [p.id, JSON.stringify(state)]);
    await t.sql(backfill);
    const [row] = await t.sql<{ market: unknown; best_place: number | null }>('select market, best_place from products where id = $1', [p.id]);
    const expected = marketColumns(state);
    assert.deepEqual(row?.market, expected.market);
    assert.equal(row?.best_place, expected.bestPlace);
    assert.equal(row?.best_place, 2);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/products/${p.id}/`, headers: alice.headers });
  });

  test('counts are cached, and stay exact after every write the user makes', async () => {
    const count = async (query: string) => (await get(alice, query)).count;
    const enabled = await count('bot_active=true');
    const inCat = await count('category=Cat%202');
    const all = await count('');

    // A row written behind the API's back is not seen: the count comes from the cache, not a count(*).
    await t.sql(`insert into products (store_id, user_id, kaspi_sku, name, bot_active) values ($1, $2, 'HIDDEN-1', 'hidden', true)`, [storeA, alice.id]);
    assert.equal(await count('bot_active=true'), enabled, 'cached');

    // Every write through the API drops the user's cached counts.
    const p = await createProduct(t.app, alice, storeA, { category: 'Cat 2' });
    assert.equal(await count(''), all + 2, 'create (and the hidden row, now counted)');
    assert.equal(await count('category=Cat%202'), inCat + 1);
    assert.equal(await count('bot_active=true'), enabled + 1);

    const patch = (body: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/v1/products/${p.id}/`, headers: alice.headers, payload: body });
    assert.equal((await patch({ bot_active: true })).statusCode, 200);
    assert.equal(await count('bot_active=true'), enabled + 2, 'PATCH bot_active');
    assert.equal((await patch({ category: 'Cat 3' })).statusCode, 200);
    assert.equal(await count('category=Cat%202'), inCat, 'PATCH category');
    const notRepriceable = await count('repriceable=false');
    assert.equal((await patch({ external_kaspi_id: '123456' })).statusCode, 200);
    assert.equal(await count('repriceable=false'), notRepriceable - 1, 'PATCH external_kaspi_id');
    assert.equal((await patch({ name: 'Renamed zebra' })).statusCode, 200);
    assert.equal(await count('search=zebra'), 1, 'PATCH name');

    const disable = await t.app.inject({ method: 'POST', url: '/api/v1/products/batch_disable/', headers: alice.headers, payload: { store_id: storeA, product_ids: [p.id] } });
    assert.equal(disable.statusCode, 200);
    assert.equal(await count('bot_active=true'), enabled + 1, 'batch_disable');
    const byFilter = await t.app.inject({ method: 'POST', url: '/api/v1/products/batch_enable/', headers: alice.headers, payload: { filter: { search: 'zebra' } } });
    assert.equal(byFilter.json().updated_count, 1, byFilter.body);
    assert.equal(await count('bot_active=true'), enabled + 2, 'batch_enable by filter');
    const update = await t.app.inject({ method: 'POST', url: '/api/v1/products/batch_update/', headers: alice.headers, payload: { product_ids: [p.id], set: { bot_active: false } } });
    assert.equal(update.json().updated_count, 1, update.body);
    assert.equal(await count('bot_active=true'), enabled + 1, 'batch_update bot_active');

    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/products/${p.id}/`, headers: alice.headers })).statusCode, 204);
    assert.equal(await count(''), all + 1, 'delete');

    // A store deleted takes its products, and their counts, with it.
    const doomed = (await createStore(t.app, alice)).id;
    await createProduct(t.app, alice, doomed);
    await createProduct(t.app, alice, doomed);
    assert.equal(await count(''), all + 3);
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/kaspi/stores/${doomed}/`, headers: alice.headers })).statusCode, 204);
    assert.equal(await count(''), all + 1, 'store deleted');
    await t.sql(`delete from products where kaspi_sku = 'HIDDEN-1'`);
    await t.container.services.products.listsChanged(alice.id);
    assert.equal(await count(''), all);
  });
});
