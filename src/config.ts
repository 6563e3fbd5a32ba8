import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Typed configuration read from the environment once, at start.
 * A bad value stops the process with a message naming the variable, instead of failing later.
 */
const EnvSchema = Type.Object({
  NODE_ENV: Type.String({ default: 'development' }),
  HOST: Type.String({ default: '0.0.0.0' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8010 }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  REDIS_PREFIX: Type.String({ default: 'kaspi-demper', pattern: '^[A-Za-z0-9:_-]+$' }),
  DATA_DIR: Type.String({ default: './.data' }),
  SECRET_KEY: Type.Optional(Type.String({ minLength: 32 })),
  SECRET_KEY_PREVIOUS: Type.Optional(Type.String()),
  MIGRATE_ON_START: Type.Boolean({ default: true }),
  RUN_WORKERS: Type.Optional(Type.Boolean()),
  WORKER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 4 }),
  PASSWORD_HASH_LOG_N: Type.Integer({ minimum: 10, maximum: 20, default: 17, description: 'scrypt cost: N = 2^value' }),
  TOKEN_TTL: Type.String({ default: '7d', pattern: '^[0-9]+[smhd]$' }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  AUTH_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 20 }),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 1 })),
  KASPI_IDMC_URL: Type.String({ format: 'uri', default: 'https://idmc.shop.kaspi.kz' }),
  KASPI_MC_URL: Type.String({ format: 'uri', default: 'https://mc.shop.kaspi.kz' }),
  KASPI_SHOP_URL: Type.String({ format: 'uri', default: 'https://kaspi.kz' }),
  KASPI_API_URL: Type.String({ format: 'uri', default: 'https://kaspi.kz/shop/api/v2' }),
  CHROMIUM_PATH: Type.String({ default: '/usr/bin/chromium' }),
  BROWSER_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 32, default: 2, description: 'Chromium processes logins share; more logins queue' }),
  BROWSER_MAX_USES: Type.Integer({ minimum: 1, default: 50, description: 'logins per Chromium before it is replaced' }),
  KASPI_LOGIN_TIMEOUT_MS: Type.Integer({ minimum: 1000, default: 45_000, description: 'one browser login step, page load to outcome' }),
  KASPI_HTTP_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 20_000, description: 'one cabinet or storefront HTTP call' }),
  PENDING_LOGIN_TTL_SECONDS: Type.Integer({ minimum: 30, maximum: 3600, default: 300, description: 'how long a login waits for its SMS code' }),
  KASPI_PROXIES: Type.Optional(Type.String({ description: 'comma-separated http(s)://[user:pass@]host:port proxies for Kaspi calls' })),
  KASPI_CABINET_READS_PER_SECOND: Type.Number({ exclusiveMinimum: 0, maximum: 100, default: 1, description: 'offer-list pages per merchant account' }),
  KASPI_WRITES_PER_SECOND: Type.Number({ exclusiveMinimum: 0, maximum: 2.5, default: 1.5, description: 'pricefeed calls per merchant account (Kaspi bans at ~3/s)' }),
  STOREFRONT_READS_PER_SECOND: Type.Number({ exclusiveMinimum: 0, maximum: 14, default: 8, description: 'storefront reads per egress IP (Kaspi answers 403 at ~15/s)' }),
  STOREFRONT_BAN_PAUSE_SECONDS: Type.Number({ minimum: 1, default: 15, description: 'an egress IP rests this long after a storefront 403' }),
  PRICEFEED_BAN_PAUSE_SECONDS: Type.Number({ minimum: 1, default: 1800, description: 'a merchant account rests this long after a pricefeed 429' }),
  BUDGET_RESTART_HOLD_SECONDS: Type.Number({
    minimum: 0,
    default: 60,
    description: 'after Redis restarts (its schedule lost), requests to Kaspi wait this long: longer than any taker waits for a slot',
  }),
  SYNC_INTERVAL_HOURS: Type.Number({ minimum: 0, default: 6, description: 'resync every linked store this often; 0 turns it off' }),
  SYNC_SCHEDULER_TICK_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
  SYNC_PAGE_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 10, default: 3, description: 'tries per offer-list page before a sync fails' }),
  SYNC_RETRY_DELAY_MS: Type.Integer({ minimum: 0, default: 2000 }),
  KASPI_LOGIN_VIA_PROXY: Type.Boolean({ default: false, description: 'browser logins also go through the proxy pool' }),
  MARKET_CACHE_SECONDS: Type.Integer({ minimum: 0, maximum: 3600, default: 60, description: 'one storefront read of (product, city) serves every seller this long; 0 turns caching off' }),
  MEMORY_CACHE_MAX_ENTRIES: Type.Integer({ minimum: 100, default: 10_000, description: 'entries of the in-memory cache (used without REDIS_URL)' }),
  PRODUCT_CARD_MAX_AGE_HOURS: Type.Number({ exclusiveMinimum: 0, default: 24, description: 'a product card older than this is read again' }),
  CARDS_AFTER_SYNC: Type.Boolean({ default: true, description: 'queue a product card refresh after every catalogue sync' }),
  MANUAL_PRICE_MAX_WAIT_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 10_000, description: "how long a manual price change waits for the merchant's write budget before answering 503" }),
  DEMPER_RUN: Type.Boolean({ default: true, description: 'workers run the repricer (claim due products and check them)' }),
  DEMPER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 512, default: 48, description: 'product checks in flight per worker process (they mostly wait for the read budget)' }),
  DEMPER_CLAIM_BATCH: Type.Integer({ minimum: 1, maximum: 1000, default: 48, description: 'due products claimed per database round trip' }),
  DEMPER_LEASE_SECONDS: Type.Integer({ minimum: 10, default: 120, description: "a worker's claim on a product; a killed worker's claims come back after this" }),
  DEMPER_MIN_INTERVAL_SECONDS: Type.Integer({ minimum: 1, default: 60, description: 'the shortest check_interval_seconds a store may set' }),
  DEMPER_VERIFY_DELAY_SECONDS: Type.Number({ minimum: 0, default: 60, description: "after a price change the product is checked again this soon, to verify Kaspi applied it (Kaspi's ingest delay)" }),
  DEMPER_MARKET_MAX_AGE_SECONDS: Type.Number({ minimum: 0, default: 20, description: 'a storefront read of (product, city) this young serves every shop that sells the product' }),
  DEMPER_RETRY_SECONDS: Type.Number({ minimum: 1, default: 60, description: 'a check that failed (storefront refused, session renewing) is retried this soon' }),
  PREORDER_VERIFY_TIMEOUT_SECONDS: Type.Number({ exclusiveMinimum: 0, default: 600, description: 'a pushed preorder not seen on the storefront within this is failed' }),
  PREORDER_VERIFY_INTERVAL_SECONDS: Type.Number({ exclusiveMinimum: 0, default: 30, description: 'between storefront checks of a pending preorder (the first waits this long too)' }),
});

type Env = Static<typeof EnvSchema>;

export interface AppConfig {
  env: string;
  host: string;
  port: number;
  logLevel: Env['LOG_LEVEL'];
  /** Unset: embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Unset: in-process queue and in-memory cache/limits. */
  redisUrl: string | undefined;
  /** Namespace of every Redis key this deployment writes (queues, rate limits, budgets). */
  redisPrefix: string;
  dataDir: string;
  /** Unset only in embedded mode, where a key is generated into dataDir. */
  secretKey: string | undefined;
  previousSecretKeys: string[];
  migrateOnStart: boolean;
  /** Whether `serve` also consumes jobs. Default: only when there is no Redis (one process does everything). */
  runWorkers: boolean;
  workerConcurrency: number;
  passwordHashLogN: number;
  tokenTtl: string;
  trustProxy: boolean;
  authRateLimitPerMinute: number;
  metricsToken: string | undefined;
  kaspi: { idmcUrl: string; mcUrl: string; shopUrl: string; apiUrl: string };
  chromiumPath: string;
  browser: { poolSize: number; maxUses: number };
  kaspiLogin: { timeoutMs: number; pendingTtlSeconds: number; viaProxy: boolean };
  kaspiHttpTimeoutMs: number;
  /** Egress proxies for Kaspi calls of stores without their own proxy (Kaspi serves Kazakhstani IPs only). */
  kaspiProxies: string[];
  budgets: {
    cabinetReadsPerSecond: number;
    cabinetWritesPerSecond: number;
    storefrontReadsPerSecond: number;
    storefrontBanPauseMs: number;
    pricefeedBanPauseMs: number;
    restartHoldMs: number;
  };
  sync: { intervalHours: number; schedulerTickSeconds: number; attemptsPerPage: number; retryDelayMs: number };
  market: { cacheTtlMs: number; memoryCacheMaxEntries: number; cardMaxAgeMs: number; cardsAfterSync: boolean };
  pricing: { manualMaxWaitMs: number };
  preorders: { verifyTimeoutMs: number; verifyIntervalMs: number };
  demper: {
    run: boolean;
    concurrency: number;
    claimBatch: number;
    leaseMs: number;
    minIntervalSeconds: number;
    verifyDelayMs: number;
    marketMaxAgeMs: number;
    retryMs: number;
  };
}

function parseProxyList(value: string | undefined): string[] {
  const proxies = (value ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  for (const proxy of proxies) {
    // The message names the variable but never echoes the value: a proxy URL may carry a password.
    if (!/^https?:\/\/[^\s/]+(:\d+)?\/?$/.test(proxy)) throw new ConfigError('Invalid configuration:\n  KASPI_PROXIES: each entry must be http(s)://[user:pass@]host:port');
  }
  return proxies;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, removeAdditional: true });
addFormats.default(ajv);
const validateEnv = ajv.compile<Env>(EnvSchema);

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(EnvSchema.properties);
  // Empty strings count as unset, so `FOO=` in an .env file falls back to the default.
  const env: Record<string, unknown> = {};
  for (const key of known) {
    const value = source[key];
    if (value !== undefined && value !== '') env[key] = value;
  }
  const valid = validateEnv(env);
  const problems = (validateEnv.errors ?? []).map((e) => {
    const name = e.instancePath.replace(/^\//, '') || String(e.params['missingProperty'] ?? '');
    return `${name}: ${e.message}`;
  });
  // A generated key only makes sense for one embedded process; with a shared database every
  // process on every machine must hold the same key, so it has to be given.
  if (env['DATABASE_URL'] && !env['SECRET_KEY']) problems.push('SECRET_KEY: required when DATABASE_URL is set (32+ characters)');
  if (!valid || problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    dataDir: path.resolve(env.DATA_DIR),
    secretKey: env.SECRET_KEY,
    previousSecretKeys: (env.SECRET_KEY_PREVIOUS ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    migrateOnStart: env.MIGRATE_ON_START,
    runWorkers: env.RUN_WORKERS ?? !env.REDIS_URL,
    workerConcurrency: env.WORKER_CONCURRENCY,
    passwordHashLogN: env.PASSWORD_HASH_LOG_N,
    tokenTtl: env.TOKEN_TTL,
    trustProxy: env.TRUST_PROXY,
    authRateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
    metricsToken: env.METRICS_TOKEN,
    kaspi: {
      idmcUrl: env.KASPI_IDMC_URL,
      mcUrl: env.KASPI_MC_URL,
      shopUrl: env.KASPI_SHOP_URL,
      apiUrl: env.KASPI_API_URL,
    },
    chromiumPath: env.CHROMIUM_PATH,
    browser: { poolSize: env.BROWSER_POOL_SIZE, maxUses: env.BROWSER_MAX_USES },
    kaspiLogin: { timeoutMs: env.KASPI_LOGIN_TIMEOUT_MS, pendingTtlSeconds: env.PENDING_LOGIN_TTL_SECONDS, viaProxy: env.KASPI_LOGIN_VIA_PROXY },
    kaspiHttpTimeoutMs: env.KASPI_HTTP_TIMEOUT_MS,
    kaspiProxies: parseProxyList(env.KASPI_PROXIES),
    budgets: {
      cabinetReadsPerSecond: env.KASPI_CABINET_READS_PER_SECOND,
      cabinetWritesPerSecond: env.KASPI_WRITES_PER_SECOND,
      storefrontReadsPerSecond: env.STOREFRONT_READS_PER_SECOND,
      storefrontBanPauseMs: env.STOREFRONT_BAN_PAUSE_SECONDS * 1000,
      pricefeedBanPauseMs: env.PRICEFEED_BAN_PAUSE_SECONDS * 1000,
      restartHoldMs: env.BUDGET_RESTART_HOLD_SECONDS * 1000,
    },
    sync: {
      intervalHours: env.SYNC_INTERVAL_HOURS,
      schedulerTickSeconds: env.SYNC_SCHEDULER_TICK_SECONDS,
      attemptsPerPage: env.SYNC_PAGE_ATTEMPTS,
      retryDelayMs: env.SYNC_RETRY_DELAY_MS,
    },
    market: {
      cacheTtlMs: env.MARKET_CACHE_SECONDS * 1000,
      memoryCacheMaxEntries: env.MEMORY_CACHE_MAX_ENTRIES,
      cardMaxAgeMs: env.PRODUCT_CARD_MAX_AGE_HOURS * 3_600_000,
      cardsAfterSync: env.CARDS_AFTER_SYNC,
    },
    pricing: { manualMaxWaitMs: env.MANUAL_PRICE_MAX_WAIT_MS },
    demper: {
      run: env.DEMPER_RUN,
      concurrency: env.DEMPER_CONCURRENCY,
      claimBatch: env.DEMPER_CLAIM_BATCH,
      leaseMs: env.DEMPER_LEASE_SECONDS * 1000,
      minIntervalSeconds: env.DEMPER_MIN_INTERVAL_SECONDS,
      verifyDelayMs: env.DEMPER_VERIFY_DELAY_SECONDS * 1000,
      marketMaxAgeMs: env.DEMPER_MARKET_MAX_AGE_SECONDS * 1000,
      retryMs: env.DEMPER_RETRY_SECONDS * 1000,
    },
    preorders: { verifyTimeoutMs: env.PREORDER_VERIFY_TIMEOUT_SECONDS * 1000, verifyIntervalMs: env.PREORDER_VERIFY_INTERVAL_SECONDS * 1000 },
  };
}
