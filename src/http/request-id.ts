import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A client's id is kept when it is a short token that is safe in logs and headers. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request id: the client's `x-request-id` when it is a safe token (up to 128 characters of
 * letters, digits and `.`, `_`, `:`, `-`), so a caller can follow its request through our logs;
 * otherwise (absent, repeated, too long, other characters) a fresh UUID.
 */
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : crypto.randomUUID();
}
