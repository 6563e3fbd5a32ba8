import { type Dispatcher, errors, request } from 'undici';
import { ProxyAddressRefusedError } from '../infra/http/proxy-guard.ts';
import { KaspiError } from './kaspi-errors.ts';

/** The browser Kaspi's web pages expect; some endpoints refuse clients that do not look like one. */
export const BROWSER_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

export interface KaspiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  contentType: string;
  text: string;
}

/**
 * One HTTP call to a Kaspi host with a total deadline. Network failures and timeouts become
 * KaspiError (502 / 504) naming `what`; any answer, whatever its status, is returned to the caller.
 * Redirects are not followed: a redirect to the login page means a dead session.
 */
export async function kaspiRequest(
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; dispatcher: Dispatcher; timeoutMs: number; what: string; proxied: boolean },
): Promise<KaspiResponse> {
  const signal = AbortSignal.timeout(init.timeoutMs);
  try {
    const res = await request(url, { method: init.method, headers: init.headers, body: init.body ?? null, dispatcher: init.dispatcher, signal });
    const text = await res.body.text();
    const contentType = String(res.headers['content-type'] ?? '');
    return { status: res.statusCode, headers: res.headers, contentType, text };
  } catch (err) {
    throw transportError(err, { signal, ...init });
  }
}

/**
 * What a call that got no answer becomes. Through a proxy (a seller's own one is untrusted input),
 * a refused, reset, silent or timed-out connection all read the same, code and message, so the
 * answer tells nothing about what listens behind the proxy's address; an address the policy refuses
 * says so, by the rule.
 */
export function transportError(err: unknown, call: { signal: AbortSignal; timeoutMs: number; what: string; proxied: boolean }): KaspiError {
  if (err instanceof ProxyAddressRefusedError) return new KaspiError('kaspi_unavailable', `${err.message} (${call.what})`);
  if (call.proxied) return new KaspiError('kaspi_unavailable', `Kaspi could not be reached through the proxy within ${call.timeoutMs} ms (${call.what}).`);
  if (call.signal.aborted || err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError || err instanceof errors.ConnectTimeoutError) {
    return new KaspiError('kaspi_timeout', `Kaspi did not answer in time (${call.what}, ${call.timeoutMs} ms).`);
  }
  const reason = (err as { code?: string }).code ?? (err as Error).message;
  return new KaspiError('kaspi_unavailable', `Kaspi is unreachable (${call.what}: ${reason}).`);
}

export function parseJson(res: KaspiResponse, what: string): unknown {
  if (!/json/i.test(res.contentType)) {
    // An anti-bot or error page arrives as 200 text/html: never read it as an empty answer.
    throw new KaspiError('kaspi_unavailable', `Kaspi answered ${what} with a page instead of data (${res.contentType || 'no content type'}).`);
  }
  try {
    return JSON.parse(res.text);
  } catch {
    throw new KaspiError('kaspi_unavailable', `Kaspi answered ${what} with malformed JSON.`);
  }
}
