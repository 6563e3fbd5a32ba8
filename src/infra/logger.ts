import type { BaseLogger, Bindings, LoggerOptions } from 'pino';

/**
 * The logger every layer takes: pino's, which Fastify also uses as its own (a Fastify request logger
 * is one), so services, jobs and clients log without knowing about HTTP.
 */
export interface Logger extends Pick<BaseLogger, 'level' | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'> {
  child(bindings: Bindings): Logger;
}

/** Paths whose values never reach a log line: credentials, tokens, cookies, sealed secrets. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-auth-token"]',
  'req.headers["x-metrics-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.api_key',
  '*.apiKey',
  '*.secret',
  '*.cookies',
  'password',
  'token',
  'api_key',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
}
