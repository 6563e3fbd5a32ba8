// The catalogue table and the product page in Chromium, against the Kaspi simulator: a seller filters,
// sorts, edits rules in place (and sees the API's own refusal), enables the repricer on everything a filter
// matches, then opens a product, sets a price by hand and sees it on the history chart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { type RunningSimulator, startSimulator } from '../../sim/server.ts';
import type { WorldSpec } from '../../sim/world/world-types.ts';
import type { BrowserPool } from '../../src/infra/browser/browser-pool.ts';
import { createProduct, registerUser, sharedBrowserPool, type TestUser } from '../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore, linkStoreDirectly, storePoints } from '../helpers/linked-store.ts';
import { merchantUid } from '../helpers/sim-worlds.ts';
import { assertAccessible, lookAtPage, screenshot, signInInBrowser, startWebApp, type WebAppHarness } from '../helpers/web-app.ts';

const CASES = 30;

function world(): WorldSpec {
  const points = [
    { name: 'PP1', cityId: ALMATY.id },
    { name: 'PP2', cityId: ASTANA.id },
  ];
  return {
    seed: 12,
    merchants: [],
    products: [{ id: '9100', title: 'Лампа настольная LED' }],
    listings: [],
    ownMerchants: [
      {
        uid: merchantUid(1),
        name: 'Shop 1',
        points,
        offers: [
          { sku: 'LAMP-1', productId: '9100', model: 'Лампа настольная LED', price: 5000, cityPrices: { [ALMATY.id]: 5000, [ASTANA.id]: 5200 }, availabilities: [{ point: 'PP1' }, { point: 'PP2' }] },
        ],
      },
    ],
    accounts: [],
    orders: [],
  };
}

describe('catalogue and product pages', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let harness: WebAppHarness;
  let user: TestUser;
  let store: LinkedStore;
  let context: BrowserContext;
  let page: Page;
  let lampId: string;
  let firstCaseId: string;

  const api = async <T>(method: 'GET' | 'PATCH' | 'POST', url: string, payload?: unknown) => {
    const res = await harness.t.app.inject({ method, url, headers: user.headers, ...(payload !== undefined && { payload: payload as object }) });
    return { status: res.statusCode, body: res.json() as T };
  };
  const rows = () => page.locator('tbody tr[data-product-id]');
  /** The table shows this many rows (the previous page stays on screen while the next loads). */
  const rowCount = (n: number) => page.waitForFunction((want) => document.querySelectorAll('tbody tr[data-product-id]').length === want, n);

  before(async () => {
    sim = await startSimulator({ world: world(), clock: 'real', ingestDelayMs: 0 });
    pool = sharedBrowserPool(1);
    harness = await startWebApp({ sim, browserPool: pool, redis: true, env: { SYNC_INTERVAL_HOURS: '0' } });
    const t = harness.t;
    user = await registerUser(t.app);
    store = await linkStoreDirectly(
      t,
      sim,
      user,
      merchantUid(1),
      storePoints([
        { name: 'PP1', city: ALMATY },
        { name: 'PP2', city: ASTANA },
      ]),
    );
    // The lamp as a sync leaves it: Kaspi's city prices, known competitors, last check's market summary.
    const lamp = await createProduct(t.app, user, store.storeId, { kaspi_sku: 'LAMP-1', name: 'Лампа настольная LED', price: 5000, min_price: 4000, max_price: 7000, category: 'Освещение' });
    lampId = lamp.id;
    await t.sql(
      `update products set external_kaspi_id = '9100', city_prices = $1::jsonb, city_prices_seen_at = now(),
         availabilities = $2::jsonb, market = $3::jsonb where id = $4`,
      [
        JSON.stringify([
          { city_id: ALMATY.id, price: 5000 },
          { city_id: ASTANA.id, price: 5200 },
        ]),
        JSON.stringify([
          { point: 'PP1', available: true, stock_count: 3, preorder_days: 0 },
          { point: 'PP2', available: true, stock_count: 3, preorder_days: 0 },
        ]),
        JSON.stringify([
          { city_id: ALMATY.id, place: 1, cheapest_competitor_price: 5100, checked_at: new Date(Date.now() - 120_000).toISOString() },
          { city_id: ASTANA.id, place: 3, cheapest_competitor_price: 4950, checked_at: new Date(Date.now() - 120_000).toISOString() },
        ]),
        lamp.id,
      ],
    );
    // Thirty phone cases (more than a page of 25), prices 1 000 ₸ apart.
    for (let i = 1; i <= CASES; i++) {
      const p = await createProduct(t.app, user, store.storeId, {
        kaspi_sku: `CASE-${i}`,
        name: `Чехол iPhone 15 №${String(i).padStart(2, '0')}`,
        price: 1000 + i * 100,
        min_price: 1000,
        max_price: 6000,
        category: 'Чехлы',
      });
      if (i === 1) firstCaseId = p.id;
    }
    await createProduct(t.app, user, store.storeId, { kaspi_sku: 'CABLE-1', name: 'Кабель USB-C 1 м', price: 1990, category: 'Кабели' });
    context = await harness.newContext('desktop');
    page = await context.newPage();
    await signInInBrowser(page, user.email);
  });
  after(async () => {
    await context?.close();
    await harness?.close();
    await pool?.close();
    await sim?.close();
  });

  test('every product, then search, sort and a filter kept in the URL across a reload', async () => {
    await page.goto('/products');
    await page.getByText('Найдено 32 товара').waitFor();
    await rowCount(32);

    await page.getByLabel('Поиск по названию или SKU').fill('чехол');
    await page.getByText(`Найдено ${CASES} товаров`).waitFor();
    await page.waitForURL(/search=/);
    await page.getByLabel('На странице', { exact: true }).selectOption('25');
    await page.getByLabel('Сортировка').selectOption('-price');
    await page.waitForURL(/ordering=-price/);
    await page.waitForURL(/page_size=25/);
    await rowCount(25);
    await rows().first().getByRole('link', { name: 'Чехол iPhone 15 №30' }).waitFor();

    // Page 2 holds the cheapest five.
    await page.getByRole('button', { name: 'Следующая страница' }).click();
    await page.waitForURL(/page=2/);
    await rowCount(5);
    await rows().last().getByRole('link', { name: 'Чехол iPhone 15 №01' }).waitFor();

    // Not repriceable (no public Kaspi id): the cases and the cable; the lamp is.
    await page.getByLabel('Поиск по названию или SKU').fill('');
    await page.getByLabel('Конкуренты видны').selectOption('true');
    await page.getByText('Найден 1 товар').waitFor();
    await page.reload();
    await page.getByText('Найден 1 товар').waitFor();
    assert.equal(await page.getByLabel('Конкуренты видны').inputValue(), 'true');
    await rows().first().getByRole('link', { name: 'Лампа настольная LED' }).waitFor();
    await assertAccessible(page, 'catalogue, filtered');
  });

  test("a min price set in place; a bad one shows the API's own message next to the field", async () => {
    await page.goto('/products?search=LAMP');
    const row = rows().first();
    await row.getByRole('link', { name: 'Лампа настольная LED' }).waitFor();

    // What the API says about min above max, asked directly: the page must show exactly that.
    const refused = await api<{ detail: string; fields?: Record<string, string> }>('PATCH', `/api/v1/products/${lampId}/`, { min_price: 9000 });
    assert.equal(refused.status, 400);
    const message = refused.body.fields?.['min_price'] ?? refused.body.detail;

    await row.getByRole('button', { name: 'Изменить: Мин. цена — Лампа настольная LED' }).click();
    const field = row.getByLabel('Мин. цена — Лампа настольная LED');
    await field.fill('9 000');
    await field.press('Enter');
    await row.getByText(message).waitFor();
    await screenshot(page, 'catalogue-min-price-refused-desktop');
    await field.press('Escape');
    await row.getByRole('button', { name: 'Изменить: Мин. цена — Лампа настольная LED' }).getByText('4 000', { exact: false }).waitFor();
    assert.equal((await api<{ min_price: number }>('GET', `/api/v1/products/${lampId}/`)).body.min_price, 4000, 'nothing saved');

    await row.getByRole('button', { name: 'Изменить: Мин. цена — Лампа настольная LED' }).click();
    await field.fill('4500');
    await field.press('Enter');
    await row.getByRole('button', { name: 'Изменить: Мин. цена — Лампа настольная LED' }).getByText('4 500', { exact: false }).waitFor();
    assert.equal((await api<{ min_price: number }>('GET', `/api/v1/products/${lampId}/`)).body.min_price, 4500);

    // Max price by keyboard alone: focus the cell, Enter opens it, Enter saves.
    await row.getByRole('button', { name: 'Изменить: Макс. цена — Лампа настольная LED' }).focus();
    await page.keyboard.press('Enter');
    await row.getByLabel('Макс. цена — Лампа настольная LED').fill('6500');
    await page.keyboard.press('Enter');
    await row.getByRole('button', { name: 'Изменить: Макс. цена — Лампа настольная LED' }).getByText('6 500', { exact: false }).waitFor();
    assert.equal((await api<{ max_price: number }>('GET', `/api/v1/products/${lampId}/`)).body.max_price, 6500);
  });

  test('the repricer enabled on everything a filter matches, beyond the page shown', async () => {
    await page.goto('/products?search=%D1%87%D0%B5%D1%85%D0%BE%D0%BB&page_size=25');
    await page.getByText(`Найдено ${CASES} товаров`).waitFor();
    await page.getByLabel('Выбрать все на странице').check();
    await page.getByText('Выбрано 25 товаров').waitFor();
    await page.getByRole('button', { name: `Выбрать все ${CASES} товаров по фильтру` }).click();
    await page.getByText(`Выбраны все ${CASES} товаров по фильтру`).waitFor();
    await page.getByRole('button', { name: 'Включить демпинг' }).click();
    await page.getByText(`Изменено ${CASES} товаров`).waitFor();
    await screenshot(page, 'catalogue-bulk-enabled-desktop');

    const on = await api<{ count: number }>('GET', '/api/v1/products/?bot_active=true');
    assert.equal(on.body.count, CASES, 'every case, and nothing else');
    const lamp = await api<{ bot_active: boolean }>('GET', `/api/v1/products/${lampId}/`);
    assert.equal(lamp.body.bot_active, false);
    // The table shows it too: the first case's switch is on.
    assert.equal(await page.getByRole('switch', { name: 'Демпинг: Чехол iPhone 15 №30' }).isChecked(), true);
  });

  test('bulk rules on chosen rows: a bad pair of rails is refused with the reason', async () => {
    await page.goto('/products?search=%D1%87%D0%B5%D1%85%D0%BE%D0%BB&ordering=price&page_size=25');
    await rows().first().getByRole('link', { name: 'Чехол iPhone 15 №01' }).waitFor();
    await page.getByLabel('Выбрать: Чехол iPhone 15 №01').check();
    await page.getByLabel('Выбрать: Чехол iPhone 15 №02').check();
    await page.getByRole('button', { name: 'Изменить правила' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Шаг цены').fill('7');
    await dialog.getByLabel('Макс. цена').fill('900');
    await dialog.getByRole('button', { name: 'Применить' }).click();
    // max 900 is under each case's min (1 000): the API refuses, and the page says why: per product in
    // the result, or the API's detail in the form when it refuses the whole call.
    const perProduct = page.getByText('Не изменены 2 товара:');
    const inForm = dialog.getByRole('alert');
    await perProduct.or(inForm).first().waitFor();
    if (await inForm.isVisible()) {
      assert.notEqual((await inForm.textContent())?.trim(), '');
      await dialog.getByRole('button', { name: 'Отмена' }).click();
    }
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await api<{ step: number }>('GET', `/api/v1/products/${firstCaseId}/`)).body.step !== 7, true, 'a refused row is left as it was');

    await page.getByRole('button', { name: 'Изменить правила' }).click();
    await page.getByRole('dialog').getByLabel('Шаг цены').fill('7');
    await page.getByRole('dialog').getByRole('button', { name: 'Применить' }).click();
    await page.getByText('Изменено 2 товара').waitFor();
    assert.equal((await api<{ step: number }>('GET', `/api/v1/products/${firstCaseId}/`)).body.step, 7);
  });

  test('screenshots and accessibility of the catalogue at both sizes', async () => {
    await lookAtPage(harness, context, '/products?ordering=name', 'catalogue', async (p) => {
      await p.getByText('Лампа настольная LED').first().waitFor();
    });
  });

  test('the product page: status per city, a manual price, the history chart drawn with it', async () => {
    await page.goto('/products');
    await page.getByRole('link', { name: 'Лампа настольная LED' }).click();
    await page.waitForURL(`**/products/${lampId}`);
    await page.getByRole('heading', { name: 'Лампа настольная LED' }).waitFor();
    await page.getByText('Место и цена по городам').waitFor();
    await page.getByText('Цена ещё не менялась.').waitFor();

    await page.getByLabel('Новая цена').fill('4 900');
    await page.getByRole('button', { name: 'Установить цену' }).click();
    await page.getByText(/Цена 4\s900\s₸ отправлена в Kaspi/).waitFor();

    // The history: a chart drawn on a canvas with the change's points, and the change in the table below.
    const chart = page.getByRole('img', { name: /График цены/ });
    await chart.locator('canvas').waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-points]')?.getAttribute('data-points')) > 0);
    const painted = await chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d');
      if (!ctx) return 0;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
      return inked;
    });
    assert.ok(painted > 1000, `the chart drew something (${painted} pixels)`);
    const historyRows = page.locator('table').filter({ hasText: 'Причина' }).locator('tbody tr');
    assert.ok((await historyRows.count()) >= 1);
    await historyRows.first().getByText('вручную').waitFor();

    const history = await api<{ count: number }>('GET', `/api/v1/products/${lampId}/price_history/`);
    assert.ok(history.body.count >= 1);
    await assertAccessible(page, 'product page');
    await lookAtPage(harness, context, `/products/${lampId}`, 'product', async (p) => {
      await p.getByRole('heading', { name: 'Лампа настольная LED' }).waitFor();
      await p.waitForFunction(() => Number(document.querySelector('[data-points]')?.getAttribute('data-points')) > 0);
      await p.locator('canvas').first().waitFor();
      await p.waitForTimeout(300);
    });
  });

  test('the first load carries no chart library', async () => {
    const scripts: string[] = [];
    const fresh = await harness.newContext('desktop');
    await fresh.addCookies(await context.cookies());
    const p = await fresh.newPage();
    p.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.url());
    });
    await p.goto('/products');
    await p.getByText('Лампа настольная LED').first().waitFor();
    assert.ok(scripts.length > 0);
    // ECharts marks every chart's element with this attribute name; no script of the first load may carry it.
    const texts = await Promise.all(scripts.map(async (url) => (await fetch(url)).text()));
    assert.deepEqual(
      scripts.filter((url, i) => url.includes('echarts') || texts[i]!.includes('_echarts_instance_')),
      [],
      'no ECharts before the product page',
    );
    await fresh.close();
  });
});
