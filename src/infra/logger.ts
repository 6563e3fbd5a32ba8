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
    serializers: { err: serializeError, error: serializeError, req: serializeRequest },
  };
}

/** A secret in a path: the XML price list's token (`/kaspi/feeds/<token>.xml`). */
const SECRET_IN_PATH = /(\/kaspi\/feeds\/)[^/?#]+/;

/** Requests as log lines: Fastify's fields, with secrets in the path replaced. */
export function serializeRequest(req: { method?: string; url?: string; host?: string; hostname?: string; ip?: string; socket?: { remotePort?: number } }): Record<string, unknown> {
  return {
    method: req.method,
    url: req.url?.replace(SECRET_IN_PATH, '$1[redacted]'),
    host: req.host ?? req.hostname,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * Properties of driver errors that carry a statement or the values in it (Drizzle's `query` and
 * `params`, PostgreSQL's `detail` such as "Key (email)=(...) already exists", `where`, `internalQuery`):
 * a failed register must not log the email and the password hash it tried to insert.
 */
const STATEMENT_KEYS = new Set(['query', 'params', 'parameters', 'values', 'text', 'detail', 'where', 'internalQuery', 'internalPosition']);

/**
 * Errors as log lines: type, message, stack, code and the other fields, with the causes below; a
 * failed query is logged by its name (`insert users`) and its PostgreSQL code, never with its text or
 * bind parameters, which Drizzle also puts in the message (so in the stack's first line).
 */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return err;
  const query = (err as { query?: unknown }).query;
  const failedQuery = typeof query === 'string' && 'params' in err;
  const message = failedQuery ? `Failed query: ${queryName(query)}` : err.message;
  const out: Record<string, unknown> = { type: err.name, message };
  if (failedQuery) out['query'] = queryName(query);
  if (err.stack) {
    // The stack starts with "<name>: <message>", the message as it was: only the frames are kept.
    const frames = err.stack.indexOf('\n    at ');
    out['stack'] = `${err.name}: ${message}${frames >= 0 ? err.stack.slice(frames) : ''}`;
  }
  for (const [key, value] of Object.entries(err)) {
    if (key in out || key === 'cause' || STATEMENT_KEYS.has(key)) continue;
    out[key] = value instanceof Error ? serializeError(value, depth + 1) : value;
  }
  if (err.cause !== undefined && depth < 5) out['cause'] = serializeError(err.cause, depth + 1);
  return out;
}

/** `insert into "users" ...` -> `insert users`; `select ... from "jobs" ...` -> `select jobs`. */
export function queryName(statement: string): string {
  const write = /^\s*(insert\s+into|update|delete\s+from)\s+"?([\w.]+)"?/i.exec(statement);
  if (write) return `${write[1]!.split(/\s+/)[0]!.toLowerCase()} ${write[2]}`;
  const read = /^\s*select\b[\s\S]*?\bfrom\s+"?([\w.]+)"?/i.exec(statement);
  if (read) return `select ${read[1]}`;
  return /^\s*(\w+)/.exec(statement)?.[1]?.toLowerCase() ?? 'statement';
}
