import { Type } from 'typebox';
import { msFromSeconds, section, variable } from './define.ts';

export const browser = section('Kaspi shop linking (browser login, sessions)', {
  chromiumPath: variable('CHROMIUM_PATH', Type.String({ default: '/usr/bin/chromium', description: "The browser for the merchant-cabinet login (Debian's chromium)." })),
  browser: {
    poolSize: variable(
      'BROWSER_POOL_SIZE',
      Type.Integer({
        minimum: 1,
        maximum: 32,
        default: 2,
        description: 'Chromium processes that logins share; more concurrent logins queue. About one login per 1-2 s per browser.',
      }),
    ),
    maxUses: variable('BROWSER_MAX_USES', Type.Integer({ minimum: 1, default: 50, description: 'Logins per Chromium before it is replaced by a fresh one.' })),
    maxWaitingLogins: variable(
      'BROWSER_MAX_WAITING_LOGINS',
      Type.Integer({
        minimum: 0,
        maximum: 1000,
        default: 20,
        description: "Users' logins that may wait for a browser in one process; past it the API answers 503 kaspi_busy with Retry-After. Session renewals never count and go first.",
      }),
    ),
  },
  kaspiLoginLimits: {
    perUser: variable(
      'KASPI_LOGINS_PER_USER',
      Type.Integer({ minimum: 1, default: 10, description: 'Browser logins a user may start (authenticate, sms_start) per KASPI_LOGIN_LIMIT_WINDOW_SECONDS; then 429.' }),
    ),
    perIp: variable(
      'KASPI_LOGINS_PER_IP',
      Type.Integer({ minimum: 1, default: 30, description: 'Browser logins one client IP may start per KASPI_LOGIN_LIMIT_WINDOW_SECONDS, whichever user; then 429.' }),
    ),
    windowMs: variable('KASPI_LOGIN_LIMIT_WINDOW_SECONDS', Type.Integer({ minimum: 1, default: 600, description: 'The window of KASPI_LOGINS_PER_USER and KASPI_LOGINS_PER_IP (seconds).' }), {
      to: msFromSeconds,
    }),
  },
  kaspiLogin: {
    timeoutMs: variable(
      'KASPI_LOGIN_TIMEOUT_MS',
      Type.Integer({
        minimum: 1000,
        default: 45_000,
        description: 'Budget of one login step (page load to outcome), in ms; past it the API answers 504.',
      }),
    ),
    pendingTtlSeconds: variable(
      'PENDING_LOGIN_TTL_SECONDS',
      Type.Integer({
        minimum: 30,
        maximum: 3600,
        default: 300,
        description: 'How long a login waits for its SMS code (seconds); then sms_verify answers kaspi_login_expired.',
      }),
    ),
    viaProxy: variable(
      'KASPI_LOGIN_VIA_PROXY',
      Type.Boolean({
        default: false,
        description: "Whether browser logins also go through KASPI_PROXIES (a store's own proxy always carries its renewals).",
      }),
    ),
    statusCacheMs: variable(
      'SESSION_STATUS_CACHE_SECONDS',
      Type.Integer({
        minimum: 0,
        maximum: 3600,
        default: 30,
        description: "How long GET .../session/ reuses its live check of a store's session (seconds); the check itself spends the merchant's cabinet-read budget.",
      }),
      { to: msFromSeconds },
    ),
    watchMs: variable(
      'SESSION_WATCH_SECONDS',
      Type.Integer({
        minimum: 0,
        maximum: 86_400,
        default: 300,
        description:
          "How often worker processes check each linked store's Kaspi session with one cabinet read (seconds), renewing a dead one at once or marking the store needs_reauth; 0 turns the watch off.",
      }),
      { to: msFromSeconds },
    ),
  },
});
