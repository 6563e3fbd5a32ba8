import { Type } from 'typebox';
import { commaList, msFromSeconds, section, variable } from './define.ts';

export const security = section('Security', {
  secretKey: variable(
    'SECRET_KEY',
    Type.Optional(
      Type.String({
        minLength: 32,
        description:
          'Encryption key for secrets at rest (Kaspi passwords, cookies, API tokens; AES-256-GCM) and token signing; 32+ characters. ' +
          'Required with DATABASE_URL; embedded mode generates one into DATA_DIR/secret.key when unset.',
      }),
    ),
    {
      // A generated key only makes sense for one embedded process; with a shared database every
      // process on every machine must hold the same key, so it has to be given.
      check: (key, env) => (env['DATABASE_URL'] && !key ? 'required when DATABASE_URL is set (32+ characters)' : undefined),
    },
  ),
  previousSecretKeys: variable(
    'SECRET_KEY_PREVIOUS',
    Type.Optional(Type.String({ description: 'Old keys, comma-separated, still accepted for opening secrets after a rotation (move the old SECRET_KEY here).' })),
    { to: commaList },
  ),
  tokenTtl: variable('TOKEN_TTL', Type.String({ default: '7d', pattern: '^[0-9]+[smhd]$', description: 'Bearer token lifetime: 30m, 12h, 7d...' })),
  passwordHashLogN: variable('PASSWORD_HASH_LOG_N', Type.Integer({ minimum: 10, maximum: 20, default: 17, description: 'scrypt cost, N = 2^value (17 = OWASP baseline).' })),
  authRateLimitPerMinute: variable('AUTH_RATE_LIMIT_PER_MINUTE', Type.Integer({ minimum: 1, default: 20, description: 'Register/login attempts per client IP per minute.' })),
  loginBackoff: {
    freeFailures: variable(
      'LOGIN_FAILURES_BEFORE_BACKOFF',
      Type.Integer({ minimum: 1, maximum: 100, default: 5, description: 'Failed logins for one e-mail (from any IP) before each further failure locks that e-mail out.' }),
    ),
    maxMs: variable(
      'LOGIN_BACKOFF_MAX_SECONDS',
      Type.Integer({
        minimum: 1,
        maximum: 86_400,
        default: 900,
        description:
          'Longest lockout of one e-mail (seconds); lockouts double from 1 s with each failure past LOGIN_FAILURES_BEFORE_BACKOFF. Failures are forgotten a day after the last one, or at a successful login.',
      }),
      { to: msFromSeconds },
    ),
  },
  metricsToken: variable('METRICS_TOKEN', Type.Optional(Type.String({ minLength: 1, description: 'When set, GET /metrics needs `Authorization: Bearer <token>`; unset, /metrics is open.' }))),
});
