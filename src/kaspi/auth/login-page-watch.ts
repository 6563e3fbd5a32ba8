import type { Page, Response } from 'playwright-core';

/**
 * Listens to what the login page loads, for what the DOM does not tell: Kaspi's own 5xx answers (the
 * page shows them like a refusal) and the OAuth callback's one-time 401 (the page just stays blank).
 */
export class LoginPageWatch {
  serverErrors: number[] = [];
  /**
   * OAuth failures already dealt with (by a reload). Counted on the watch, not per wait: the failure
   * can land while the click that caused it is still returning, before anyone waits for it.
   */
  handledOauthFailures = 0;
  /** The callback URL that last answered 401: what the "reload" must load again. */
  failedCallbackUrl: string | null = null;
  private oauthFailures = 0;
  private readonly waiters: { after: number; resolve: () => void }[] = [];

  constructor(page: Page) {
    page.on('response', (res: Response) => {
      const status = res.status();
      if (res.url().includes('/login/oauth2/code/') && status === 401) {
        this.oauthFailures++;
        this.failedCallbackUrl = res.url();
        for (const w of this.waiters.splice(0)) if (this.oauthFailures > w.after) w.resolve();
      } else if (status >= 500) {
        this.serverErrors.push(status);
      }
    });
  }

  get oauthFailureCount(): number {
    return this.oauthFailures;
  }

  /** Resolves once the OAuth callback has failed more than `after` times. */
  oauthFailedAfter(after: number): Promise<void> {
    if (this.oauthFailures > after) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ after, resolve }));
  }
}
