import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { RunningSimulator } from '../../../sim/server.ts';
import { simControl, startTestSim } from '../../helpers/sim.ts';
import { mcHeaders } from '../../helpers/sim-http.ts';
import { tinyWorld } from '../../helpers/sim-worlds.ts';

// Drives the login pages the way every working tool does, with the selectors of the protocol document.
describe('login pages in headless Chromium', () => {
  let sim: RunningSimulator;
  let browser: Browser;
  before(async () => {
    sim = await startTestSim({ world: tinyWorld() });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
    await sim?.close();
  });

  const withPage = async (fn: (page: Page) => Promise<void>) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    try {
      await fn(page);
    } finally {
      await context.close();
    }
  };

  const emailAndPassword = async (page: Page, email: string, password: string) => {
    await page.goto(`${sim.urls.idmc}/login`);
    await page.waitForSelector('#user_email_field');
    await page.fill('#user_email_field', email);
    await page.click('.button.is-primary');
    await page.waitForSelector('#password_field');
    assert.equal(await page.inputValue('#user_email_field'), email, 'the email field stays');
    await page.fill('#password_field', password);
    await page.click('.button.is-primary');
  };

  const cabinetWorks = async (page: Page) => {
    await page.waitForSelector('nav.navbar');
    const cookies = await page.context().cookies();
    const header = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    assert.ok(cookies.some((c) => c.name === 'mc-session') && cookies.some((c) => c.name === 'mc-sid'));
    const res = await fetch(`${sim.urls.mc}/s/m`, { headers: mcHeaders(header) });
    assert.equal(res.status, 200, 'the browser session works for the cabinet API');
  };

  it('logs in with e-mail and password and lands on the cabinet', async () => {
    await withPage(async (page) => {
      await emailAndPassword(page, 'seller@example.kz', 'secret123');
      await cabinetWorks(page);
      assert.match(page.url(), new RegExp(`^${sim.urls.mc}/`));
    });
  });

  it('shows bad credentials and a locked account in .notification.is-danger', async () => {
    await withPage(async (page) => {
      await emailAndPassword(page, 'seller@example.kz', 'wrong');
      assert.match((await page.textContent('.notification.is-danger')) ?? '', /Неверный логин или пароль/);
    });
    await withPage(async (page) => {
      await emailAndPassword(page, 'locked@example.kz', 'secret123');
      assert.match((await page.textContent('.notification.is-danger')) ?? '', /заблокирована/);
    });
  });

  it('asks for the SMS code when the account demands it; a wrong code shows .help.is-danger', async () => {
    await withPage(async (page) => {
      await emailAndPassword(page, 'sms@example.kz', 'secret123');
      await page.waitForSelector('#sms_code_field');
      await page.fill('#sms_code_field', '000000');
      await page.click('.button.is-primary');
      await page.waitForSelector('.help.is-danger');
      const sms = await simControl(sim, 'GET', '/accounts/sms@example.kz/sms');
      assert.equal(sms.code, '123456');
      await page.fill('#sms_code_field', sms.code);
      await page.click('.button.is-primary');
      await cabinetWorks(page);
    });
  });

  it('logs in through the phone tab with a code read from the control API', async () => {
    await withPage(async (page) => {
      await page.goto(`${sim.urls.idmc}/login`);
      await page.click('#phone_tab');
      assert.equal((await page.textContent('#phone_tab'))?.trim(), 'Телефон');
      await page.fill('#user_phone_field', '77001234567');
      await page.click('.button.is-primary');
      await page.waitForSelector('input[name="security-code"]');
      await page.fill('input[name="security-code"]', '999999x');
      await page.click('.button.is-primary');
      await page.waitForSelector('.help.is-danger');
      const sms = await simControl(sim, 'GET', '/accounts/77001234567/sms');
      assert.match(sms.code, /^\d{6}$/);
      await page.fill('input[name="security-code"]', sms.code);
      await page.click('.button.is-primary');
      await cabinetWorks(page);
    });
  });

  it('resumes a half-done SMS login in a new browser from its flow id', async () => {
    let flowUrl = '';
    await withPage(async (page) => {
      const answer = page.waitForResponse((r) => r.url().endsWith('/auth/v1/password'));
      await emailAndPassword(page, 'sms@example.kz', 'secret123');
      const body = await (await answer).json();
      await page.waitForSelector('#sms_code_field');
      flowUrl = `${sim.urls.idmc}/login?flow=${body.flowId}`;
    });
    await withPage(async (page) => {
      await page.goto(flowUrl);
      await page.waitForSelector('#sms_code_field');
      await page.fill('#sms_code_field', '123456');
      await page.click('.button.is-primary');
      await cabinetWorks(page);
    });
  });

  it("resumes a half-done SMS login in a new browser given the first one's cookies, and says when it expired", async () => {
    const saved = await (async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(5000);
        await emailAndPassword(page, 'sms@example.kz', 'secret123');
        await page.waitForSelector('#sms_code_field');
        return await context.storageState();
      } finally {
        await context.close();
      }
    })();
    assert.ok(
      saved.cookies.some((c) => c.name === 'idmc-flow'),
      'the identity provider keeps the flow in a cookie',
    );
    const resumed = async (fn: (page: Page) => Promise<void>) => {
      const context = await browser.newContext({ storageState: saved });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(5000);
        await page.goto(`${sim.urls.idmc}/login`);
        await fn(page);
      } finally {
        await context.close();
      }
    };
    await resumed(async (page) => {
      await page.waitForSelector('#sms_code_field');
      await page.fill('#sms_code_field', '123456');
      await page.click('.button.is-primary');
      await cabinetWorks(page);
    });
    // The code was used: the flow is gone, and the page says so instead of showing the code step.
    await resumed(async (page) => {
      assert.match((await page.textContent('.notification.is-danger')) ?? '', /истекло/);
      assert.equal(await page.$('#sms_code_field'), null);
    });
  });

  it('survives the one-time 401 on the OAuth redirect with a reload', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'mc.oauth-callback', kind: 'status', status: 401, times: 1 });
    await withPage(async (page) => {
      const callback = page.waitForResponse((r) => r.url().includes('/login/oauth2/code/'));
      await emailAndPassword(page, 'seller@example.kz', 'secret123');
      assert.equal((await callback).status(), 401);
      // The 401 page must have committed before we look at it or reload it (else: "Not attached to an active page").
      await page.waitForURL(/\/login\/oauth2\/code\//, { waitUntil: 'domcontentloaded' });
      assert.equal(await page.$('nav.navbar'), null);
      await page.reload();
      await cabinetWorks(page);
    });
  });
});
