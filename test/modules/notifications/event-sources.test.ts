// The alerts the rest of the system raises, end to end against the simulator: the repricer's checks
// (at floor with a place lost, undercut; once per condition), a preorder the storefront never shows, a
// pricefeed 429 (shop paused) and a failed catalogue sync, each reaching the seller's Telegram chat (a
// fake Bot API).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../../sim/server.ts';
import type { WorldSpec } from '../../../sim/world/world-types.ts';
import { createProduct, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { type FakeTelegram, startFakeTelegram } from '../../helpers/fake-telegram.ts';
import { ALMATY, type LinkedStore, linkStoreDirectly, storePoints } from '../../helpers/linked-store.ts';
import { simControl } from '../../helpers/sim.ts';
import { merchantUid } from '../../helpers/sim-worlds.ts';
import { waitFor } from '../../helpers/wait.ts';

const RIVAL = '910001';

function world(): WorldSpec {
  const offer = (sku: string, productId: string, price: number) => ({ sku, productId, model: `Model ${sku}`, price, cityPrices: { [ALMATY.id]: price } });
  return {
    seed: 16,
    merchants: [{ id: RIVAL, name: 'Rival', rating: 4.5, reviews: 100 }],
    products: ['900', '901', '902'].map((id) => ({ id, title: `Product ${id}` })),
    listings: [
      // 900: the rival sells far below our floor: we hold at the floor, second, and undercut.
      { productId: '900', merchantId: RIVAL, cityId: ALMATY.id, price: 500 },
      // 901: a rival we can beat.
      { productId: '901', merchantId: RIVAL, cityId: ALMATY.id, price: 1000 },
    ],
    ownMerchants: [
      { uid: merchantUid(1), name: 'Shop 1', points: [{ name: 'PP1', cityId: ALMATY.id }], offers: [offer('A-900', '900', 800), offer('A-901', '901', 1200), offer('A-902', '902', 3000)] },
    ],
    accounts: [],
    orders: [],
  };
}

describe('alerts from the demper and the sync', () => {
  let sim: RunningSimulator;
  let tg: FakeTelegram;
  let t: TestApp;
  let user: TestUser;
  let shop: LinkedStore;
  let chat: string;
  const ids: Record<string, string> = {};
  const messages = () => tg.sent.filter((m) => m.chat_id === chat);
  const alertsOf = (kind: string, productId?: string) =>
    t
      .sql<{ n: number }>(`select count(*)::int as n from notification_alerts where user_id = $1 and kind = $2 and ($3::text is null or data->>'product_id' = $3)`, [user.id, kind, productId ?? null])
      .then((rows) => rows[0]!.n);

  before(async () => {
    [sim, tg] = await Promise.all([startSimulator({ world: world(), clock: 'real', ingestDelayMs: 300 }), startFakeTelegram()]);
    t = await startTestApp({
      sim,
      redis: true,
      env: {
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
        TELEGRAM_POLL_SECONDS: '1',
        NOTIFY_GROUP_SECONDS: '0.5',
        SYNC_INTERVAL_HOURS: '0',
        CARDS_AFTER_SYNC: 'false',
        DEMPER_MIN_INTERVAL_SECONDS: '1',
        DEMPER_VERIFY_DELAY_SECONDS: '0.5',
        DEMPER_MARKET_MAX_AGE_SECONDS: '1',
        DEMPER_RETRY_SECONDS: '1',
        PREORDER_VERIFY_INTERVAL_SECONDS: '0.2',
        PREORDER_VERIFY_TIMEOUT_SECONDS: '2',
      },
    });
    user = await registerUser(t.app);
    shop = await linkStoreDirectly(t, sim, user, merchantUid(1), storePoints([{ name: 'PP1', city: ALMATY }]));
    await t.container.startWorkers();
    const link = (await t.app.inject({ url: '/api/v1/notifications/telegram/link/', headers: user.headers })).json() as { code: string };
    chat = '4242';
    tg.sendStart(Number(chat), link.code);
    await waitFor(() => messages()[0], { what: 'the chat link', timeoutMs: 15_000 });
  });

  after(async () => {
    await t?.close();
    await Promise.all([sim?.close(), tg?.close()]);
  });

  test('a product held at its floor behind a cheaper rival: one at-floor and one undercut alert, however many checks', async () => {
    const product = async (sku: string, externalId: string, name: string, price: number, min: number, max: number) => {
      const p = await createProduct(t.app, user, shop.storeId, { kaspi_sku: sku, name, price, external_kaspi_id: externalId, min_price: min, max_price: max });
      await t.sql(`update products set city_prices = $1::jsonb, availabilities = $2::jsonb, bot_active = true where id = $3`, [
        JSON.stringify([{ city_id: ALMATY.id, price }]),
        JSON.stringify([{ point: 'PP1', available: true, stock_count: 5, preorder_days: 0 }]),
        p.id,
      ]);
      return p.id;
    };
    ids['900'] = await product('A-900', '900', 'Лампа настольная', 800, 800, 1500);
    ids['901'] = await product('A-901', '901', 'Удлинитель', 1200, 900, 1500);
    await t.sql(`insert into store_demper_settings (store_id, enabled, check_interval_seconds, priority_interval_seconds) values ($1, true, 1, 1)`, [shop.storeId]);

    const message = await waitFor(() => messages().find((m) => m.text.includes('Лампа настольная') && m.text.includes('Конкурент дешевле')), { what: 'the undercut alert', timeoutMs: 30_000 });
    const all = await waitFor(
      () =>
        messages()
          .filter((m) => m.text.includes('Лампа настольная'))
          .find((m) => m.text.includes('на минимуме')),
      { what: 'the at-floor alert', timeoutMs: 30_000 },
    );
    assert.match(message.text, /Алматы: конкурент продаёт за 500\s₸, у вас 800\s₸ \(на 37\.5% дешевле\)/);
    assert.match(all.text, /Алматы: цена на минимуме 800\s₸, место 2/);
    // Several more checks (1 s apart) find the same: nothing new is raised.
    await waitFor(
      async () => {
        const [row] = await t.sql<{ checked: Date }>('select last_check_time as checked from products where id = $1', [ids['900']]);
        return row && row.checked.getTime() > Date.now() - 500 ? true : undefined;
      },
      { what: 'a fresh check' },
    );
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(await alertsOf('undercut', ids['900']), 1);
    assert.equal(await alertsOf('at_floor_lost_place', ids['900']), 1);
    // The product we beat is neither at its floor nor undercut.
    assert.equal(await alertsOf('undercut', ids['901']), 0);
    assert.equal(await alertsOf('at_floor_lost_place', ids['901']), 0);
  });

  test('a preorder the storefront never shows is told as failed, with the reason', async () => {
    const p = await createProduct(t.app, user, shop.storeId, { kaspi_sku: 'A-902', name: 'Обогреватель', price: 3000, external_kaspi_id: '902' });
    await t.sql(`update products set city_prices = $1::jsonb, availabilities = $2::jsonb where id = $3`, [
      JSON.stringify([{ city_id: ALMATY.id, price: 3000 }]),
      JSON.stringify([{ point: 'PP1', available: true, stock_count: 2, preorder_days: 0 }]),
      p.id,
    ]);
    // Kaspi takes the call, but the storefront lags far behind the 2 s limit.
    await simControl(sim, 'PATCH', '/settings', { ingestDelayMs: 60_000 });
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/preorders/',
        headers: user.headers,
        payload: { product_id: p.id, warehouses: [{ point: 'PP1', quantity: 1 }], delivery_days: 8 },
      });
      assert.equal(res.statusCode, 201, res.body);
      const message = await waitFor(() => messages().find((m) => m.text.includes('Предзаказ не прошёл')), { what: 'the preorder alert', timeoutMs: 30_000 });
      assert.match(message.text, /Обогреватель: Kaspi accepted the preorder but the storefront did not show it in time/);
    } finally {
      await simControl(sim, 'PATCH', '/settings', { ingestDelayMs: 300 });
    }
  });

  test('a pricefeed 429 pauses the shop and says so, once', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'mc.pricefeed', kind: 'status', status: 429, times: 3 });
    // The rival moves: the demper follows, and Kaspi refuses the change.
    await simControl(sim, 'POST', '/competitors/price', { productId: '901', merchantId: RIVAL, cityId: ALMATY.id, price: 1100 });
    const message = await waitFor(() => messages().find((m) => m.text.includes('приостановил')), { what: 'the pause alert', timeoutMs: 30_000 });
    assert.match(message.text, /429/);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await alertsOf('store_paused'), 1);
    await simControl(sim, 'DELETE', '/faults');
  });

  test('a failed sync is told, with what Kaspi answered', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'mc.offer-list', kind: 'status', status: 503 });
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/kaspi/stores/${shop.storeId}/sync/`, headers: user.headers });
    assert.ok(res.statusCode < 300, res.body);
    const message = await waitFor(() => messages().find((m) => m.text.includes('Синхронизация')), { what: 'the sync alert', timeoutMs: 30_000 });
    assert.match(message.text, /503/);
    await simControl(sim, 'DELETE', '/faults');
  });
});
