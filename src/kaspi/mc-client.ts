import type { ProxyDispatchers } from '../infra/http/proxy-dispatchers.ts';
import { KaspiError, KaspiSessionExpiredError, understood } from './kaspi-errors.ts';
import { BROWSER_USER_AGENT, kaspiRequest, parseJson } from './kaspi-http.ts';
import { type MerchantDetails, type MerchantRef, parseMerchantDetails, parseMerchantList } from './mc-parsers.ts';
import { cookieHeaderFor, type SessionCookie } from './session-cookies.ts';

/** What a cabinet call needs: the session's cookies and the egress to use. */
export interface CabinetSession {
  cookies: SessionCookie[];
  proxyUrl?: string | undefined;
}

/**
 * Kaspi answered 429: the merchant account is banned for a while (about 30 minutes for the
 * pricefeed). A KaspiError (kaspi_unavailable) like any other refusal, but its own class so callers can pause the
 * account's budget instead of retrying into a longer ban.
 */
export class KaspiRateLimitedError extends KaspiError {
  constructor(
    detail: string,
    /** Kaspi's Retry-After, when it sent one. */
    readonly retryAfterMs: number | undefined,
  ) {
    super('kaspi_unavailable', detail);
    this.name = 'KaspiRateLimitedError';
  }
}

const GET_MERCHANT_QUERY = 'query getMerchant($id:String!){merchant(id:$id){id name logo{url} points{id name enabled virtual type city{id name}}}}';

/**
 * The merchant cabinet API ("MC", kaspi-protocol.md section 2). Every cabinet call of the project goes
 * through `call`, which sends what Kaspi demands (all session cookies, `x-auth-version: 3`, Origin,
 * Referer, Accept, a browser User-Agent) and turns a dead session into KaspiSessionExpiredError.
 */
/** The headers every cabinet call sends (the session's cookies for `url`, Kaspi's `x-auth-version: 3`). */
export function cabinetHeaders(session: CabinetSession, url: string): Record<string, string> {
  return {
    cookie: cookieHeaderFor(session.cookies, url),
    'x-auth-version': '3',
    origin: 'https://kaspi.kz',
    referer: 'https://kaspi.kz/',
    accept: 'application/json, text/plain, */*',
    'user-agent': BROWSER_USER_AGENT,
  };
}

export class McClient {
  constructor(
    private readonly options: { baseUrl: string; timeoutMs: number },
    private readonly dispatchers: ProxyDispatchers,
  ) {}

  /** Who am I: the merchants of the logged-in account. Doubles as the session probe (2.1). */
  async merchants(session: CabinetSession): Promise<MerchantRef[]> {
    const body = await this.call(session, 'GET', '/s/m');
    return understood(() => parseMerchantList(body), 'the merchant list');
  }

  /** Name and pickup points of one merchant (2.2). */
  async merchant(session: CabinetSession, uid: string): Promise<MerchantDetails> {
    const body = await this.call(session, 'POST', '/mc/facade/graphql?opName=getMerchant', {
      operationName: 'getMerchant',
      variables: { id: uid },
      query: GET_MERCHANT_QUERY,
    });
    return understood(() => parseMerchantDetails(body, uid), `merchant ${uid}`);
  }

  /** Any cabinet call answering JSON: the parsed body. */
  async call(session: CabinetSession, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const url = new URL(path, this.options.baseUrl).toString();
    const headers = cabinetHeaders(session, url);
    if (body !== undefined) headers['content-type'] = 'application/json; charset=UTF-8';
    const what = `cabinet ${method} ${url.replace(/\?.*$/, '').replace(this.options.baseUrl.replace(/\/$/, ''), '')}`;
    const res = await kaspiRequest(url, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
      dispatcher: this.dispatchers.dispatcher(session.proxyUrl),
      proxied: session.proxyUrl !== undefined,
      timeoutMs: this.options.timeoutMs,
      what,
    });
    if (res.status === 401) throw new KaspiSessionExpiredError(`${what} answered 401`);
    if (res.status >= 300 && res.status < 400) {
      // (quirk) A dead session is sometimes a redirect to the login page instead of a 401.
      throw new KaspiSessionExpiredError(`${what} redirected to ${String(res.headers['location'] ?? 'elsewhere')}`);
    }
    if (res.status === 429) {
      const retryAfter = Number(res.headers['retry-after']);
      throw new KaspiRateLimitedError(`Kaspi rate-limited ${what} (429); try again later.`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
    }
    if (res.status >= 400) throw new KaspiError('kaspi_unavailable', `Kaspi answered ${res.status} to ${what}.`);
    // Some writes (the pricefeed) succeed with an empty body: that is an answer, not a page.
    if (res.text.trim() === '') return null;
    return parseJson(res, what);
  }
}
