import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createProduct, createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

interface Failed {
  id: string;
  detail: string;
  fields?: Record<string, string>;
}

/** Bulk edits of a catalogue table: batch_update, and batch_enable / batch_disable by filter. */
describe('products bulk edits', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let storeA: string;
  let bobStore: string;
  before(async () => {
    t = await startTestApp();
    alice = await registerUser(t.app);
    bob = await registerUser(t.app);
    storeA = (await createStore(t.app, alice)).id;
    bobStore = (await createStore(t.app, bob)).id;
  });
  after(() => t.close());

  const batchUpdate = (user: TestUser, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/products/batch_update/', headers: user.headers, payload });
  const rowOf = async (id: string) =>
    (await t.sql<Record<string, unknown>>('select min_price, max_price, step, strategy, strategy_params, priority, bot_active, next_check_at, updated_at from products where id = $1', [id]))[0]!;

  test("by ids: only the caller's products change; another user's and unknown ids are failed, never touched", async () => {
    const mine = await Promise.all([1, 2, 3].map(() => createProduct(t.app, alice, storeA, { min_price: 100, max_price: 1000 })));
    const his = await createProduct(t.app, bob, bobStore, { min_price: 100, max_price: 1000 });
    const hisBefore = await rowOf(his.id);
    const unknown = randomUUID();
    await t.sql(`update products set next_check_at = now() + interval '1 hour' where id = any($1::uuid[])`, [mine.map((p) => p.id)]);
    const res = await batchUpdate(alice, {
      product_ids: [...mine.map((p) => p.id), his.id, unknown, mine[0]!.id],
      set: { min_price: 200, step: 5, strategy: 'stay_top_n', strategy_params: { position: 2 } },
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { updated_count: number; failed: Failed[] };
    assert.equal(body.updated_count, 3);
    assert.deepEqual(body.failed.map((f) => f.id).sort(), [his.id, unknown].sort());
    assert.ok(
      body.failed.every((f) => f.detail === 'Product not found.'),
      "someone else's product looks missing",
    );
    for (const p of mine) {
      const row = await rowOf(p.id);
      assert.deepEqual([row['min_price'], row['max_price'], row['step'], row['strategy'], row['strategy_params']], [200, 1000, 5, 'stay_top_n', { position: 2 }]);
      assert.ok((row['next_check_at'] as Date).getTime() <= Date.now() + 1000, 'a rules edit makes the product due now, as PATCH does');
    }
    assert.deepEqual(await rowOf(his.id), hisBefore, "bob's product is untouched");

    const fromBob = await batchUpdate(bob, { product_ids: mine.map((p) => p.id), set: { priority: true } });
    assert.deepEqual(fromBob.json(), { updated_count: 0, failed: mine.map((p) => ({ id: p.id, detail: 'Product not found.' })) });
    assert.equal((await rowOf(mine[0]!.id))['priority'], false);
  });

  test("by filter: every product the list filter matches, and only the caller's", async () => {
    const shoes = await Promise.all([1, 2].map(() => createProduct(t.app, alice, storeA, { category: 'Shoes', min_price: 100, max_price: 1000 })));
    const hat = await createProduct(t.app, alice, storeA, { category: 'Hats', min_price: 100, max_price: 1000 });
    const bobsShoes = await createProduct(t.app, bob, bobStore, { category: 'Shoes', min_price: 100, max_price: 1000 });
    const res = await batchUpdate(alice, { filter: { category: 'Shoes', store_id: storeA }, set: { max_price: 800, priority: true } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { updated_count: 2, failed: [] });
    for (const p of shoes) assert.deepEqual([(await rowOf(p.id))['max_price'], (await rowOf(p.id))['priority']], [800, true]);
    assert.equal((await rowOf(hat.id))['max_price'], 1000);
    assert.equal((await rowOf(bobsShoes.id))['max_price'], 1000, "a filter never reaches another user's products");

    const none = await batchUpdate(alice, { filter: { search: 'no such product anywhere' }, set: { step: 3 } });
    assert.deepEqual(none.json(), { updated_count: 0, failed: [] });
    const mineOnly = await batchUpdate(alice, { filter: { store_id: bobStore }, set: { step: 3 } });
    assert.deepEqual(mineOnly.json(), { updated_count: 0, failed: [] }, "another user's store id matches nothing");
  });

  test('a product the values would break is refused with its fields and left unchanged; the others are written', async () => {
    const ok = await createProduct(t.app, alice, storeA, { category: 'Bounds', min_price: 100, max_price: 5000 });
    const lowMax = await createProduct(t.app, alice, storeA, { category: 'Bounds', min_price: 100, max_price: 1500 });
    const before = await rowOf(lowMax.id);
    const res = await batchUpdate(alice, { filter: { category: 'Bounds' }, set: { min_price: 2000 } });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { updated_count: number; failed: Failed[] };
    assert.equal(body.updated_count, 1);
    assert.equal(body.failed.length, 1);
    assert.equal(body.failed[0]!.id, lowMax.id);
    assert.match(body.failed[0]!.fields?.['min_price'] ?? '', /greater than max_price \(1500\)/);
    assert.match(body.failed[0]!.detail, /min_price/);
    assert.equal((await rowOf(ok.id))['min_price'], 2000);
    assert.deepEqual(await rowOf(lowMax.id), before, 'the refused product is exactly as it was');

    // The strategy's parameters, checked against each product's own strategy.
    const fixed = await createProduct(t.app, alice, storeA, { category: 'Params', strategy: 'fixed', strategy_params: { price: 500 } });
    const beat = await createProduct(t.app, alice, storeA, { category: 'Params', strategy: 'beat_first' });
    const params = await batchUpdate(alice, { filter: { category: 'Params' }, set: { strategy_params: { price: 700 } } });
    assert.equal(params.json().updated_count, 1, params.body);
    assert.deepEqual(
      (params.json().failed as Failed[]).map((f) => [f.id, Object.keys(f.fields ?? {})]),
      [[beat.id, ['strategy_params.price']]],
    );
    assert.deepEqual((await rowOf(fixed.id))['strategy_params'], { price: 700 });
    // stay_top_n needs a position: a product without one is refused, naming strategy_params.
    const topN = await batchUpdate(alice, { product_ids: [beat.id], set: { strategy: 'stay_top_n' } });
    assert.deepEqual(Object.keys((topN.json().failed as Failed[])[0]?.fields ?? {}), ['strategy_params'], topN.body);
    assert.equal((await rowOf(beat.id))['strategy'], 'beat_first');
    // Turning the demper on checks the rules in force, as PATCH bot_active=true does.
    await t.sql(`update products set strategy = 'stay_top_n', strategy_params = '{}' where id = $1`, [beat.id]);
    const turnOn = await batchUpdate(alice, { product_ids: [beat.id, ok.id], set: { bot_active: true } });
    assert.equal(turnOn.json().updated_count, 1, turnOn.body);
    assert.deepEqual(
      (turnOn.json().failed as Failed[]).map((f) => f.id),
      [beat.id],
    );
    assert.equal((await rowOf(beat.id))['bot_active'], false);
  });

  test('bad input is a 400 naming the field, and nothing is written', async () => {
    const p = await createProduct(t.app, alice, storeA, { min_price: 100, max_price: 1000 });
    const before = await rowOf(p.id);
    const cases: [Record<string, unknown>, string][] = [
      [{ product_ids: [p.id], set: { min_price: 900, max_price: 800 } }, 'set.min_price'],
      [{ product_ids: [p.id], set: { strategy: 'beat_first', strategy_params: { position: 2 } } }, 'set.strategy_params.position'],
      [{ product_ids: [p.id], set: {} }, 'set'],
      [{ product_ids: [p.id], set: { min_price: 5 } }, 'set.min_price'],
      [{ product_ids: [p.id], set: { price: 500 } }, 'set.price'],
      [{ product_ids: [p.id], set: { step: 0 } }, 'set.step'],
      [{ product_ids: [p.id], filter: {}, set: { step: 2 } }, 'product_ids'],
      [{ set: { step: 2 } }, 'product_ids'],
      [{ product_ids: [], set: { step: 2 } }, 'product_ids'],
      [{ product_ids: ['not-a-uuid'], set: { step: 2 } }, 'product_ids[0]'],
      [{ product_ids: Array.from({ length: 5001 }, () => p.id), set: { step: 2 } }, 'product_ids'],
      [{ filter: { colour: 'red' }, set: { step: 2 } }, 'filter.colour'],
    ];
    for (const [payload, field] of cases) {
      const res = await batchUpdate(alice, payload);
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload).slice(0, 80)}: ${res.body}`);
      assert.equal(res.json().code, 'validation_error');
      assert.ok(field in res.json().fields, `${field} named in ${res.body}`);
    }
    assert.deepEqual(await rowOf(p.id), before);
    const foreign = await batchUpdate(alice, { user_id: bob.id, filter: {}, set: { step: 2 } });
    assert.equal(foreign.statusCode, 403, 'only an admin may name another user');
  });

  test("an admin edits a user's products with user_id", async () => {
    const admin = await registerUser(t.app);
    await t.sql('update users set is_admin = true where id = $1', [admin.id]);
    const his = await createProduct(t.app, bob, bobStore, { category: 'AdminEdit' });
    const res = await batchUpdate(admin, { user_id: bob.id, filter: { category: 'AdminEdit' }, set: { step: 9 } });
    assert.deepEqual(res.json(), { updated_count: 1, failed: [] });
    assert.equal((await rowOf(his.id))['step'], 9);
    const byId = await batchUpdate(admin, { product_ids: [his.id], set: { step: 8 } });
    assert.equal(byId.json().failed.length, 1, "without user_id, ids are the admin's own");
    const withUser = await batchUpdate(admin, { user_id: bob.id, product_ids: [his.id], set: { step: 8 } });
    assert.equal(withUser.json().updated_count, 1);
  });

  test('batch_enable / batch_disable take a list filter too; the store_id + product_ids form is unchanged', async () => {
    const lamps = await Promise.all([1, 2, 3].map(() => createProduct(t.app, alice, storeA, { category: 'Lamps' })));
    const bobsLamp = await createProduct(t.app, bob, bobStore, { category: 'Lamps' });
    await t.sql(`update products set next_check_at = now() + interval '1 hour' where id = $1`, [lamps[0]!.id]);
    const post = (user: TestUser, action: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/products/${action}/`, headers: user.headers, payload });
    const on = await post(alice, 'batch_enable', { filter: { category: 'Lamps' } });
    assert.equal(on.statusCode, 200, on.body);
    assert.deepEqual([on.json().success, on.json().updated_count, on.json().failed_ids], [true, 3, []]);
    for (const p of lamps) assert.equal((await rowOf(p.id))['bot_active'], true);
    assert.ok(((await rowOf(lamps[0]!.id))['next_check_at'] as Date).getTime() <= Date.now() + 1000, 'turned on: due now');
    assert.equal((await rowOf(bobsLamp.id))['bot_active'], false);
    const off = await post(alice, 'batch_disable', { filter: { category: 'Lamps', bot_active: true } });
    assert.equal(off.json().updated_count, 3);
    const old = await post(alice, 'batch_enable', { store_id: storeA, product_ids: [lamps[1]!.id, 'nope'] });
    assert.deepEqual([old.json().updated_count, old.json().failed_ids], [1, ['nope']]);

    for (const [payload, field] of [
      [{ product_ids: [lamps[0]!.id] }, 'store_id'],
      [{ store_id: storeA }, 'product_ids'],
      [{ store_id: storeA, product_ids: [lamps[0]!.id], filter: {} }, 'filter'],
      [{ filter: { kaspi_status: 'gone' } }, 'filter.kaspi_status'],
    ] as const) {
      const res = await post(alice, 'batch_enable', payload);
      assert.equal(res.statusCode, 400, res.body);
      assert.ok(field in res.json().fields, `${field}: ${res.body}`);
    }
  });

  test("PATCH's 400s name the field the web app shows the message next to", async () => {
    const p = await createProduct(t.app, alice, storeA, { min_price: 100, max_price: 1000 });
    const patch = (payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/v1/products/${p.id}/`, headers: alice.headers, payload });
    for (const [payload, field] of [
      [{ min_price: 2000 }, 'min_price'],
      [{ min_price: 5 }, 'min_price'],
      [{ max_price: 50 }, 'max_price'],
      [{ step: 0 }, 'step'],
      [{ strategy: 'stay_top_n' }, 'strategy_params'],
      [{ strategy_params: { price: 700 } }, 'strategy_params.price'],
      [{ rules: { max_drop_percent: 0 } }, 'rules.max_drop_percent'],
      [{ city_rules: { '750000000': { min_price: 5000 } } }, 'city_rules[750000000]'],
    ] as const) {
      const res = await patch(payload);
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
      const body = res.json() as { detail: string; code: string; fields: Record<string, string> };
      assert.equal(body.code, 'validation_error');
      assert.ok(body.fields[field], `${JSON.stringify(payload)} names ${field}: ${res.body}`);
      assert.ok(body.detail.includes(field), `the detail names ${field} too: ${body.detail}`);
    }
  });
});
