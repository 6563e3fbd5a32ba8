// Signing up, in and out in the app, as a seller would; the language switch, remembered per user.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { registerUser } from '../helpers/app.ts';
import { assertOneLine, lookAtPage, signInInBrowser, signUpInBrowser, startWebApp, type WebAppHarness } from '../helpers/web-app.ts';

describe('signing in to the web app', () => {
  let harness: WebAppHarness;
  const email = `seller-${crypto.randomBytes(3).toString('hex')}@example.kz`;

  before(async () => {
    harness = await startWebApp();
  });
  after(async () => harness?.close());

  test('the sign-in and sign-up pages are accessible at desktop and phone sizes', async () => {
    const context = await harness.newContext();
    await lookAtPage(harness, context, '/signin', 'sign-in', async (page) => {
      await page.getByRole('button', { name: 'Войти' }).waitFor();
    });
    await lookAtPage(harness, context, '/signup', 'sign-up', async (page) => {
      await page.getByRole('button', { name: 'Регистрация' }).waitFor();
    });
    await context.close();
  });

  test('a signed-out visitor is sent to sign in, and back where they wanted after it', async () => {
    const context = await harness.newContext();
    const page = await context.newPage();
    const visitor = await registerUser(harness.t.app);
    await page.goto('/jobs');
    await page.waitForURL('**/signin');
    await page.getByLabel('Email').fill(visitor.email);
    await page.getByLabel('Пароль').fill('correct horse battery');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL('**/jobs');
    await context.close();
  });

  test('sign up signs in; the session survives a reload and is an HttpOnly cookie the page cannot read', async () => {
    const context = await harness.newContext();
    const page = await context.newPage();
    await signUpInBrowser(page, email);
    await page.reload();
    await page.getByRole('link', { name: 'Магазины' }).first().waitFor();
    assert.equal(new URL(page.url()).pathname, '/shops');
    const session = (await context.cookies()).find((cookie) => cookie.name === 'kd_session');
    assert.ok(session, 'the session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.equal(await page.evaluate(() => document.cookie.includes('kd_session')), false);
    await context.close();
  });

  test('a wrong password shows the API message and stays on the sign-in page', async () => {
    const context = await harness.newContext();
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Пароль').fill('not the password');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /\S/);
    assert.equal(new URL(page.url()).pathname, '/signin');
    await context.close();
  });

  test('Kazakh is remembered on the account: another browser signs in in Kazakh; sign-out ends the session', async () => {
    const context = await harness.newContext();
    const page = await context.newPage();
    await signInInBrowser(page, email);
    await page.getByText('ҚАЗ', { exact: true }).click();
    await page.getByRole('link', { name: 'Дүкендер' }).first().waitFor();
    await page.getByRole('button', { name: 'Шығу' }).click();
    await page.waitForURL('**/signin');
    await page.goto('/shops');
    await page.waitForURL('**/signin');
    await context.close();

    const other = await harness.newContext('phone');
    const phone = await other.newPage();
    await signInInBrowser(phone, email);
    await phone.getByRole('button', { name: 'Мәзір' }).waitFor();
    // At 360 px the app's name stays on one line in each language; the language is a menu there.
    const appName = phone.getByRole('banner').getByRole('link', { name: 'Kaspi демпер' });
    await assertOneLine(appName, 'the app name in Kazakh at 360 px');
    await phone.getByRole('button', { name: 'Тіл: ҚАЗ' }).click();
    await phone.getByRole('menuitem', { name: 'Русский' }).click();
    await phone.getByRole('button', { name: 'Меню' }).waitFor();
    await assertOneLine(appName, 'the app name in Russian at 360 px');
    await phone.getByRole('button', { name: 'Меню' }).click();
    await phone.getByRole('link', { name: 'Магазины' }).first().waitFor();
    await other.close();
  });
});
