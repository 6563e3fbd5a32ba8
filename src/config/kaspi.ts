import ipaddr from 'ipaddr.js';
import { Type } from 'typebox';
import { commaList, section, variable } from './define.ts';

const PROXY = /^https?:\/\/[^\s/]+(:\d+)?\/?$/;

export const kaspi = section(
  'Kaspi',
  {
    kaspi: {
      idmcUrl: variable('KASPI_IDMC_URL', Type.String({ format: 'uri', default: 'https://idmc.shop.kaspi.kz', description: 'Identity provider (login pages).' })),
      mcUrl: variable('KASPI_MC_URL', Type.String({ format: 'uri', default: 'https://mc.shop.kaspi.kz', description: 'Merchant cabinet API.' })),
      shopUrl: variable('KASPI_SHOP_URL', Type.String({ format: 'uri', default: 'https://kaspi.kz', description: 'Public storefront.' })),
    },
    kaspiHttpTimeoutMs: variable('KASPI_HTTP_TIMEOUT_MS', Type.Integer({ minimum: 100, default: 20_000, description: 'Budget of one cabinet or storefront HTTP call, in ms.' })),
    kaspiProxies: variable(
      'KASPI_PROXIES',
      Type.Optional(
        Type.String({
          description:
            'Egress proxies for Kaspi calls of stores without a proxy of their own (Kaspi serves Kazakhstani IPs only): ' +
            'comma-separated http(s)://[user:pass@]host:port. Each merchant sticks to one of them. Unset: direct.',
        }),
      ),
      {
        to: commaList,
        // Names the rule, never the value: a proxy URL may carry a password.
        check: (value) => (commaList(value).every((proxy) => PROXY.test(proxy)) ? undefined : 'each entry must be http(s)://[user:pass@]host:port'),
      },
    ),
    proxyAllowedNetworks: variable(
      'PROXY_ALLOWED_NETWORKS',
      Type.Optional(
        Type.String({
          description:
            "Networks a proxy (a store's own or KASPI_PROXIES) may be in although they are not public: comma-separated CIDRs or addresses, " +
            'e.g. 10.20.0.0/16 for a private proxy fleet. Unset: a proxy must resolve only to public addresses (private, loopback, link-local, ' +
            'metadata, multicast and reserved ones are refused when a proxy is saved and on every connection).',
        }),
      ),
      {
        to: commaList,
        check: (value) => (commaList(value).every((n) => ipaddr.isValidCIDR(n) || ipaddr.isValid(n)) ? undefined : 'each entry must be a CIDR (10.0.0.0/8, fd00::/8) or an IP address'),
      },
    ),
  },
  'Defaults are the real hosts; point them at `npm run sim` for demos and tests.',
);
