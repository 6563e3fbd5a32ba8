import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createProduct, createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

const ALMATY = '750000000';
const ASTANA = '710000000';

describe('product repricing rules: priority, per-city overrides, rails and cost', () => {
  let t: TestApp;
  let alice: TestUser;
  let storeId: string;
  before(async () => {
    t = await startTestApp({ env: { DEMPER_RUN: 'false' } });
    alice = await registerUser(t.app);
    storeId = (await createStore(t.app, alice)).id;
  });
  after(() => t.close());

  const patch = (id: string, payload: object, user = alice) => t.app.inject({ method: 'PATCH', url: `/api/v1/products/${id}/`, headers: user.headers, payload });
  const create = (payload: object, user = alice, store = storeId) =>
    t.app.inject({ method: 'POST', url: '/api/v1/products/', headers: user.headers, payload: { store_id: store, kaspi_sku: `R-${Math.random().toString(36).slice(2)}`, name: 'r', ...payload } });
  const nextCheckOf = async (id: string) => {
    const [row] = await t.sql<{ next_check_at: Date | null; due: boolean | null }>('select next_check_at, next_check_at <= now() as due from products where id = $1', [id]);
    return row!;
  };

  test('create and read back city_rules, rules and priority; the demper fields start empty', async () => {
    const city_rules = { [ALMATY]: { min_price: 900, max_price: 1500, step: 2 }, [ASTANA]: { strategy: 'stay_top_n', strategy_params: { position: 2 }, max_price: null } };
    const rules = {
      auto_raise: false,
      max_drop_percent: 5,
      max_changes_per_day: 20,
      cluster_tolerance: 3,
      max_delivery_duration: 'TILL_2_DAYS',
      cost: { purchase_price: 500, commission_percent: 12, tax_percent: 4, delivery: 100 },
    };
    const res = await create({ min_price: 1000, max_price: 2000, priority: true, city_rules, rules });
    assert.equal(res.statusCode, 201, res.body);
    const p = res.json();
    assert.equal(p.priority, true);
    assert.deepEqual(p.city_rules, city_rules);
    assert.deepEqual(p.rules, rules);
    assert.equal(p.next_check_at, null);
    assert.equal(p.demper_state, null);

    const plain = await createProduct(t.app, alice, storeId);
    const view = (await t.app.inject({ url: `/api/v1/products/${plain.id}/`, headers: alice.headers })).json();
    assert.deepEqual([view.priority, view.city_rules, view.rules, view.next_check_at, view.demper_state], [false, {}, {}, null, null]);
  });

  test('PATCH replaces city_rules and rules, and makes the product due now', async () => {
    const p = (await create({ min_price: 1000, max_price: 2000, city_rules: { [ALMATY]: { step: 3 } }, rules: { auto_lower: false } })).json();
    await t.sql(`update products set next_check_at = now() + interval '1 day' where id = $1`, [p.id]);

    const renamed = await patch(p.id, { name: 'only the name' });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal((await nextCheckOf(p.id)).due, false, 'a name is not a rule: the schedule stays');

    const res = await patch(p.id, { city_rules: { [ASTANA]: { min_price: 1200 } }, rules: { max_drop_percent: 3, cost: null } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().city_rules, { [ASTANA]: { min_price: 1200 } }, 'replaced, not merged');
    assert.deepEqual(res.json().rules, { max_drop_percent: 3, cost: null });
    assert.equal((await nextCheckOf(p.id)).due, true);
    assert.ok(res.json().next_check_at);

    for (const change of [{ min_price: 1100 }, { step: 4 }, { strategy: 'match_first' }, { strategy_params: {} }, { max_price: null }, { priority: true }]) {
      await t.sql(`update products set next_check_at = now() + interval '1 day' where id = $1`, [p.id]);
      const changed = await patch(p.id, change);
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal((await nextCheckOf(p.id)).due, true, JSON.stringify(change));
    }
    const cleared = await patch(p.id, { city_rules: {}, rules: {} });
    assert.deepEqual([cleared.json().city_rules, cleared.json().rules], [{}, {}]);
  });

  test('turning the demper on makes the product due now (PATCH and batch_enable); one already on keeps its time', async () => {
    const a = await createProduct(t.app, alice, storeId, { kaspi_product_id: 'BATCH-A' });
    const b = await createProduct(t.app, alice, storeId);
    const c = await createProduct(t.app, alice, storeId);
    await t.sql(`update products set next_check_at = now() + interval '1 day' where id = any($1)`, [[a.id, b.id, c.id]]);
    await t.sql('update products set bot_active = true where id = $1', [c.id]);

    assert.equal((await patch(b.id, { bot_active: true })).statusCode, 200);
    assert.equal((await nextCheckOf(b.id)).due, true);

    const batch = await t.app.inject({ method: 'POST', url: '/api/v1/products/batch_enable/', headers: alice.headers, payload: { store_id: storeId, product_ids: ['BATCH-A', c.id] } });
    assert.equal(batch.json().updated_count, 2, batch.body);
    assert.equal((await nextCheckOf(a.id)).due, true, 'turned on: due now');
    assert.equal((await nextCheckOf(c.id)).due, false, 'already on: its schedule stays');

    await t.sql(`update products set next_check_at = now() + interval '1 day' where id = $1`, [b.id]);
    assert.equal((await patch(b.id, { bot_active: true })).statusCode, 200);
    assert.equal((await nextCheckOf(b.id)).due, false, 'already on');
    const off = await t.app.inject({ method: 'POST', url: '/api/v1/products/batch_disable/', headers: alice.headers, payload: { store_id: storeId, product_ids: [b.id] } });
    assert.equal(off.json().updated_count, 1);
    assert.equal((await nextCheckOf(b.id)).due, false, 'turning off leaves the schedule');
  });

  test('rules the demper could not run are 400s naming the field, on create and PATCH, and nothing is saved', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ min_price: 1000, max_price: 2000, city_rules: { [ALMATY]: { min_price: 1500, max_price: 1200 } } }, `city_rules[${ALMATY}]`],
      [{ max_price: 2000, city_rules: { [ALMATY]: { min_price: 3000 } } }, `city_rules[${ALMATY}]`],
      [{ city_rules: { [ALMATY]: { strategy: 'fixed' } } }, `city_rules[${ALMATY}]`],
      [{ strategy: 'stay_top_n' }, 'strategy_params'],
      [{ strategy: 'fixed', strategy_params: { price: 5 } }, 'strategy_params.price'],
      [{ city_rules: { almaty: { step: 1 } } }, 'city_rules.almaty'],
      [{ city_rules: { [ALMATY]: { step: 0 } } }, `city_rules[${ALMATY}].step`],
      [{ city_rules: { [ALMATY]: { min_price: 5 } } }, `city_rules[${ALMATY}].min_price`],
      [{ city_rules: { [ALMATY]: { floor: 100 } } }, `city_rules[${ALMATY}].floor`],
      [{ city_rules: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [String(100 + i), { step: 1 }])) }, 'city_rules'],
      [{ rules: { max_drop_percent: 0 } }, 'rules.max_drop_percent'],
      [{ rules: { max_changes_per_day: 0 } }, 'rules.max_changes_per_day'],
      [{ rules: { cluster_min_size: 1 } }, 'rules.cluster_min_size'],
      [{ rules: { max_delivery_duration: 'SOMEDAY' } }, 'rules.max_delivery_duration'],
      [{ rules: { undercut: true } }, 'rules.undercut'],
      [{ rules: { cost: { purchase_price: 100, commission_percent: 60, tax_percent: 50, delivery: 0 } } }, 'rules.cost'],
      [{ rules: { cost: { purchase_price: 100, commission_percent: 10, tax_percent: 5 } } }, 'rules.cost.delivery'],
      [{ rules: { cost: { purchase_price: -1, commission_percent: 10, tax_percent: 5, delivery: 0 } } }, 'rules.cost.purchase_price'],
      [{ priority: 'yes' }, 'priority'],
    ];
    for (const [payload, field] of bad) {
      const created = await create(payload);
      assert.equal(created.statusCode, 400, `create ${JSON.stringify(payload).slice(0, 100)}: ${created.body}`);
      assert.equal(created.json().code, 'validation_error');
      assert.ok(created.json().fields?.[field], `create ${field}: ${created.body}`);
    }

    const p = (await create({ min_price: 1000, max_price: 2000, city_rules: { [ALMATY]: { step: 5 } } })).json();
    for (const [payload, field] of bad) {
      const res = await patch(p.id, payload);
      assert.equal(res.statusCode, 400, `patch ${JSON.stringify(payload).slice(0, 100)}: ${res.body}`);
      assert.ok(res.json().fields?.[field], `patch ${field}: ${res.body}`);
    }
    // A city override that crosses the product's own bounds once they change.
    const crossing = await patch(p.id, { city_rules: { [ALMATY]: { min_price: 1800 } } });
    assert.equal(crossing.statusCode, 200, crossing.body);
    const lowered = await patch(p.id, { max_price: 1500 });
    assert.equal(lowered.statusCode, 400);
    assert.ok(lowered.json().fields[`city_rules[${ALMATY}]`], lowered.body);
    const stored = (await t.app.inject({ url: `/api/v1/products/${p.id}/`, headers: alice.headers })).json();
    assert.equal(stored.max_price, 2000, 'the rejected PATCH saved nothing');
    assert.deepEqual(stored.city_rules, { [ALMATY]: { min_price: 1800 } });
  });

  test('strategy_params: each strategy takes its own keys, bounded; anything else is a 400 naming the key', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ strategy_params: { foo: 1 } }, 'strategy_params.foo'],
      [{ strategy_params: { blob: 'x'.repeat(1_000_000) } }, 'strategy_params.blob'],
      [{ strategy: 'beat_first', strategy_params: { position: 2 } }, 'strategy_params.position'],
      [{ strategy: 'stay_top_n', strategy_params: { position: 2, price: 500 } }, 'strategy_params.price'],
      [{ strategy: 'stay_top_n', strategy_params: { position: 101 } }, 'strategy_params.position'],
      [{ strategy: 'stay_top_n', strategy_params: { position: 1.5 } }, 'strategy_params.position'],
      [{ strategy: 'fixed', strategy_params: { price: '500' } }, 'strategy_params.price'],
      [{ strategy: 'fixed', strategy_params: { price: 1_000_000_001 } }, 'strategy_params.price'],
      [{ city_rules: { [ALMATY]: { strategy: 'fixed', strategy_params: { position: 2 } } } }, `city_rules[${ALMATY}].strategy_params.position`],
      [{ city_rules: { [ALMATY]: { strategy_params: { price: 500 } } } }, `city_rules[${ALMATY}].strategy_params.price`],
    ];
    const p = (await create({ min_price: 100, max_price: 2000 })).json();
    for (const [payload, field] of bad) {
      for (const res of [await create(payload), await patch(p.id, payload)]) {
        assert.equal(res.statusCode, 400, `${JSON.stringify(payload).slice(0, 100)}: ${res.body.slice(0, 300)}`);
        assert.ok(res.json().fields?.[field], `${field}: ${res.body.slice(0, 300)}`);
      }
    }
    // 10,000 levels deep: too deep for JSON.stringify, so the body is written as text.
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const json = { 'content-type': 'application/json', ...alice.headers };
    for (const res of [
      await t.app.inject({ method: 'POST', url: '/api/v1/products/', headers: json, payload: `{"store_id":"${storeId}","kaspi_sku":"DEEP","name":"d","strategy_params":{"nested":${deep}}}` }),
      await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${p.id}/`, headers: json, payload: `{"strategy_params":{"nested":${deep}}}` }),
    ]) {
      assert.equal(res.statusCode, 400, res.body.slice(0, 300));
      assert.ok(res.json().fields['strategy_params.nested'], res.body.slice(0, 300));
    }
    const [row] = await t.sql<{ size: number }>('select pg_column_size(strategy_params) as size from products where id = $1', [p.id]);
    assert.ok(row!.size < 100, 'nothing was stored');

    // What each strategy reads is taken, on the product and in a city (the city's strategy, else the product's).
    const fixed = await create({ strategy: 'fixed', strategy_params: { price: 1500 }, city_rules: { [ALMATY]: { strategy: 'stay_top_n', strategy_params: { position: 3 } } } });
    assert.equal(fixed.statusCode, 201, fixed.body);
    const city = await patch(fixed.json().id, { city_rules: { [ASTANA]: { strategy_params: { price: 1400 } } } });
    assert.equal(city.statusCode, 200, city.body);
    // Changing only the strategy keeps the stored params (the engine reads only its own).
    const switched = await patch(fixed.json().id, { strategy: 'beat_first' });
    assert.equal(switched.statusCode, 200, switched.body);
    assert.deepEqual(switched.json().strategy_params, { price: 1500 });
  });

  test("a hand-created product takes the store's default step and strategy unless it says its own", async () => {
    const seller = await registerUser(t.app);
    const store = (await createStore(t.app, seller)).id;
    const before = (await create({}, seller, store)).json();
    assert.deepEqual([before.step, before.strategy], [1, 'beat_first'], 'no settings saved: the column defaults');

    const saved = await t.app.inject({ method: 'PATCH', url: `/api/v1/kaspi/stores/${store}/demper/`, headers: seller.headers, payload: { default_step: 7, default_strategy: 'follow_second' } });
    assert.equal(saved.statusCode, 200, saved.body);
    const defaults = (await create({}, seller, store)).json();
    assert.deepEqual([defaults.step, defaults.strategy], [7, 'follow_second']);
    const own = (await create({ step: 2 }, seller, store)).json();
    assert.deepEqual([own.step, own.strategy], [2, 'follow_second']);
    const ownStrategy = (await create({ strategy: 'stay_top_n', strategy_params: { position: 3 } }, seller, store)).json();
    assert.deepEqual([ownStrategy.step, ownStrategy.strategy], [7, 'stay_top_n']);
    const otherStore = (await create({})).json();
    assert.deepEqual([otherStore.step, otherStore.strategy], [1, 'beat_first'], "another store's defaults do not leak");
  });

  test('demper_state shows as stored; enabling a product whose stored rules cannot run is refused', async () => {
    const p = await createProduct(t.app, alice, storeId, { price: 1000 });
    const state = { checked_at: '2025-03-01T10:00:00.000Z', error: null, cities: [{ city_id: ALMATY, action: 'set', price: 990, reason: 'beat_first', expected_position: 1, competitor_price: 1000 }] };
    await t.sql('update products set demper_state = $2 where id = $1', [p.id, JSON.stringify(state)]);
    const view = (await t.app.inject({ url: `/api/v1/products/${p.id}/`, headers: alice.headers })).json();
    assert.deepEqual(view.demper_state, state);

    // Turning on a product whose stored rules cannot run is refused (rules written before validation existed).
    await t.sql(`update products set strategy = 'fixed', strategy_params = '{}' where id = $1`, [p.id]);
    const enable = await patch(p.id, { bot_active: true });
    assert.equal(enable.statusCode, 400);
    assert.ok(enable.json().fields.strategy_params, enable.body);
    const rename = await patch(p.id, { name: 'still editable' });
    assert.equal(rename.statusCode, 200, 'other edits of such a product still work');
    const fixed = await patch(p.id, { strategy_params: { price: 1200 }, bot_active: true });
    assert.equal(fixed.statusCode, 200, fixed.body);
  });
});
