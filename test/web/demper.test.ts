// The Demper page as a seller uses it, in Chromium against the simulator: the settings with the API's
// message next to a wrong field, the switch, and price moves arriving in the live feed without a reload.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { WorldSpec } from '../../sim/world/world-types.ts';
import { createProduct, type TestUser } from '../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore } from '../helpers/linked-store.ts';
import { merchantUid } from '../helpers/sim-worlds.ts';
import { assertAccessible, screenshot, signInInBrowser, type WebAppHarness } from '../helpers/web-app.ts';
import { setSyncedState, startWebShop, type WebShop } from '../helpers/web-shop.ts';

const RIVAL = '900001';

/** Our shop sells product 800 at 1 200 ₸ in Almaty and Astana; a rival leads at 1 000 ₸ and 1 050 ₸. */
function world(): WorldSpec {
  const points = [
    { name: 'PP1', cityId: ALMATY.id },
    { name: 'PP2', cityId: ASTANA.id },
  ];
  return {
    seed: 12,
    merchants: [{ id: RIVAL, name: 'Rival', rating: 4.5, reviews: 100 }],
    products: [{ id: '800', title: 'Product 800' }],
    listings: [
      { productId: '800', merchantId: RIVAL, cityId: ALMATY.id, price: 1000 },
      { productId: '800', merchantId: RIVAL, cityId: ASTANA.id, price: 1050 },
    ],
    ownMerchants: [
      { uid: merchantUid(1), name: 'Shop 1', points, offers: [{ sku: 'A-800', productId: '800', model: 'Смартфон A-800', price: 1200, cityPrices: { [ALMATY.id]: 1200, [ASTANA.id]: 1200 } }] },
    ],
    accounts: [],
    orders: [],
  };
}

describe('the demper page', () => {
  let web: WebShop;
  let harness: WebAppHarness;
  let seller: TestUser;
  let shop: LinkedStore;

  before(async () => {
    web = await startWebShop(world(), {
      DEMPER_MIN_INTERVAL_SECONDS: '1',
      DEMPER_VERIFY_DELAY_SECONDS: '0.5',
      DEMPER_MARKET_MAX_AGE_SECONDS: '2',
      DEMPER_RETRY_SECONDS: '1',
    });
    ({ harness, seller, shop } = web);
    const { t } = harness;
    // As a catalogue sync leaves it: Kaspi's prices per city, the public product id, the rules; the demper is off.
    const product = await createProduct(t.app, seller, shop.storeId, { kaspi_sku: 'A-800', name: 'Смартфон A-800', price: 1200, external_kaspi_id: '800', min_price: 900, max_price: 1500 });
    await setSyncedState(t, product.id, {
      cityPrices: [
        { cityId: ALMATY.id, price: 1200 },
        { cityId: ASTANA.id, price: 1200 },
      ],
      availabilities: [
        { point: 'PP1', stockCount: 0 },
        { point: 'PP2', stockCount: 0 },
      ],
      botActive: true,
    });
    await t.container.startWorkers();
  });
  after(async () => {
    await web?.close();
  });

  async function openDemper(viewport: 'desktop' | 'phone'): Promise<Page> {
    const context = await harness.newContext(viewport);
    const page = await context.newPage();
    await signInInBrowser(page, seller.email);
    // On a phone the navigation is a drawer: go by the address there.
    if (viewport === 'desktop') await page.getByRole('link', { name: 'Демпинг' }).first().click();
    else await page.goto('/demper');
    // One shop: /demper goes straight to it.
    await page.waitForURL(`**/demper/${shop.storeId}`);
    await page.getByText('Демпинг выключен').first().waitFor();
    return page;
  }

  test('settings show the API message next to a wrong field and save; the switch turns it on; moves arrive live', async () => {
    const desktop = await openDemper('desktop');
    const phone = await openDemper('phone');

    // A bad merchant id: the API refuses it and the message stands under the field.
    const ignored = desktop.getByLabel('Игнорируемые продавцы');
    await ignored.fill('bad id!');
    await desktop.getByRole('button', { name: 'Сохранить' }).click();
    await desktop
      .getByText(/match pattern/)
      .first()
      .waitFor();
    assert.equal(await ignored.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');

    // A valid change saves: no ignored merchants, a check every second.
    await ignored.fill('');
    await desktop.getByLabel('Интервал проверки, с').fill('1');
    await desktop.getByRole('button', { name: 'Сохранить' }).click();
    await desktop.getByText('Настройки сохранены').waitFor();
    const saved = (await harness.t.app.inject({ url: `/api/v1/kaspi/stores/${shop.storeId}/demper/`, headers: seller.headers })).json();
    assert.equal(saved.check_interval_seconds, 1);
    assert.deepEqual(saved.ignored_merchant_ids, []);

    // No reload from here on: a marker on the window would be gone after one.
    await desktop.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
    await desktop.getByRole('switch', { name: /Демпинг/ }).check();
    await desktop.getByText('Демпинг включён').first().waitFor();

    // The rival leads at 1 000 ₸ in Almaty: we go to 999 ₸ there, and the move shows in both open pages.
    for (const page of [desktop, phone]) {
      const feed = page.getByRole('list', { name: 'Изменения цен' });
      await feed.getByRole('link', { name: 'Смартфон A-800' }).first().waitFor({ timeout: 45_000 });
      await feed
        .getByText(/Алматы/)
        .first()
        .waitFor();
      await feed.getByText(/999/).first().waitFor();
    }
    assert.equal(await desktop.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage), true, 'the feed filled without a reload');
    // The storefront confirms the move: its status changes in place.
    await desktop.getByRole('list', { name: 'Изменения цен' }).getByText('на витрине').first().waitFor({ timeout: 30_000 });
    await desktop.getByText('дешевле лидера').first().waitFor();

    for (const [page, size] of [
      [desktop, 'desktop'],
      [phone, 'phone'],
    ] as const) {
      await assertAccessible(page, `demper (${size})`);
      await screenshot(page, `demper-${size}`);
    }

    // The product link opens the product's page.
    await desktop.getByRole('list', { name: 'Изменения цен' }).getByRole('link', { name: 'Смартфон A-800' }).first().click();
    await desktop.waitForURL('**/products/*');
  });
});
