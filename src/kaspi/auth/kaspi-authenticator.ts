import type { BrowserContext, Page } from 'playwright-core';
import { type BrowserPool, BrowserPoolBusyError, type PoolPriority } from '../../infra/browser/browser-pool.ts';
import type { ProxyDispatchers } from '../../infra/http/proxy-dispatchers.ts';
import { ProxyAddressRefusedError } from '../../infra/http/proxy-guard.ts';
import { KaspiBusyError } from '../kaspi-busy.ts';
import { KaspiError } from '../kaspi-errors.ts';
import type { SessionCookie } from '../session-cookies.ts';
import { type CodeStep, finishWithCode, type LoginPages, loginWithPassword, startPhoneLogin } from './login-flow.ts';

/**
 * A login stopped at its code step, as plain data: a fresh browser context restored from it (in any
 * process, after any restart) shows the code step again. It holds live login cookies: seal it at rest.
 */
export interface PausedLogin {
  step: CodeStep;
  resumeUrl: string;
  storageState: Awaited<ReturnType<BrowserContext['storageState']>>;
}

export type PasswordLoginResult = { kind: 'success'; cookies: SessionCookie[] } | { kind: 'code-required'; paused: PausedLogin };

/**
 * Runs the login pages (login-flow.ts) in pooled browsers, one fresh context per attempt. A user's
 * login (`login`) queues behind session renewals (`renewal`) and is refused with kaspi_busy when too
 * many logins already wait.
 */
export class KaspiAuthenticator {
  constructor(
    private readonly pool: BrowserPool,
    private readonly pages: LoginPages,
    /** Checks a login's proxy (and pins an http:// one to its checked address) before Chromium uses it. */
    private readonly proxies: Pick<ProxyDispatchers, 'browserProxy'>,
  ) {}

  loginWithPassword(email: string, password: string, proxyUrl?: string, priority: PoolPriority = 'login'): Promise<PasswordLoginResult> {
    return this.inPage(proxyUrl, undefined, priority, async (page) => {
      const outcome = await loginWithPassword(page, this.pages, email, password);
      if (outcome.kind === 'success') return outcome;
      return { kind: 'code-required', paused: await pause(page, outcome.step) };
    });
  }

  startPhoneLogin(phone: string, proxyUrl?: string): Promise<PausedLogin> {
    return this.inPage(proxyUrl, undefined, 'login', async (page) => {
      const outcome = await startPhoneLogin(page, this.pages, phone);
      if (outcome.kind === 'success') throw new Error('phone login cannot succeed without a code');
      return pause(page, outcome.step);
    });
  }

  finishWithCode(paused: PausedLogin, code: string, proxyUrl?: string): Promise<SessionCookie[]> {
    return this.inPage(proxyUrl, paused.storageState, 'login', (page) => finishWithCode(page, this.pages, paused.resumeUrl, paused.step, code));
  }

  private async inPage<T>(proxyUrl: string | undefined, storageState: PausedLogin['storageState'] | undefined, priority: PoolPriority, fn: (page: Page) => Promise<T>): Promise<T> {
    let proxy: Awaited<ReturnType<ProxyDispatchers['browserProxy']>>;
    try {
      proxy = await this.proxies.browserProxy(proxyUrl);
    } catch (err) {
      if (err instanceof ProxyAddressRefusedError) throw new KaspiError('kaspi_unavailable', err.message);
      throw err;
    }
    return this.pool
      .withContext(
        async (context) => {
          const page = await context.newPage();
          page.setDefaultTimeout(this.pages.timeoutMs);
          return fn(page);
        },
        { ...(storageState && { storageState }), ...(proxy && { proxy }), priority },
      )
      .catch((err: unknown) => {
        if (err instanceof KaspiError) throw err;
        if (err instanceof BrowserPoolBusyError) {
          throw new KaspiBusyError('kaspi_busy', `Too many Kaspi logins are waiting for a browser; try again in ${Math.ceil(err.retryInMs / 1000)} s.`, err.retryInMs);
        }
        // Chromium did not start, or died outside a page step: our side, not Kaspi's.
        throw new KaspiError('kaspi_browser_failed', `The login browser failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      });
  }
}

async function pause(page: Page, step: CodeStep): Promise<PausedLogin> {
  return { step, resumeUrl: page.url(), storageState: await page.context().storageState() };
}
