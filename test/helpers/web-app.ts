// The web app end to end: the API (with the built app at /) listening on a real port, and a headless
// Chromium driving it as a seller would. Screenshots go to test-output/screenshots/ (not committed);
// every page a test looks at can be checked with axe-core.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { webBuildState } from '../../src/http/web-build.ts';
import { startTestApp, type TestApp, type TestAppOptions } from './app.ts';
import { projectRoot } from './process.ts';

export const viewports = {
  desktop: { width: 1366, height: 900 },
  phone: { width: 360, height: 780 },
} as const;
export type ViewportName = keyof typeof viewports;

export const screenshotDir = path.join(projectRoot, 'test-output', 'screenshots');

const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface WebAppHarness {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser profile (its own cookies) at this size, on the app's origin. */
  newContext(viewport?: ViewportName): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** The API and its web app on a free port, plus one Chromium for the file. */
export async function startWebApp(options: TestAppOptions = {}): Promise<WebAppHarness> {
  // npm test builds the app once before the files run (scripts/test.mjs); a stale build here would test old code.
  assert.equal(webBuildState(), 'fresh', 'the web app build is missing or stale: run `npm run build` (npm test does it first)');
  const t = await startTestApp(options);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  assert.ok(address && typeof address === 'object');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', headless: true, args: launchArgs });
  return {
    t,
    baseUrl,
    browser,
    async newContext(viewport: ViewportName = 'desktop') {
      // bypassCSP: axe-core is injected as a script, which the app's CSP (rightly) refuses.
      const context = await browser.newContext({ baseURL: baseUrl, viewport: viewports[viewport], locale: 'ru-RU', timezoneId: 'Asia/Almaty', bypassCSP: true });
      context.setDefaultTimeout(15_000);
      return context;
    },
    async close() {
      await browser.close().catch(() => {});
      await t.close();
    },
  };
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Fails on any serious or critical accessibility violation of the page as it is now (axe-core, WCAG 2 A/AA). */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
  })) as AxeViolation[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `accessibility of ${what}`,
  );
}

/** A full-page screenshot kept as test output: test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Screenshots and checks one page at both sizes, in a context of the same user (the cookies are copied). */
export async function lookAtPage(harness: WebAppHarness, from: BrowserContext, url: string, name: string, ready: (page: Page) => Promise<void>): Promise<void> {
  const cookies = await from.cookies();
  for (const viewport of ['desktop', 'phone'] as const) {
    const context = await harness.newContext(viewport);
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.goto(url);
    await ready(page);
    await assertAccessible(page, `${name} (${viewport})`);
    await screenshot(page, `${name}-${viewport}`);
    await context.close();
  }
}

/** Fails when the element's text takes more than one line (a name or label wrapped by a narrow screen). */
export async function assertOneLine(locator: Locator, what: string): Promise<void> {
  const { height, lineHeight } = await locator.evaluate((el) => ({ height: el.getBoundingClientRect().height, lineHeight: Number.parseFloat(getComputedStyle(el).lineHeight) }));
  assert.ok(height < lineHeight * 1.5, `${what} takes ${Math.round(height)} px for a line of ${lineHeight} px: it wrapped`);
}

/** Signs up through the app's own form (then it signs in by itself) and waits for the shops page. */
export async function signUpInBrowser(page: Page, email: string, password = 'correct horse battery'): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  // A required field's label ends in Mantine's " *", which getByLabel reads as part of the label.
  await page.getByLabel(/^Пароль( \*)?$/).fill(password);
  await page.getByLabel('Пароль ещё раз').fill(password);
  await page.getByRole('button', { name: 'Регистрация' }).click();
  await page.waitForURL('**/shops');
}

/** Signs in through the app's own form. */
export async function signInInBrowser(page: Page, email: string, password = 'correct horse battery'): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL('**/shops');
}
