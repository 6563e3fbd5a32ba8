import { type Page, errors as playwrightErrors } from 'playwright-core';
import { KaspiError } from '../kaspi-errors.ts';
import type { SessionCookie } from '../session-cookies.ts';
import { LoginPageWatch } from './login-page-watch.ts';

/**
 * The identity provider's login pages, driven in a browser page with the selectors every working tool
 * uses (kaspi-protocol.md section 1). Each function takes a fresh page, ends in one outcome, and throws
 * KaspiError for everything else.
 */

export type CodeStep = 'sms' | 'phone-code';

export type LoginOutcome = { kind: 'success'; cookies: SessionCookie[] } | { kind: 'code-required'; step: CodeStep };

export interface LoginPages {
  idmcUrl: string;
  /** Budget of one step: page load, then the wait for its outcome. */
  timeoutMs: number;
}

const SEL = {
  email: '#user_email_field',
  password: '#password_field',
  phoneTab: '#phone_tab',
  phone: '#user_phone_field',
  smsCode: '#sms_code_field',
  phoneCode: 'input[name="security-code"]',
  submit: '.button.is-primary',
  cabinet: 'nav.navbar',
  refusal: '.notification.is-danger',
  fieldError: '.help.is-danger',
} as const;

const CODE_FIELD: Record<CodeStep, string> = { sms: SEL.smsCode, 'phone-code': SEL.phoneCode };

export async function loginWithPassword(page: Page, pages: LoginPages, email: string, password: string): Promise<LoginOutcome> {
  return guarded(async () => {
    const watch = await openLoginPage(page, pages, `${pages.idmcUrl}/login`);
    await page.waitForSelector(SEL.email, { timeout: pages.timeoutMs });
    await page.fill(SEL.email, email);
    await page.click(SEL.submit);
    const first = await awaitOutcome(page, watch, { password: SEL.password, refusal: SEL.refusal, fieldError: SEL.fieldError }, pages.timeoutMs);
    if (first !== 'password') throw await refusal(page, watch, 'kaspi_bad_credentials');
    await page.fill(SEL.password, password);
    await page.click(SEL.submit);
    const outcome = await awaitOutcome(page, watch, { cabinet: SEL.cabinet, sms: SEL.smsCode, refusal: SEL.refusal, fieldError: SEL.fieldError }, pages.timeoutMs);
    if (outcome === 'cabinet') return { kind: 'success', cookies: await cookiesOf(page) };
    if (outcome === 'sms') return { kind: 'code-required', step: 'sms' };
    throw await refusal(page, watch, 'kaspi_bad_credentials');
  });
}

/** The phone tab: Kaspi sends a code to `phone` (7XXXXXXXXXX). */
export async function startPhoneLogin(page: Page, pages: LoginPages, phone: string): Promise<LoginOutcome> {
  return guarded(async () => {
    const watch = await openLoginPage(page, pages, `${pages.idmcUrl}/login`);
    await page.waitForSelector(SEL.phoneTab, { timeout: pages.timeoutMs });
    await page.click(SEL.phoneTab);
    await page.waitForSelector(SEL.phone, { timeout: pages.timeoutMs });
    await page.fill(SEL.phone, phone);
    await page.click(SEL.submit);
    const outcome = await awaitOutcome(page, watch, { code: SEL.phoneCode, refusal: SEL.refusal, fieldError: SEL.fieldError }, pages.timeoutMs);
    if (outcome === 'code') return { kind: 'code-required', step: 'phone-code' };
    throw await refusal(page, watch, 'kaspi_bad_credentials');
  });
}

/**
 * Reopens a half-done login at its code step in a page whose context was restored from the saved
 * storage state (the identity provider keeps the flow server-side and finds it by its cookie), enters
 * the code and waits for the cabinet.
 */
export async function finishWithCode(page: Page, pages: LoginPages, resumeUrl: string, step: CodeStep, code: string): Promise<SessionCookie[]> {
  return guarded(async () => {
    const watch = await openLoginPage(page, pages, resumeUrl);
    const field = CODE_FIELD[step];
    const reopened = await awaitOutcome(page, watch, { code: field, refusal: SEL.refusal, email: SEL.email, phone: SEL.phone }, pages.timeoutMs);
    if (reopened === 'refusal') throw await refusal(page, watch, 'kaspi_login_expired');
    if (reopened !== 'code') throw new KaspiError('kaspi_login_expired', 'Kaspi no longer knows this login; start it again.');
    await page.fill(field, code);
    await page.click(SEL.submit);
    const outcome = await awaitOutcome(page, watch, { cabinet: SEL.cabinet, fieldError: SEL.fieldError, refusal: SEL.refusal }, pages.timeoutMs);
    if (outcome === 'cabinet') return cookiesOf(page);
    if (outcome === 'fieldError') throw await refusal(page, watch, 'kaspi_sms_invalid');
    throw await refusal(page, watch, 'kaspi_login_expired');
  });
}

async function openLoginPage(page: Page, pages: LoginPages, url: string): Promise<LoginPageWatch> {
  const watch = new LoginPageWatch(page);
  const res = await page.goto(url, { timeout: pages.timeoutMs, waitUntil: 'domcontentloaded' });
  if (res && res.status() >= 400) throw new KaspiError('kaspi_unavailable', `Kaspi's login page answered ${res.status()}.`);
  return watch;
}

/**
 * Waits until one of `selectors` is visible and returns its key. Survives the OAuth callback's
 * one-time 401 by reloading once (kaspi-protocol.md section 1, quirk).
 */
async function awaitOutcome<K extends string>(page: Page, watch: LoginPageWatch, selectors: Record<K, string>, timeoutMs: number): Promise<K> {
  const deadline = Date.now() + timeoutMs;
  const any = Object.values<string>(selectors).join(', ');
  let reloaded = false;
  while (true) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timeout();
    const found = page.waitForSelector(any, { state: 'visible', timeout: remaining }).then(() => 'found' as const);
    found.catch(() => {});
    const which = await Promise.race([found, watch.oauthFailedAfter(watch.handledOauthFailures).then(() => 'oauth-401' as const)]);
    if (which === 'oauth-401') {
      if (reloaded) throw new KaspiError('kaspi_unavailable', 'Kaspi refused the login callback (401) twice.');
      reloaded = true;
      watch.handledOauthFailures = watch.oauthFailureCount;
      await retryCallback(page, watch.failedCallbackUrl ?? page.url(), deadline);
      continue;
    }
    for (const key of Object.keys(selectors) as K[]) {
      if (await page.isVisible(selectors[key]).catch(() => false)) return key;
    }
    // The page changed between the wait and the look (a navigation): wait again.
  }
}

/**
 * Kaspi's "reload" of the callback that answered 401: once the 401 page is the page's document, loads
 * that callback URL again. Not page.reload() at once: the browser reports the 401 from its headers,
 * before the page commits, and a reload in that gap can reload the login form instead. Not a second
 * try either: Kaspi's code is single use, so a load that reached Kaspi but was reported as aborted
 * must not be repeated; the outcome wait that follows sees where the page went.
 */
async function retryCallback(page: Page, url: string, deadline: number): Promise<void> {
  const left = () => Math.max(1, deadline - Date.now());
  await page.waitForURL((u) => u.href === url, { waitUntil: 'domcontentloaded', timeout: Math.min(5000, left()) }).catch(() => {});
  try {
    await page.goto(url, { timeout: left(), waitUntil: 'domcontentloaded' });
  } catch (err) {
    if (err instanceof playwrightErrors.TimeoutError) throw err;
  }
}

/** The refusal on the page, as Kaspi worded it; Kaspi's own 5xx behind it makes it an outage instead. */
async function refusal(page: Page, watch: LoginPageWatch, code: 'kaspi_bad_credentials' | 'kaspi_sms_invalid' | 'kaspi_login_expired'): Promise<KaspiError> {
  if (watch.serverErrors.length) return new KaspiError('kaspi_unavailable', `Kaspi's login service failed (HTTP ${watch.serverErrors.at(-1)}); try again later.`);
  const texts = await Promise.all([SEL.refusal, SEL.fieldError].map((s) => page.textContent(s, { timeout: 1000 }).catch(() => null)));
  const message = texts
    .map((t) => t?.trim())
    .filter(Boolean)
    .join(' ');
  return new KaspiError(code, message || 'Kaspi refused the login.');
}

async function cookiesOf(page: Page): Promise<SessionCookie[]> {
  const cookies = await page.context().cookies();
  return cookies.map((c) => ({ name: c.name, value: c.value, domain: c.domain, path: c.path, expires: c.expires, httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite }));
}

function timeout(): KaspiError {
  return new KaspiError('kaspi_timeout', 'Kaspi did not finish the login step in time.');
}

/** Browser failures as the API should see them: Kaspi slow, Kaspi unreachable, or our browser broken. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof KaspiError) throw err;
    if (err instanceof playwrightErrors.TimeoutError) throw timeout();
    const message = err instanceof Error ? err.message : String(err);
    if (/net::ERR_/.test(message)) {
      throw new KaspiError('kaspi_unavailable', `Kaspi's login page is unreachable (${/net::ERR_[A-Z_]+/.exec(message)?.[0]}).`);
    }
    if (/has been closed|crashed|Target closed|browser has disconnected/i.test(message)) {
      throw new KaspiError('kaspi_browser_failed', 'The login browser stopped unexpectedly; try again.');
    }
    throw err;
  }
}
