import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createProduct, createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

describe('store demper settings and status', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  before(async () => {
    t = await startTestApp({ env: { DEMPER_MIN_INTERVAL_SECONDS: '30', DEMPER_RUN: 'false' } });
    alice = await registerUser(t.app);
    bob = await registerUser(t.app);
  });
  after(() => t.close());

  const url = (storeId: string) => `/api/v1/kaspi/stores/${storeId}/demper/`;
  const get = async (user: TestUser, storeId: string) => t.app.inject({ url: url(storeId), headers: user.headers });
  const patch = async (user: TestUser, storeId: string, payload: unknown) => t.app.inject({ method: 'PATCH', url: url(storeId), headers: user.headers, payload: payload as object });
  const status = async (user: TestUser, storeId: string) => {
    const res = await t.app.inject({ url: `${url(storeId)}status/`, headers: user.headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  const nextCheckOf = async (productId: string) => {
    const [row] = await t.sql<{ next_check_at: Date | null; due: boolean }>('select next_check_at, next_check_at <= now() as due from products where id = $1', [productId]);
    return row!;
  };

  test('a store that never saved its settings shows the defaults, without creating a row', async () => {
    const store = await createStore(t.app, alice);
    const res = await get(alice, store.id);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      store_id: store.id,
      enabled: false,
      check_interval_seconds: 300,
      priority_interval_seconds: 60,
      work_hours_start: null,
      work_hours_end: null,
      timezone: 'Asia/Almaty',
      default_step: 1,
      default_strategy: 'beat_first',
      ignored_merchant_ids: [],
      rails: {
        auto_lower: true,
        auto_raise: true,
        at_floor: 'hold_at_min',
        no_competitors: 'go_to_max',
        raise_cooldown_seconds: 600,
        max_drop_percent: 10,
        max_changes_per_day: 100,
        cluster_tolerance: 0,
        cluster_min_size: 3,
        max_delivery_duration: null,
      },
      feed_mode: 'off',
      approval_mode: 'auto',
      scheduler: 'adaptive',
      max_interval_seconds: 3600,
      paused_until: null,
      last_error: null,
      last_error_at: null,
      updated_at: null,
    });
    assert.equal((await t.sql('select 1 from store_demper_settings where store_id = $1', [store.id])).length, 0);
  });

  test('PATCH creates the row, then changes only what it names; rails merge over the stored ones', async () => {
    const store = await createStore(t.app, alice);
    const first = await patch(alice, store.id, {
      check_interval_seconds: 120,
      priority_interval_seconds: 30,
      work_hours_start: '09:00',
      work_hours_end: '21:30',
      default_step: 5,
      default_strategy: 'match_first',
      ignored_merchant_ids: ['30141222', 'rival_2', '30141222'],
      rails: { max_drop_percent: 5, auto_raise: false, max_delivery_duration: 'TILL_2_DAYS', max_changes_per_day: null },
    });
    assert.equal(first.statusCode, 200, first.body);
    const view = first.json();
    assert.deepEqual(
      [view.enabled, view.check_interval_seconds, view.priority_interval_seconds, view.work_hours_start, view.work_hours_end, view.default_step, view.default_strategy],
      [false, 120, 30, '09:00', '21:30', 5, 'match_first'],
    );
    assert.deepEqual(view.ignored_merchant_ids, ['30141222', 'rival_2'], 'duplicates dropped');
    assert.equal(view.rails.max_drop_percent, 5);
    assert.equal(view.rails.auto_raise, false);
    assert.equal(view.rails.auto_lower, true, 'unset rails show their defaults');
    assert.equal(view.rails.max_delivery_duration, 'TILL_2_DAYS');
    assert.equal(view.rails.max_changes_per_day, null, 'null: no limit');
    assert.ok(view.updated_at);

    const second = await patch(alice, store.id, { enabled: true, rails: { cluster_tolerance: 3 } });
    assert.equal(second.statusCode, 200, second.body);
    const again = (await get(alice, store.id)).json();
    assert.deepEqual(again, second.json());
    assert.equal(again.enabled, true);
    assert.equal(again.check_interval_seconds, 120, 'untouched');
    assert.equal(again.work_hours_start, '09:00');
    assert.deepEqual([again.rails.cluster_tolerance, again.rails.max_drop_percent, again.rails.auto_raise], [3, 5, false], 'rails merged');
    const [row] = await t.sql<{ rails: Record<string, unknown> }>('select rails from store_demper_settings where store_id = $1', [store.id]);
    assert.deepEqual(row!.rails, { max_drop_percent: 5, auto_raise: false, max_delivery_duration: 'TILL_2_DAYS', max_changes_per_day: null, cluster_tolerance: 3 }, 'only what was set is stored');

    const allDay = await patch(alice, store.id, { work_hours_start: null, work_hours_end: null });
    assert.equal(allDay.statusCode, 200, allDay.body);
    assert.deepEqual([allDay.json().work_hours_start, allDay.json().work_hours_end], [null, null]);
  });

  test('validation: intervals, work hours, rails, defaults, unknown and read-only fields are 400s naming the field', async () => {
    const store = await createStore(t.app, alice);
    const bad: [unknown, string][] = [
      [{ check_interval_seconds: 29 }, 'check_interval_seconds'],
      [{ priority_interval_seconds: 10 }, 'priority_interval_seconds'],
      [{ check_interval_seconds: 86_401 }, 'check_interval_seconds'],
      [{ check_interval_seconds: 60.5 }, 'check_interval_seconds'],
      [{ check_interval_seconds: '60' }, 'check_interval_seconds'],
      [{ work_hours_start: '24:00', work_hours_end: '06:00' }, 'work_hours_start'],
      [{ work_hours_start: '9:00', work_hours_end: '18:00' }, 'work_hours_start'],
      [{ work_hours_start: '09:00', work_hours_end: '18:60' }, 'work_hours_end'],
      [{ work_hours_start: '09:00' }, 'work_hours_end'],
      [{ work_hours_end: '18:00' }, 'work_hours_start'],
      [{ rails: { max_drop_percent: 0 } }, 'rails.max_drop_percent'],
      [{ rails: { max_drop_percent: 101 } }, 'rails.max_drop_percent'],
      [{ rails: { cluster_min_size: 1 } }, 'rails.cluster_min_size'],
      [{ rails: { at_floor: 'dive' } }, 'rails.at_floor'],
      [{ rails: { max_changes_per_day: 0 } }, 'rails.max_changes_per_day'],
      [{ rails: { max_delivery_duration: 'NEXT_YEAR' } }, 'rails.max_delivery_duration'],
      [{ rails: { cost: { purchase_price: 1, commission_percent: 0, tax_percent: 0, delivery: 0 } } }, 'rails.cost'],
      [{ default_step: 0 }, 'default_step'],
      [{ default_strategy: 'fixed' }, 'default_strategy'],
      [{ default_strategy: 'stay_top_n' }, 'default_strategy'],
      [{ ignored_merchant_ids: [30141222] }, 'ignored_merchant_ids[0]'],
      [{ ignored_merchant_ids: Array.from({ length: 501 }, (_, i) => `m${i}`) }, 'ignored_merchant_ids'],
      [{ paused_until: null }, 'paused_until'],
      [{ last_error: null }, 'last_error'],
      [{ enabled: true, speed: 'max' }, 'speed'],
    ];
    for (const [payload, field] of bad) {
      const res = await patch(alice, store.id, payload);
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload).slice(0, 80)}: ${res.body}`);
      assert.equal(res.json().code, 'validation_error');
      assert.ok(res.json().fields?.[field], `${field}: ${res.body}`);
    }
    const tooShort = await patch(alice, store.id, { check_interval_seconds: 29 });
    assert.match(tooShort.json().fields.check_interval_seconds, /30 seconds/, 'names the minimum');
    const empty = await patch(alice, store.id, {});
    assert.equal(empty.statusCode, 400);
    assert.equal((await t.sql('select 1 from store_demper_settings where store_id = $1', [store.id])).length, 0, 'nothing saved by a rejected PATCH');

    // Clearing one work hour of a saved pair leaves it half set: refused as well.
    assert.equal((await patch(alice, store.id, { work_hours_start: '22:00', work_hours_end: '06:00' })).statusCode, 200);
    const half = await patch(alice, store.id, { work_hours_end: null });
    assert.equal(half.statusCode, 400);
    assert.ok(half.json().fields.work_hours_end);
    const minimum = await patch(alice, store.id, { check_interval_seconds: 30, priority_interval_seconds: 86_400 });
    assert.equal(minimum.statusCode, 200, minimum.body);
  });

  test("someone else's store (or a missing one) is a 404 for settings and status", async () => {
    const store = await createStore(t.app, alice);
    for (const req of [
      { method: 'GET' as const, url: url(store.id) },
      { method: 'PATCH' as const, url: url(store.id), payload: { enabled: true } },
      { method: 'GET' as const, url: `${url(store.id)}status/` },
      { method: 'GET' as const, url: url('00000000-0000-4000-8000-000000000000') },
    ]) {
      const res = await t.app.inject({ ...req, headers: bob.headers });
      assert.equal(res.statusCode, 404, `${req.method} ${req.url}: ${res.body}`);
    }
    assert.equal((await get(alice, store.id)).json().enabled, false, 'untouched');
    const noAuth = await t.app.inject({ url: url(store.id) });
    assert.equal(noAuth.statusCode, 401);
  });

  test('enabling the demper, or a shorter interval, makes waiting enabled products due now', async () => {
    const store = await createStore(t.app, alice);
    const on = await createProduct(t.app, alice, store.id);
    const off = await createProduct(t.app, alice, store.id);
    const soon = await createProduct(t.app, alice, store.id);
    const never = await createProduct(t.app, alice, store.id);
    await t.sql('update products set bot_active = true where id = any($1)', [[on.id, soon.id, never.id]]);
    await t.sql(`update products set next_check_at = now() + interval '2 days' where id = any($1)`, [[on.id, off.id]]);
    await t.sql(`update products set next_check_at = now() + interval '100 seconds' where id = $1`, [soon.id]);
    await t.sql('update products set next_check_at = null where id = $1', [never.id]);

    const enabled = await patch(alice, store.id, { enabled: true });
    assert.equal(enabled.statusCode, 200, enabled.body);
    assert.equal((await nextCheckOf(on.id)).due, true, 'an enabled product waiting longer than the interval is due now');
    assert.equal((await nextCheckOf(off.id)).due, false, 'a product with the demper off is left alone');
    assert.equal((await nextCheckOf(soon.id)).due, false, 'one due within the interval keeps its time');
    assert.equal((await nextCheckOf(never.id)).due, true, 'never scheduled: due now');

    const unchanged = await patch(alice, store.id, { check_interval_seconds: 600 });
    assert.equal(unchanged.statusCode, 200);
    assert.equal((await nextCheckOf(soon.id)).due, false, 'a longer interval changes nothing');
    const shorter = await patch(alice, store.id, { check_interval_seconds: 60 });
    assert.equal(shorter.statusCode, 200);
    assert.equal((await nextCheckOf(soon.id)).due, true, '100 s away is beyond the new 60 s interval: due now');
    assert.equal((await nextCheckOf(off.id)).due, false);
  });

  test("status: product counts, the last hour's stats, errors, pauses and work hours", async () => {
    const seller = await registerUser(t.app);
    const store = await createStore(t.app, seller);
    const other = await createStore(t.app, seller);
    const empty = await status(seller, store.id);
    assert.deepEqual(empty, {
      store_id: store.id,
      enabled: false,
      needs_reauth: false,
      reauth_reason: null,
      products_enabled: 0,
      products_repriceable: 0,
      products_due: 0,
      longest_overdue_seconds: 0,
      checks_last_hour: 0,
      changes_last_hour: 0,
      errors_last_hour: 0,
      last_check_at: null,
      last_error: null,
      last_error_at: null,
      paused_until: null,
      within_work_hours: true,
      feed_mode: 'off',
      via: 'pricefeed',
      feed_last_pulled_at: null,
      feed_last_pull_bytes: null,
      scheduler: {
        mode: 'adaptive',
        store_planned_reads_per_second: 0,
        products_in_war: 0,
        budget_reads_per_second: null,
        planned_reads_per_second: null,
        demand_reads_per_second: null,
        demand_over_budget: null,
        overloaded: false,
        guarantee_stretch: null,
        longest_wait_seconds: null,
        longest_overdue_seconds: 0,
        planned_at: null,
      },
    });

    // [sku, bot_active, kaspi_status, external id, strategy, next_check_at]
    const rows: [string, boolean, string, string | null, string, string | null][] = [
      ['DUE-NULL', true, 'active', '101', 'beat_first', null],
      ['DUE-PAST', true, 'active', '102', 'stay_top_n', "now() - interval '1 minute'"],
      ['LATER', true, 'active', '103', 'beat_first', "now() + interval '2 minutes'"], // within the 300 s interval: enabling leaves it
      ['MANUAL', true, 'active', '104', 'manual', null],
      ['NO-EXT', true, 'active', null, 'beat_first', null],
      ['REMOVED', true, 'removed', '105', 'beat_first', null],
      ['OFF', false, 'active', '106', 'beat_first', null],
    ];
    for (const [sku, botActive, kaspiStatus, ext, strategy, next] of rows) {
      await t.sql(
        `insert into products (store_id, user_id, kaspi_sku, name, bot_active, kaspi_status, external_kaspi_id, strategy, next_check_at, last_check_time)
         values ($1, $2, $3, $3, $4, $5, $6, $7, ${next ?? 'null'}, $8)`,
        [store.id, seller.id, sku, botActive, kaspiStatus, ext, strategy, sku === 'LATER' ? '2025-01-02T03:04:05Z' : sku === 'DUE-PAST' ? '2025-01-01T00:00:00Z' : null],
      );
    }
    await t.sql(`insert into products (store_id, user_id, kaspi_sku, name, bot_active, external_kaspi_id, last_check_time) values ($1, $2, 'ELSEWHERE', 'x', true, '1', now())`, [other.id, seller.id]);
    await t.sql(
      `insert into demper_stats (store_id, minute, checks, changes, errors) values
         ($1, date_trunc('minute', now()), 10, 2, 1),
         ($1, date_trunc('minute', now()) - interval '30 minutes', 5, 1, 0),
         ($1, date_trunc('minute', now()) - interval '2 hours', 100, 50, 9),
         ($2, date_trunc('minute', now()), 1000, 1000, 1000)`,
      [store.id, other.id],
    );
    await patch(seller, store.id, { enabled: true });
    await t.sql(`update store_demper_settings set last_error = 'Kaspi refused the price', last_error_at = '2025-02-03T04:05:06Z', paused_until = now() + interval '20 minutes' where store_id = $1`, [
      store.id,
    ]);
    await t.sql(`update kaspi_stores set needs_reauth = true, reauth_reason = 'sms' where id = $1`, [store.id]);

    const s = await status(seller, store.id);
    assert.equal(s.enabled, true);
    assert.deepEqual([s.needs_reauth, s.reauth_reason], [true, 'sms']);
    assert.equal(s.products_enabled, 5, 'bot_active and active on Kaspi');
    assert.equal(s.products_repriceable, 3, 'and with a public id, not manual');
    assert.equal(s.products_due, 2, 'and due');
    assert.ok(s.longest_overdue_seconds >= 59 && s.longest_overdue_seconds <= 70, `DUE-PAST is a minute late (${s.longest_overdue_seconds})`);
    assert.deepEqual([s.checks_last_hour, s.changes_last_hour, s.errors_last_hour], [15, 3, 1], 'this store, the last hour only');
    assert.equal(s.last_check_at, '2025-01-02T03:04:05.000Z');
    assert.equal(s.last_error, 'Kaspi refused the price');
    assert.equal(s.last_error_at, '2025-02-03T04:05:06.000Z');
    assert.ok(s.paused_until && new Date(s.paused_until) > new Date());
    assert.equal(s.within_work_hours, true);

    await t.sql(`update store_demper_settings set paused_until = now() - interval '1 minute' where store_id = $1`, [store.id]);
    // A one-minute window that is certainly not now (Almaty time is UTC+5).
    const almaty = new Date(Date.now() + 5 * 3_600_000);
    const away = (almaty.getUTCHours() + 12) % 24;
    const hh = String(away).padStart(2, '0');
    assert.equal((await patch(seller, store.id, { work_hours_start: `${hh}:00`, work_hours_end: `${hh}:01` })).statusCode, 200);
    const later = await status(seller, store.id);
    assert.equal(later.paused_until, null, 'a pause in the past is no pause');
    assert.equal(later.within_work_hours, false);
    // The settings view shows the stored pause as it is.
    assert.ok((await get(seller, store.id)).json().paused_until);
  });
});
