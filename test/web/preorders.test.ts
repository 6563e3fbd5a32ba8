// The Preorders page as a seller uses it, in Chromium against the simulator: create one with the
// pickup-point picker and see it become active, create two at once, change the days, see a failed one
// with its reason, download and send the XLSX price list, remove one after the question.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { WorldSpec } from '../../sim/world/world-types.ts';
import { createProduct, createStore, type TestUser } from '../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore, SHYMKENT } from '../helpers/linked-store.ts';
import { simControl } from '../helpers/sim.ts';
import { merchantUid } from '../helpers/sim-worlds.ts';
import { assertAccessible, lookAtPage, screenshot, signInInBrowser, type WebAppHarness } from '../helpers/web-app.ts';
import { setSyncedState, startWebShop, type WebShop } from '../helpers/web-shop.ts';

const SKUS = ['A', 'B', 'C'];

/** One shop with three points in three cities; each offer on sale at PP1 and PP2, not at PP3. */
function world(): WorldSpec {
  return {
    seed: 13,
    merchants: [],
    products: SKUS.map((_, i) => ({ id: String(900 + i), title: `Product ${900 + i}` })),
    listings: [],
    ownMerchants: [
      {
        uid: merchantUid(1),
        name: 'Shop 1',
        points: [
          { name: 'PP1', cityId: ALMATY.id },
          { name: 'PP2', cityId: ASTANA.id },
          { name: 'PP3', cityId: SHYMKENT.id },
        ],
        offers: SKUS.map((s, i) => ({
          sku: `${s}-1`,
          productId: String(900 + i),
          model: `Чайник ${s}`,
          price: 1500,
          cityPrices: { [ALMATY.id]: 1500, [ASTANA.id]: 1600 },
          availabilities: [
            { point: 'PP1', stockCount: 4 },
            { point: 'PP2', stockCount: 2 },
            { point: 'PP3', available: false, stockCount: 0 },
          ],
        })),
      },
    ],
    accounts: [],
    orders: [],
  };
}

describe('the preorders page', () => {
  let web: WebShop;
  let harness: WebAppHarness;
  let seller: TestUser;
  let shop: LinkedStore;

  before(async () => {
    web = await startWebShop(world(), { PREORDER_VERIFY_INTERVAL_SECONDS: '0.2', PREORDER_VERIFY_TIMEOUT_SECONDS: '10', KASPI_WRITES_PER_SECOND: '2.5' });
    ({ harness, seller, shop } = web);
    const { t } = harness;
    // As a catalogue sync leaves them: Kaspi's prices per city, availability per point, the public id.
    for (const [i, s] of SKUS.entries()) {
      const p = await createProduct(t.app, seller, shop.storeId, { kaspi_sku: `${s}-1`, name: `Чайник ${s}`, brand: 'Acme', price: 1500 });
      await setSyncedState(t, p.id, {
        cityPrices: [
          { cityId: ALMATY.id, price: 1500 },
          { cityId: ASTANA.id, price: 1600 },
        ],
        availabilities: [
          { point: 'PP1', stockCount: 4 },
          { point: 'PP2', stockCount: 2 },
          { point: 'PP3', available: false, stockCount: 0 },
        ],
        externalKaspiId: String(900 + i),
      });
    }
    // A shop added by hand, never linked to Kaspi: its preorder fails, with the reason.
    const unlinked = await createStore(t.app, seller, { name: 'Склад без Kaspi' });
    const orphan = await createProduct(t.app, seller, unlinked.id, { kaspi_sku: 'Z-1', name: 'Утюг Z', price: 900 });
    const failed = await t.app.inject({ method: 'POST', url: '/api/v1/preorders/', headers: seller.headers, payload: { product_id: orphan.id, delivery_days: 3 } });
    assert.equal(failed.statusCode, 201, failed.body);
    await t.container.startWorkers();
  });
  after(async () => {
    await web?.close();
  });

  /** Picks products in the dialog's picker by typing part of their name, as a seller would. */
  async function pickProducts(page: Page, names: string[]) {
    const dialog = page.getByRole('dialog');
    const picker = dialog.getByLabel('Товары');
    for (const name of names) {
      await picker.fill(name);
      await page.getByRole('option', { name: new RegExp(name) }).click();
    }
    // The list stays open for more picks; leaving the field closes it.
    await picker.press('Tab');
  }

  const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

  test('create with the point picker and see it become active; two at once; change the days; the price list; remove', async () => {
    const context = await harness.newContext('desktop');
    const page = await context.newPage();
    await signInInBrowser(page, seller.email);
    // The shops page first, loaded: its list of shops sits in the app's cache when Preorders opens
    // (they once shared a cache entry of two shapes, and Preorders went blank).
    await page.getByText('Склад без Kaspi').first().waitFor();
    await page.getByRole('link', { name: 'Предзаказы' }).first().click();
    await page.waitForURL('**/preorders');
    // The failed one of the shop without Kaspi, with its reason.
    await row(page, 'Утюг Z')
      .getByText(/not linked to Kaspi/)
      .waitFor();

    // One product at PP1 (Almaty), 7 pieces, 5 days.
    await page.getByRole('button', { name: 'Новый предзаказ' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Магазин' }).click();
    await page.getByRole('option', { name: /Shop 40000001/ }).click();
    // The app's own check first: nothing chosen.
    await dialog.getByRole('button', { name: 'Создать' }).click();
    await dialog.getByText('Выберите хотя бы один товар').waitFor();
    await pickProducts(page, ['Чайник A']);
    await dialog.getByRole('checkbox', { name: 'PP1 · Алматы' }).check();
    await dialog.getByRole('textbox', { name: 'Количество в PP1' }).fill('7');
    await dialog.getByRole('textbox', { name: 'Срок предзаказа, дней' }).fill('5');
    await dialog.getByRole('button', { name: 'Создать' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const a = row(page, 'Чайник A');
    await a.getByText('PP1 (Алматы): 7 шт.').waitFor();
    await a.getByText('5 дней').waitFor();
    // Pending until the storefront shows it, then active, without a reload.
    await a.getByText('Активны').waitFor({ timeout: 30_000 });
    const kaspi = await simControl(web.sim, 'GET', `/merchants/${merchantUid(1)}/prices?sku=A-1`);
    assert.deepEqual(kaspi.offers[0].availabilities['PP1'], { available: true, stockCount: 7, preOrder: 5 }, 'Kaspi holds the preorder at PP1');

    // Two at once: the batch, both at PP2.
    await page.getByRole('button', { name: 'Новый предзаказ' }).click();
    await dialog.getByRole('combobox', { name: 'Магазин' }).click();
    await page.getByRole('option', { name: /Shop 40000001/ }).click();
    await pickProducts(page, ['Чайник B', 'Чайник C']);
    await dialog.getByRole('checkbox', { name: 'PP2 · Астана' }).check();
    await dialog.getByRole('button', { name: 'Создать' }).click();
    await page.getByText('Создано 2 предзаказа').waitFor();
    await row(page, 'Чайник B').getByText('30 дней').waitFor();
    await row(page, 'Чайник C').getByText('Активны').waitFor({ timeout: 30_000 });

    // The days of one: 12.
    await a.getByRole('button', { name: 'Изменить срок: Чайник A' }).click();
    await dialog.getByRole('textbox', { name: 'Срок предзаказа, дней' }).fill('12');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await a.getByText('12 дней').waitFor();
    await a.getByText('Активны').waitFor({ timeout: 30_000 });

    // The status tabs.
    await page.getByRole('radiogroup').getByText('Ошибка', { exact: true }).click();
    // Only the failed one is left (the list keeps the previous page on screen until the new one came).
    await row(page, 'Чайник A').waitFor({ state: 'detached' });
    await row(page, 'Утюг Z').waitFor();
    await page.getByRole('radiogroup').getByText('Все', { exact: true }).click();

    // The price list of the linked shop: download it, then send it to Kaspi.
    await page.getByRole('combobox', { name: 'Магазин' }).click();
    await page.getByRole('option', { name: /Shop 40000001/ }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Скачать прайс-лист XLSX' }).click()]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    await page.getByRole('button', { name: 'Отправить прайс-лист в Kaspi' }).click();
    await page.getByText('Прайс-лист отправлен в Kaspi').waitFor({ timeout: 30_000 });
    await page.getByText('В файле 3 предзаказа').waitFor();

    await assertAccessible(page, 'preorders with a shop chosen (desktop)');
    await screenshot(page, 'preorders-shop-desktop');

    // Removing asks first, says what happens on Kaspi, then the row is gone.
    await row(page, 'Чайник B').getByRole('button', { name: 'Удалить: Чайник B' }).click();
    await dialog.getByText(/вернётся в обычную продажу в пунктах PP2/).waitFor();
    await dialog.getByRole('button', { name: 'Удалить' }).click();
    await page.getByText('Предзаказ удалён').waitFor();
    await row(page, 'Чайник B').waitFor({ state: 'detached' });

    await lookAtPage(harness, context, '/preorders', 'preorders', async (p) => {
      await p.getByRole('link', { name: 'Чайник A' }).first().waitFor();
    });
    // The create dialog at both sizes too.
    await lookAtPage(harness, context, '/preorders', 'preorders-create', async (p) => {
      await p.getByRole('button', { name: 'Новый предзаказ' }).click();
      // The product picker has the focus and its list open: leave it, then tick a point.
      await p.getByRole('dialog').getByLabel('Товары').press('Tab');
      await p.getByRole('dialog').getByRole('checkbox', { name: 'PP1 · Алматы' }).check();
    });
    await context.close();
  });
});
