import crypto from 'node:crypto';
import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { type ProxyAddressPolicy, ProxyAddressRefusedError } from '../../infra/http/proxy-guard.ts';
import { DeliveryFailure } from './delivery-failure.ts';

/** Said to the user when a webhook URL is refused; names the rule, never the network. */
export const WEBHOOK_ADDRESS_RULE = 'the webhook host must be a public address or resolve only to public addresses (private, loopback, link-local and reserved networks are refused)';

/**
 * `X-Demper-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, as Stripe signs
 * its webhooks: the timestamp is signed with the body, so a receiver that refuses old timestamps
 * refuses replays too.
 */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** What a receiver does (and the tests' receiver does): the header's MAC matches and its time is recent. */
export function verifySignature(secret: string, body: string, header: string | undefined, now: Date, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts['t']);
  if (!Number.isInteger(t) || !parts['v1'] || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  const given = Buffer.from(parts['v1']);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

/**
 * POSTs signed JSON to integrators' URLs. The URL comes from a user: every connection resolves its
 * host through the address policy (WEBHOOK_ALLOWED_NETWORKS), at connect time, so a name that
 * resolves to a public address when saved and to 127.0.0.1 later (DNS rebinding) is refused too.
 */
export class WebhookSender {
  private readonly agent: Agent;

  constructor(
    private readonly policy: ProxyAddressPolicy,
    private readonly timeoutMs: number,
  ) {
    const lookup: LookupFunction = (hostname, options, callback) => {
      policy.resolve(hostname).then(
        (address) => {
          const family = address.includes(':') ? 6 : 4;
          if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
          else callback(null, address, family);
        },
        (err: unknown) => callback(err as NodeJS.ErrnoException, '', 4),
      );
    };
    this.agent = new Agent({ connect: { lookup, timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connections: 16 });
  }

  /** Refuses a URL a webhook may not have (wrong scheme, credentials, a private host). */
  async checkUrl(url: string): Promise<string | undefined> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'must be an absolute http(s) URL';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http(s) URL';
    if (parsed.username || parsed.password) return 'must not carry a user name or password';
    try {
      await this.policy.resolve(parsed.hostname);
    } catch (err) {
      if (err instanceof ProxyAddressRefusedError) return WEBHOOK_ADDRESS_RULE;
      throw err;
    }
    return undefined;
  }

  /** One signed POST; throws a DeliveryFailure saying what went wrong unless the receiver answered 2xx. */
  async post(url: string, secret: string, payload: Record<string, unknown>): Promise<number> {
    const body = JSON.stringify(payload);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'kaspi-demper-webhooks/1',
      'x-demper-signature': signatureHeader(secret, body, new Date()),
      'x-demper-delivery': String(payload['id'] ?? ''),
    };
    let status: number;
    try {
      // IP literals never reach the connect-time lookup: they are checked here.
      await this.policy.resolve(new URL(url).hostname);
      const res = await request(url, { method: 'POST', body, headers, dispatcher: this.agent, signal: AbortSignal.timeout(this.timeoutMs) });
      status = res.statusCode;
      await res.body.dump();
    } catch (err) {
      if (err instanceof ProxyAddressRefusedError) throw new DeliveryFailure('webhook_address_refused', `Refused: ${WEBHOOK_ADDRESS_RULE}.`);
      const cause = err instanceof Error ? err.message : String(err);
      throw new DeliveryFailure('webhook_unreachable', `Could not reach the webhook: ${cause}`, cause);
    }
    if (status < 200 || status > 299) throw new DeliveryFailure('webhook_status', `The webhook answered HTTP ${status}.`, `HTTP ${status}`);
    return status;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
