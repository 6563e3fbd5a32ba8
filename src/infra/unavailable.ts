/**
 * Whether an error means that a backing service (PostgreSQL or Redis) cannot serve right now, as
 * opposed to a request it refused: the caller may retry shortly (the API answers 503 with Retry-After).
 * Drivers say so in different ways, some with a code and some only with a message, and Drizzle wraps
 * the driver's error (its `cause`), so the whole cause chain is looked at.
 */
export function unavailableBackend(err: unknown): 'database' | 'redis' | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && isDatabaseUnavailableCode(code)) return 'database';
    if (e.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((m) => m.test(e.message))) return 'redis';
    if (DATABASE_MESSAGES.some((m) => m.test(e.message))) return 'database';
  }
  return undefined;
}

/**
 * PostgreSQL's codes for "not now": connection exceptions (08), insufficient resources such as too
 * many connections (53), operator intervention and shutdown (57P), a statement cancelled by
 * statement_timeout (57014), a database that does not exist (3D000); and the socket's own failures.
 */
function isDatabaseUnavailableCode(code: string): boolean {
  return (
    code.startsWith('08') ||
    code.startsWith('53') ||
    code.startsWith('57P') ||
    code === '57014' ||
    code === '3D000' ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)
  );
}

/** node-postgres and its pool fail without a code when no connection comes or one dies mid-query. */
const DATABASE_MESSAGES = [/^timeout exceeded when trying to connect$/, /^Connection terminated/, /^Client has encountered a connection error/, /^Client was closed/];

/** ioredis: a command that waited past commandTimeout, or a connection that is down. */
const REDIS_MESSAGES = [/^Command timed out$/, /^Connection is closed\.?$/, /^Stream isn't writeable/, /^Redis did not take the job in time$/];
