import net from 'node:net';
import { Type } from 'typebox';
import { commaList, msFromSeconds, section, variable } from './define.ts';

/**
 * What Fastify's `trustProxy` gets: a number of proxy hops whose `X-Forwarded-For` entries are believed
 * (counted from the right, the end our own proxies write), or the addresses/networks of our proxies.
 * `true` is one hop (the reverse proxy in front), never "believe every hop": that would let a client
 * choose its own IP for the rate limits by sending the header itself.
 */
export type TrustProxy = false | number | string[];

function trustProxyOf(value: string): TrustProxy {
  const text = value.trim().toLowerCase();
  if (text === 'false' || text === '0') return false;
  if (text === 'true') return 1;
  if (/^\d+$/.test(text)) return Number(text);
  return commaList(value);
}

/** An address or CIDR network Fastify's proxy-addr accepts (a v4 or v6 address, optional /bits). */
function isNetwork(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || !address) return false;
  const family = net.isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export const http = section('HTTP', {
  env: variable('NODE_ENV', Type.String({ default: 'development', description: 'development, production or test.' })),
  host: variable('HOST', Type.String({ default: '0.0.0.0', description: 'Address the API listens on.' })),
  port: variable('PORT', Type.Integer({ minimum: 0, maximum: 65535, default: 8010, description: 'HTTP port.' })),
  publicUrl: variable(
    'PUBLIC_URL',
    Type.Optional(
      Type.String({
        pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$',
        maxLength: 500,
        description:
          'Where clients reach the API, e.g. https://demper.example.kz (a path prefix is kept): the base of absolute links such as the next/previous page of a list. ' +
          'Unset: http://localhost:PORT. Links never come from the Host header.',
      }),
    ),
    { to: (url, env) => (url ?? `http://localhost:${env['PORT'] ?? 8010}`).replace(/\/+$/, '') },
  ),
  trustProxy: variable(
    'TRUST_PROXY',
    Type.String({
      default: 'false',
      description:
        'Which X-Forwarded-For hops give the client IP (rate limits, logs): false (none: the peer address), a number of proxy hops in front ' +
        '(true = 1), or comma-separated addresses/CIDR networks of your proxies (e.g. 10.0.0.0/8,127.0.0.1).',
    }),
    {
      to: trustProxyOf,
      check: (value) => {
        const trust = trustProxyOf(value);
        if (Array.isArray(trust) && (trust.length === 0 || !trust.every(isNetwork))) return 'must be true, false, a number of hops or a list of IP addresses/CIDR networks';
        if (typeof trust === 'number' && trust > 10) return 'at most 10 hops';
        return undefined;
      },
    },
  ),
  eventsHeartbeatMs: variable(
    'EVENTS_HEARTBEAT_SECONDS',
    Type.Integer({
      minimum: 1,
      maximum: 300,
      default: 15,
      description: 'A comment line on every open live-event stream (GET /api/v1/events/) this often, so proxies and browsers do not drop a quiet one (seconds).',
    }),
    { to: msFromSeconds },
  ),
  logLevel: variable('LOG_LEVEL', Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info', description: 'pino log level.' })),
});
