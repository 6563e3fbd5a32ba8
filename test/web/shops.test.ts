import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { RunningSimulator } from '../../sim/server.ts';
import type { BrowserPool } from '../../src/infra/browser/browser-pool.ts';
import { sharedBrowserPool } from '../helpers/app.ts';
import { lastSmsCode, simControl, startTestSim } from '../helpers/sim.ts';
import { PASSWORD } from '../helpers/sim-worlds.ts';
import { assertAccessible, lookAtPage, screenshot, signUpInBrowser, startWebApp, type WebAppHarness } from '../helpers/web-app.ts';

// The shops page as a seller uses it, in Chromium against the simulator: link a shop through Kaspi's SMS
// step, watch its first sync to the end, see the session die and sign in again, delete with a question first.
const SMS_ACCOUNT = 'sms@example.kz'; // the generated world's account that Kaspi always asks for an SMS code
const SMS_PHONE = '77007654321'; // its phone
const OFFERS = 300;

describe('the shops page', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let harness: WebAppHarness;

  before(async () => {
    sim = await startTestSim({ world: { seed: 7, products: OFFERS + 50, competitorsPerProduct: 1, cities: 3, ownOffers: OFFERS, orders: 0 } });
    pool = sharedBrowserPool(1);
    // The session watch looks every second, so a killed session shows within seconds; no scheduled sync.
    harness = await startWebApp({ sim, browserPool: pool, env: { SESSION_WATCH_SECONDS: '1', SYNC_INTERVAL_HOURS: '0', KASPI_CABINET_READS_PER_SECOND: '5' } });
    await harness.t.container.startWorkers();
  });
  after(async () => {
    await harness?.close();
    await pool?.close();
    await sim?.close();
  });

  /** Fills the link dialog's e-mail form and, when Kaspi asks, the SMS code. */
  async function signInToKaspi(page: Page, email: string | null) {
    const dialog = page.getByRole('dialog');
    if (email !== null) await dialog.getByLabel('Email кабинета Kaspi').fill(email);
    else assert.equal(await dialog.getByLabel('Email кабинета Kaspi').inputValue(), SMS_ACCOUNT, 'a re-login starts with the login filled in');
    await dialog.getByLabel('Пароль Kaspi').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Войти в Kaspi' }).click();
    await dialog.getByText(/Входим в кабинет Kaspi/).waitFor();
    await dialog.getByLabel('Код из SMS').waitFor({ timeout: 60_000 });
    await dialog.getByRole('textbox', { name: 'Код из SMS' }).fill(await lastSmsCode(sim, SMS_ACCOUNT));
    await dialog.getByRole('button', { name: 'Подтвердить' }).click();
    await dialog.getByText('Магазины подключены').waitFor({ timeout: 60_000 });
  }

  test('link through the SMS step, sync to the end, sign in again after the session dies, delete asks first', async () => {
    const context = await harness.newContext('desktop');
    const page = await context.newPage();
    await signUpInBrowser(page, `shops-${Date.now()}@example.kz`);

    // Empty state first: it says what to do.
    await page.getByText('Магазинов пока нет').waitFor();

    await page.getByRole('link', { name: 'Подключить магазин' }).first().click();
    await page.waitForURL('**/shops/link');
    const dialog = page.getByRole('dialog');
    // The app's own checks, before anything goes to Kaspi.
    await dialog.getByLabel('Email кабинета Kaspi').fill('not-an-email');
    await dialog.getByRole('button', { name: 'Войти в Kaspi' }).click();
    await dialog.getByText('Введите email, например seller@mail.kz').waitFor();
    // A wrong password: the API's detail, and the form stays.
    await dialog.getByLabel('Email кабинета Kaspi').fill(SMS_ACCOUNT);
    await dialog.getByLabel('Пароль Kaspi').fill('wrong-password');
    await dialog.getByRole('button', { name: 'Войти в Kaspi' }).click();
    await dialog.getByRole('alert').waitFor({ timeout: 60_000 });
    const wrong = (await dialog.getByRole('alert').textContent()) ?? '';
    assert.match(wrong, /парол|password|credentials|invalid/i, wrong);

    await dialog.getByLabel('Email кабинета Kaspi').fill(SMS_ACCOUNT);
    await dialog.getByLabel('Пароль Kaspi').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Войти в Kaspi' }).click();
    await dialog.getByLabel('Код из SMS').waitFor({ timeout: 60_000 });
    await screenshot(page, 'shops-link-sms-desktop');
    await assertAccessible(page, 'the SMS step');
    // A wrong code: the API says so, and the code can be typed again.
    await dialog.getByRole('textbox', { name: 'Код из SMS' }).fill('000000');
    await dialog.getByRole('button', { name: 'Подтвердить' }).click();
    await dialog.getByRole('alert').waitFor({ timeout: 60_000 });
    await dialog.getByRole('textbox', { name: 'Код из SMS' }).fill(await lastSmsCode(sim, SMS_ACCOUNT));
    await dialog.getByRole('button', { name: 'Подтвердить' }).click();
    await dialog.getByText('Магазины подключены').waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Готово' }).click();
    await page.waitForURL('**/shops');
    await dialog.waitFor({ state: 'hidden' });

    // The shop appears and its first sync runs to the end: the products count shows.
    const card = page.getByRole('article').first();
    await card.waitFor();
    await card.getByText(`готово: товаров ${OFFERS}`).waitFor({ timeout: 90_000 });
    await card.getByText(`${OFFERS}`, { exact: true }).first().waitFor();
    await card.getByText('активна').waitFor({ timeout: 30_000 });
    await card.getByText('выключен').waitFor();
    const storeName = ((await card.getByRole('heading').textContent()) ?? '').trim();

    await lookAtPage(harness, context, '/shops', 'shops-page', async (p) => {
      await p.getByText(`готово: товаров ${OFFERS}`).first().waitFor();
      await p.getByText('активна').first().waitFor();
    });
    await lookAtPage(harness, context, '/shops/link', 'shops-link-dialog', async (p) => {
      await p.getByRole('dialog').getByLabel('Email кабинета Kaspi').waitFor();
      await p.getByText('активна').first().waitFor(); // the cards behind it loaded (a loader's label trips axe)
    });
    await lookAtPage(harness, context, '/jobs', 'jobs-page', async (p) => {
      await p.getByText('Синхронизация товаров').first().waitFor();
      await p.getByText('Готово').first().waitFor();
    });

    // Kaspi kills the session of this SMS account: the watch finds it and the card asks for a sign-in.
    await simControl(sim, 'POST', '/sessions/expire', { email: SMS_ACCOUNT });
    // No reload: the `store` event from the watch makes the open page read the shop again.
    await page.getByRole('article').first().getByText('требуется вход').waitFor({ timeout: 30_000 });
    await page.getByRole('article').first().getByText(/SMS/).waitFor();
    await assertAccessible(page, 'a shop that needs a sign-in');
    await screenshot(page, 'shops-sign-in-needed-desktop');
    await page.getByRole('article').first().getByRole('link', { name: 'Войти снова' }).click();
    await page.waitForURL('**/shops/link?login=*');
    await signInToKaspi(page, null);
    await page.getByRole('dialog').getByRole('button', { name: 'Готово' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' }); // "Готово" closes it, even while the first syncs start
    await page.getByRole('article').first().getByText('активна').waitFor({ timeout: 30_000 });

    // The same account by phone: the phone, then its SMS code; the shop is signed in again (not duplicated).
    await page.getByRole('link', { name: 'Подключить магазин' }).click();
    const byPhone = page.getByRole('dialog');
    await byPhone.getByText('Телефон', { exact: true }).click();
    await byPhone.getByLabel('Телефон аккаунта Kaspi').fill(`8 ${SMS_PHONE.slice(1, 4)} ${SMS_PHONE.slice(4)}`);
    await byPhone.getByRole('button', { name: 'Получить код' }).click();
    await byPhone.getByRole('textbox', { name: 'Код из SMS' }).waitFor({ timeout: 60_000 });
    await byPhone.getByRole('textbox', { name: 'Код из SMS' }).fill(await lastSmsCode(sim, SMS_PHONE));
    await byPhone.getByRole('button', { name: 'Подтвердить' }).click();
    await byPhone.getByText('Магазины подключены').waitFor({ timeout: 60_000 });
    await byPhone.getByRole('button', { name: 'Готово' }).click();
    await byPhone.waitFor({ state: 'hidden' });
    assert.equal(await page.getByRole('article').count(), 1, 'one shop, signed in again');

    // The jobs page filters by state (kept in the address).
    await page.goto('/jobs?state=failed');
    await page.getByText('Нет задач с такими условиями.').waitFor();
    await page.goto('/jobs?state=completed');
    await page.getByText('Синхронизация товаров').first().waitFor();
    await page.goto('/shops');

    // Delete asks first and says what goes; cancel keeps the shop.
    await page.getByRole('button', { name: 'Удалить магазин' }).first().click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText(/товары магазина \(300\), их история цен/).waitFor();
    await confirm.getByText(/предзаказы/).waitFor();
    await confirm.getByRole('button', { name: 'Отмена' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: storeName, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Удалить магазин' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Удалить навсегда' }).click();
    await page.getByText('Магазинов пока нет').waitFor({ timeout: 15_000 });
    await context.close();
  });
});
