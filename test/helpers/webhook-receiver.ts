import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  body: string;
  json: Record<string, unknown>;
  signature: string | undefined;
  /** Whether the receiver accepted it: a valid signature with a recent timestamp. */
  verified: boolean;
  /** The status it answered. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The signing secret (shown once when the webhook was created). */
  secret: string | undefined;
  /** The status to answer to valid deliveries (default 200): a 500 makes the sender retry. */
  status: number;
  close(): Promise<void>;
}

/**
 * What an integrator's receiver does with `X-Demper-Signature: t=<unix s>,v1=<hex>`, written
 * independently of the sender: HMAC-SHA256 over `<t>.<raw body>` with the secret, compared in
 * constant time, and a timestamp more than 5 minutes away refused (a replay). A bad delivery gets 400.
 */
export function receiverAccepts(secret: string, rawBody: string, header: string | undefined, nowSeconds = Date.now() / 1000): boolean {
  const fields = new Map((header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = fields.get('t');
  const v1 = fields.get('v1');
  if (!t || !v1 || !/^\d+$/.test(t)) return false;
  if (Math.abs(nowSeconds - Number(t)) > 300) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    secret: undefined,
    status: 200,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = req.headers['x-demper-signature'] as string | undefined;
      const verified = receiver.secret !== undefined && receiverAccepts(receiver.secret, body, signature);
      const status = verified ? receiver.status : 400;
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {}
      receiver.received.push({ body, json, signature, verified, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/demper`;
  receiver.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}
