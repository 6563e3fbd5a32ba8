import { Type } from 'typebox';
import { commaList, section, variable } from './define.ts';

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
  metricsToken: variable('METRICS_TOKEN', Type.Optional(Type.String({ minLength: 1, description: 'When set, GET /metrics needs `Authorization: Bearer <token>`; unset, /metrics is open.' }))),
});
