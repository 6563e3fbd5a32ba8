// The admin panel end to end, as an admin would use it: find a seller, disable them (the seller's
// sign-in then fails with the API's message), enable again, edit one of their products, see it all in
// the audit log; and every admin page looked at, checked with axe and screenshotted at both sizes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { RunningSimulator } from '../../sim/server.ts';
import { createProduct, registerUser, type TestUser } from '../helpers/app.ts';
import { ALMATY, linkStoreDirectly, storePoints } from '../helpers/linked-store.ts';
import { simControl, startTestSim } from '../helpers/sim.ts';
import { linkingWorld, merchantUid } from '../helpers/sim-worlds.ts';
import { assertAccessible, lookAtPage, screenshot, signInInBrowser, startWebApp, type WebAppHarness } from '../helpers/web-app.ts';

const ADMIN_PASSWORD = 'admin password 123';

describe('the admin panel in the browser', () => {
  let sim: RunningSimulator;
  let harness: WebAppHarness;
  let seller: TestUser;
  let admin: BrowserContext;
  let page: Page;
  let productId: string;

  before(async () => {
    sim = await startTestSim({ world: linkingWorld() });
    harness = await startWebApp({ sim, env: { SYNC_INTERVAL_HOURS: '0', SESSION_WATCH_SECONDS: '0' } });
    const { t } = harness;
    await t.container.services.users.createAdmin('boss@example.kz', ADMIN_PASSWORD);
    seller = await registerUser(t.app, 'disable-me@example.kz');
    const store = await linkStoreDirectly(t, sim, seller, merchantUid(1), storePoints([{ name: 'PP1', city: ALMATY }]));
    productId = (await createProduct(t.app, seller, store.storeId, { name: 'Чайник Tefal K1', price: 12990, min_price: 10000, max_price: 15000 })).id;
    const onPreorder = await createProduct(t.app, seller, store.storeId, { name: 'Приставка Sony PS5', price: 250000 });
    // The simulator's shop sells it too: a preorder is pushed to Kaspi.
    await simControl(sim, 'PUT', `/merchants/${merchantUid(1)}/offers`, { sku: onPreorder.kaspi_sku, model: 'PS5', price: 250000 });
    const preorder = await t.app.inject({
      method: 'POST',
      url: '/api/v1/preorders/',
      headers: seller.headers,
      payload: { product_id: onPreorder.id, warehouses: [{ point: 'PP1', quantity: 5 }], delivery_days: 14 },
    });
    assert.equal(preorder.statusCode, 201, preorder.body);
    // Other sellers, so the lists have more than the one row the test looks for.
    for (let i = 0; i < 3; i++) await registerUser(t.app);

    admin = await harness.newContext('desktop');
    page = await admin.newPage();
    await signInInBrowser(page, 'boss@example.kz', ADMIN_PASSWORD);
  });

  after(async () => {
    await harness?.close();
    await sim?.close();
  });

  const sellerSignIn = async (): Promise<Page> => {
    const context = await harness.newContext('phone');
    const sellerPage = await context.newPage();
    await sellerPage.goto('/signin');
    await sellerPage.getByLabel('Email').fill(seller.email);
    await sellerPage.getByLabel('Пароль').fill('correct horse battery');
    await sellerPage.getByRole('button', { name: 'Войти' }).click();
    return sellerPage;
  };

  test('the admin finds a seller and disables them; the seller cannot sign in, with the reason shown; enabled again, they can', async () => {
    await page.getByRole('link', { name: 'Админ' }).click();
    await page.waitForURL('**/admin/users');
    await page.getByLabel('Поиск по email').fill('disable-me');
    await page.waitForURL('**/admin/users?search=disable-me');
    // The pager says how many were found once the search's answer has replaced the full list.
    await page.getByText(/всего 1$/).waitFor();
    const row = page.getByRole('row').filter({ hasText: seller.email });
    assert.equal(await page.getByRole('row').count(), 2, 'the header and the one seller found');

    await row.getByRole('button', { name: `Действия: ${seller.email}` }).click();
    await page.getByRole('menuitem', { name: 'Отключить' }).click();
    const dialog = page.getByRole('dialog', { name: 'Отключить пользователя' });
    await dialog.getByText(seller.email).waitFor();
    await dialog.getByRole('button', { name: 'Отключить' }).click();
    await row.getByText('отключён').waitFor();

    const refused = await sellerSignIn();
    await refused
      .getByRole('alert')
      .filter({ hasText: /disabled by an administrator/ })
      .waitFor();
    assert.match(refused.url(), /\/signin$/);
    await refused.context().close();

    await row.getByRole('button', { name: `Действия: ${seller.email}` }).click();
    await page.getByRole('menuitem', { name: 'Включить' }).click();
    await page.getByRole('dialog', { name: 'Включить пользователя' }).getByRole('button', { name: 'Включить' }).click();
    await row.getByText('отключён').waitFor({ state: 'detached' });

    const welcomed = await sellerSignIn();
    await welcomed.waitForURL('**/shops');
    // Not an admin: the panel is not offered, and its address leads back to the shops.
    assert.equal(await welcomed.getByRole('link', { name: 'Админ' }).count(), 0);
    await welcomed.goto('/admin/users');
    await welcomed.waitForURL('**/shops');
    await welcomed.context().close();
  });

  test("an admin cannot disable themselves: the API's reason shows in the dialog", async () => {
    await page.goto('/admin/users?search=boss');
    const row = page.getByRole('row').filter({ hasText: 'boss@example.kz' });
    await row.getByRole('button', { name: 'Действия: boss@example.kz' }).click();
    await page.getByRole('menuitem', { name: /Отключить/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Отключить пользователя' });
    await dialog.getByRole('button', { name: 'Отключить' }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: /cannot disable your own account/ })
      .waitFor();
    await dialog.getByRole('button', { name: 'Отмена' }).click();
  });

  test("the shops page shows the seller's shop with its owner and health, and leads to their products, where the admin edits the rails", async () => {
    await page.goto('/admin/shops');
    const row = page.getByRole('row').filter({ hasText: `Shop ${merchantUid(1)}` });
    await row.getByText(seller.email).waitFor();
    await row.getByText('активна').waitFor();
    await row.getByRole('link', { name: 'Товары' }).click();
    await page.waitForURL(`**/admin/users/${seller.id}?*`);
    await page.getByText(`Данные пользователя ${seller.email}`).waitFor();
    const productRow = page.getByRole('row').filter({ hasText: 'Чайник Tefal K1' });
    await productRow.getByText('12 990 ₸').waitFor();

    await productRow.getByRole('button', { name: 'Изменить: Чайник Tefal K1' }).click();
    const dialog = page.getByRole('dialog', { name: 'Товар пользователя' });
    await dialog.getByLabel('Мин. цена').fill('16000');
    await dialog.getByText('Макс. цена не может быть ниже мин. цены').waitFor();
    await assertAccessible(page, 'the product dialog with a refused rail');
    await screenshot(page, 'admin-product-edit-desktop');
    await dialog.getByLabel('Мин. цена').fill('11000');
    await dialog.getByLabel('Демпинг включён').check();
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'detached' });
    await productRow.getByText('11 000 ₸').waitFor();
    await productRow.getByText('включён').waitFor();

    const [stored] = await harness.t.sql<{ min_price: number; bot_active: boolean }>('select min_price, bot_active from products where id = $1', [productId]);
    assert.deepEqual(stored, { min_price: 11000, bot_active: true });

    // The preorders beside them: the delivery time edited the same way.
    await page.getByLabel('Что показать').getByText('Предзаказы').click();
    const preorderRow = page.getByRole('row').filter({ hasText: 'Приставка Sony PS5' });
    await preorderRow.getByText('14 дн.').waitFor();
    await preorderRow.getByRole('button', { name: 'Изменить предзаказ: Приставка Sony PS5' }).click();
    const preorderDialog = page.getByRole('dialog', { name: 'Предзаказ пользователя' });
    await preorderDialog.getByLabel('Срок доставки').fill('21');
    await preorderDialog.getByRole('button', { name: 'Сохранить' }).click();
    await preorderDialog.waitFor({ state: 'detached' });
    await preorderRow.getByText('21 дн.').waitFor();
  });

  test('a password reset shows the temporary password once, and it signs the seller in', async () => {
    await page.goto(`/admin/users?search=${encodeURIComponent(seller.email)}`);
    const row = page.getByRole('row').filter({ hasText: seller.email });
    await row.getByRole('button', { name: `Действия: ${seller.email}` }).click();
    await page.getByRole('menuitem', { name: 'Сбросить пароль' }).click();
    const dialog = page.getByRole('dialog', { name: 'Сбросить пароль' });
    await dialog.getByRole('button', { name: 'Сбросить пароль' }).click();
    const password = await dialog.getByLabel('Временный пароль').inputValue();
    assert.ok(password.length >= 16, 'a generated password');
    await dialog.getByRole('button', { name: 'Копировать' }).waitFor();
    await assertAccessible(page, 'the temporary password dialog');
    await screenshot(page, 'admin-reset-password-desktop');
    await dialog.getByRole('button', { name: 'Готово' }).click();

    const login = await harness.t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: seller.email, password } });
    assert.equal(login.statusCode, 200);
  });

  test('the audit log shows who disabled and enabled the seller, newest first, and filters by action', async () => {
    await page.goto('/admin/audit');
    const table = page.getByRole('table', { name: 'Журнал действий' });
    await table.getByText('Отключил пользователя').waitFor();
    const rows = table.getByRole('row');
    const texts = await rows.allInnerTexts();
    const disabled = texts.findIndex((text) => text.includes('Отключил пользователя') && text.includes(seller.email));
    const enabled = texts.findIndex((text) => text.includes('Включил пользователя') && text.includes(seller.email));
    const edited = texts.findIndex((text) => text.includes('Изменил товар'));
    const reset = texts.findIndex((text) => text.includes('Сбросил пароль') && text.includes(seller.email));
    const preorderEdited = texts.findIndex((text) => text.includes('Изменил предзаказ'));
    assert.ok(disabled > 0 && enabled > 0 && edited > 0 && preorderEdited > 0 && reset > 0, texts.join('\n'));
    assert.ok(reset < preorderEdited && preorderEdited < edited && edited < enabled && enabled < disabled, 'newest first');
    assert.ok(texts[disabled]?.includes('boss@example.kz'), 'who did it');

    await page.getByLabel('Действие').first().click();
    await page.getByRole('option', { name: 'Включил пользователя' }).click();
    await page.waitForURL('**/admin/audit?action=user.enable');
    await table.getByText('Отключил пользователя').waitFor({ state: 'detached' });
    assert.equal(await table.getByRole('row').count(), 2, 'the header and the one enable');
  });

  test('every admin page at 1366 px and 360 px: accessible, screenshotted', async () => {
    // Tables on the desktop, cards on the phone: wait for what both show, where it is visible.
    const shows = (text: string) => async (p: Page) => {
      await p.getByText(text).filter({ visible: true }).first().waitFor();
    };
    const data = `/admin/users/${seller.id}?email=${encodeURIComponent(seller.email)}`;
    await lookAtPage(harness, admin, '/admin/users', 'admin-users', shows(seller.email));
    await lookAtPage(harness, admin, '/admin/shops', 'admin-shops', shows(`Shop ${merchantUid(1)}`));
    await lookAtPage(harness, admin, data, 'admin-user-products', shows('Чайник Tefal K1'));
    await lookAtPage(harness, admin, `${data}&tab=preorders`, 'admin-user-preorders', shows('Приставка Sony PS5'));
    await lookAtPage(harness, admin, '/admin/system', 'admin-system', shows('База данных'));
    await lookAtPage(harness, admin, '/admin/audit', 'admin-audit', shows('Отключил пользователя'));
  });
});
