// Approval mode in the app, in Chromium against the simulator: the seller puts the shop in "propose"
// mode from the Demper settings, the bot's proposals appear with each city's old and new price, one is
// approved from the page and shows it went to Kaspi, another is rejected; axe at 1366 and 360 px, in
// Russian and Kazakh.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type RunningSimulator, startSimulator } from '../../sim/server.ts';
import type { WorldSpec } from '../../sim/world/world-types.ts';
import { createProduct, registerUser, type TestUser } from '../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore, linkStoreDirectly, storePoints } from '../helpers/linked-store.ts';
import { simControl } from '../helpers/sim.ts';
import { merchantUid } from '../helpers/sim-worlds.ts';
import { waitFor } from '../helpers/wait.ts';
import { assertAccessible, lookAtPage, screenshot, signInInBrowser, startWebApp, type WebAppHarness } from '../helpers/web-app.ts';

const RIVAL = '900001';
const PRODUCTS = [
  { id: '800', sku: 'A-800', name: 'Смартфон A-800' },
  { id: '801', sku: 'A-801', name: 'Наушники A-801' },
];

/** Our shop sells two products at 1 200 ₸ in Almaty and Astana; a rival leads at 1 000 ₸ and 1 050 ₸. */
function world(): WorldSpec {
  const points = [
    { name: 'PP1', cityId: ALMATY.id },
    { name: 'PP2', cityId: ASTANA.id },
  ];
  return {
    seed: 13,
    merchants: [{ id: RIVAL, name: 'Rival', rating: 4.5, reviews: 100 }],
    products: PRODUCTS.map((p) => ({ id: p.id, title: p.name })),
    listings: PRODUCTS.flatMap((p) => [
      { productId: p.id, merchantId: RIVAL, cityId: ALMATY.id, price: 1000 },
      { productId: p.id, merchantId: RIVAL, cityId: ASTANA.id, price: 1050 },
    ]),
    ownMerchants: [
      {
        uid: merchantUid(1),
        name: 'Shop 1',
        points,
        offers: PRODUCTS.map((p) => ({ sku: p.sku, productId: p.id, model: p.name, price: 1200, cityPrices: { [ALMATY.id]: 1200, [ASTANA.id]: 1200 } })),
      },
    ],
    accounts: [],
    orders: [],
  };
}

describe('the proposals of approval mode', () => {
  let sim: RunningSimulator;
  let harness: WebAppHarness;
  let seller: TestUser;
  let shop: LinkedStore;
  const ids: Record<string, string> = {};

  before(async () => {
    sim = await startSimulator({ world: world(), clock: 'real', ingestDelayMs: 300 });
    harness = await startWebApp({
      sim,
      env: {
        SYNC_INTERVAL_HOURS: '0',
        CARDS_AFTER_SYNC: 'false',
        DEMPER_MIN_INTERVAL_SECONDS: '1',
        DEMPER_VERIFY_DELAY_SECONDS: '0.5',
        DEMPER_MARKET_MAX_AGE_SECONDS: '1',
        DEMPER_RETRY_SECONDS: '1',
      },
    });
    const { t } = harness;
    seller = await registerUser(t.app);
    shop = await linkStoreDirectly(
      t,
      sim,
      seller,
      merchantUid(1),
      storePoints([
        { name: 'PP1', city: ALMATY },
        { name: 'PP2', city: ASTANA },
      ]),
    );
    for (const p of PRODUCTS) {
      const created = await createProduct(t.app, seller, shop.storeId, {
        kaspi_sku: p.sku,
        name: p.name,
        price: 1200,
        external_kaspi_id: p.id,
        min_price: 900,
        max_price: 1500,
        rules: { max_drop_percent: 50 },
      });
      ids[p.sku] = created.id;
      await t.sql(`update products set city_prices = $1::jsonb, availabilities = $2::jsonb, city_prices_seen_at = now(), bot_active = true where id = $3`, [
        JSON.stringify([
          { city_id: ALMATY.id, price: 1200 },
          { city_id: ASTANA.id, price: 1200 },
        ]),
        JSON.stringify([
          { point: 'PP1', available: true, stock_count: 0, preorder_days: 0 },
          { point: 'PP2', available: true, stock_count: 0, preorder_days: 0 },
        ]),
        created.id,
      ]);
    }
    await t.container.startWorkers();
  });
  after(async () => {
    await harness?.close();
    await sim?.close();
  });

  const openProposals = async () => {
    const res = await harness.t.app.inject({ url: `/api/v1/kaspi/stores/${shop.storeId}/demper/proposals/?status=open`, headers: seller.headers });
    return res.json().results as { id: string; product_id: string }[];
  };
  const pricefeedCalls = async () => (await simControl<{ requests: unknown[] }>(sim, 'GET', `/requests?route=mc.pricefeed&merchant=${merchantUid(1)}&limit=10000`)).requests.length;

  async function openDemper(page: Page): Promise<void> {
    await page.goto(`/demper/${shop.storeId}`);
    await page
      .getByRole('heading', { name: /^Демпинг/ })
      .first()
      .waitFor();
  }

  test('the seller chooses "propose", approves one proposal from the page and sees it sent; rejects another', async () => {
    const context = await harness.newContext('desktop');
    const page = await context.newPage();
    await signInInBrowser(page, seller.email);
    await openDemper(page);

    // The approval mode is the first setting: "propose, I approve".
    await page.getByLabel('Режим подтверждения').first().click();
    await page.getByRole('option', { name: 'Предлагать, я подтверждаю' }).click();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Настройки сохранены').waitFor();
    const saved = (await harness.t.app.inject({ url: `/api/v1/kaspi/stores/${shop.storeId}/demper/`, headers: seller.headers })).json();
    assert.equal(saved.approval_mode, 'approve');
    await page.getByRole('heading', { name: 'Предложения бота' }).waitFor();

    // Now the demper runs: it proposes and pushes nothing.
    const on = await harness.t.app.inject({ method: 'PATCH', url: `/api/v1/kaspi/stores/${shop.storeId}/demper/`, headers: seller.headers, payload: { enabled: true, check_interval_seconds: 1 } });
    assert.equal(on.statusCode, 200, on.body);
    await waitFor(async () => ((await openProposals()).length === 2 ? true : undefined), { timeoutMs: 45_000, what: 'two open proposals' });
    assert.equal(await pricefeedCalls(), 0, 'nothing reached the pricefeed');

    await page.reload();
    const list = page.getByRole('list', { name: 'Предложения бота' });
    await list.getByRole('link', { name: PRODUCTS[0]!.name }).waitFor();
    await list.getByRole('link', { name: PRODUCTS[1]!.name }).waitFor();
    await list.getByText('Алматы:').first().waitFor();
    await page.getByRole('button', { name: 'Подтвердить все (2)' }).waitFor();
    await assertAccessible(page, 'proposals (desktop, ru)');
    await screenshot(page, 'proposals-desktop');
    await lookAtPage(harness, context, `/demper/${shop.storeId}`, 'proposals', async (p) => {
      await p.getByRole('list', { name: 'Предложения бота' }).getByRole('link', { name: PRODUCTS[0]!.name }).waitFor();
    });

    // Approve the first by keyboard: the row shows it went to Kaspi.
    await page.getByRole('button', { name: `Подтвердить: ${PRODUCTS[0]!.name}` }).focus();
    await page.keyboard.press('Enter');
    await list.getByText('отправлено в Kaspi').waitFor();
    assert.equal(await pricefeedCalls(), 1, 'one pricefeed call, for the approved proposal');
    const rows = await harness.t.sql<{ approved_by: string; status: string }>(`select approved_by, status from price_history where product_id = $1`, [ids['A-800']]);
    assert.equal(rows.length, 2, 'both cities recorded');
    assert.ok(rows.every((r) => r.approved_by === seller.id));

    // Reject the second: it says so, and nothing is sent for it.
    await page.getByRole('button', { name: `Отклонить: ${PRODUCTS[1]!.name}` }).click();
    await list.getByText('отклонено').waitFor();
    assert.equal(await pricefeedCalls(), 1);
    await screenshot(page, 'proposals-outcomes-desktop');

    // The approved change reaches the storefront and is marked in the product's history.
    await waitFor(async () => ((await harness.t.sql(`select 1 from price_history where product_id = $1 and status = 'applied'`, [ids['A-800']])).length === 2 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the approved change on the storefront',
    });
    await page.goto(`/products/${ids['A-800']}`);
    await page.getByText('Режим: предлагать').waitFor();
    await page.getByText('подтверждено продавцом').first().waitFor();
    await page.getByLabel('Режим подтверждения').first().waitFor();
    await assertAccessible(page, 'product with its approval mode (desktop)');
    await screenshot(page, 'product-approval-desktop');
    await context.close();
  });

  test('in Kazakh, at 1366 and 360 px', async () => {
    const kk = await harness.t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me/', headers: seller.headers, payload: { language: 'kk' } });
    assert.equal(kk.statusCode, 200, kk.body);
    // A proposal to show: the rival moves, and the demper proposes again for the product not yet moved.
    await simControl(sim, 'POST', '/competitors/price', { productId: '801', merchantId: RIVAL, cityId: ALMATY.id, price: 990 });
    await waitFor(async () => ((await openProposals()).some((p) => p.product_id === ids['A-801']) ? true : undefined), { timeoutMs: 45_000, what: 'a new proposal for A-801' });
    const context = await harness.newContext('desktop');
    const page = await context.newPage();
    await signInInBrowser(page, seller.email);
    await lookAtPage(harness, context, `/demper/${shop.storeId}`, 'proposals-kk', async (p) => {
      const list = p.getByRole('list', { name: 'Бот ұсыныстары' });
      await list.getByRole('link', { name: PRODUCTS[1]!.name }).waitFor();
      await list.getByRole('button', { name: `Растау: ${PRODUCTS[1]!.name}` }).waitFor();
    });
    await context.close();
  });
});
