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
          'Required with DATABASE_URL; embedded mode generates one into DATA_DIR/secret.key when unset. Example placeholders and weak keys are refused.',
      }),
    ),
    {
      // A generated key only makes sense for one embedded process; with a shared database every
      // process on every machine must hold the same key, so it has to be given.
      check: (key, env) => (env['DATABASE_URL'] && !key ? 'required when DATABASE_URL is set (32+ characters)' : key && weakSecretKey(key)),
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
  metricsToken: variable(
    'METRICS_TOKEN',
    Type.Optional(Type.String({ minLength: 1, description: 'When set, GET /metrics needs `Authorization: Bearer <token>`. Unset: /metrics answers 404 unless METRICS_PUBLIC=true.' })),
  ),
  metricsPublic: variable(
    'METRICS_PUBLIC',
    Type.Boolean({ default: false, description: 'Serve GET /metrics without a token (only where the port is reachable by the scraper alone). Not together with METRICS_TOKEN.' }),
    { check: (open, env) => (open && env['METRICS_TOKEN'] ? 'set either METRICS_TOKEN or METRICS_PUBLIC=true, not both' : undefined) },
  ),
});

/**
 * Keys that were shown as examples (the old `.env.example` had `change-me-to-a-long-random-string-of-32-plus-characters`)
 * or read like one: a deployment that copied a placeholder signs tokens with a key anyone can read.
 */
const PLACEHOLDERS = [
  /change[\s_-]*(me|it|this)/i,
  /replace[\s_-]*(me|it|this|with)/i,
  /placeholder/i,
  /your[\s_-]*(own[\s_-]*)?(secret|key)/i,
  /random[\s_-]*(string|characters|chars)/i,
  /(secret|key)[\s_-]*here/i,
  /^<.*>$/,
];

/** Why a key is refused, never echoing it; undefined for a key that looks random enough. */
function weakSecretKey(key: string): string | undefined {
  const fix = 'use 32+ random characters, e.g. `openssl rand -base64 48`';
  if (PLACEHOLDERS.some((pattern) => pattern.test(key))) return `is a placeholder from an example, not a secret; ${fix}`;
  // A repeated unit (`abcabc...`) or a handful of characters (`0000...`, `0123456789` twice) is guessable whatever its length.
  const repeated = /^(.{1,16}?)\1+$/su.test(key);
  if (repeated || new Set(key).size < 12) return `is too weak (a repeated pattern or fewer than 12 different characters); ${fix}`;
  return undefined;
}
