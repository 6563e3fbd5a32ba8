import crypto from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What a browser session carries: the `kd_session` cookie (the session's id and a MAC of it, so a
 * session id seen elsewhere, in a log or a database dump, is not a cookie) and the CSRF token (another
 * MAC of the id, under another key: derived on every request, stored nowhere, and never the cookie).
 */
export class SessionTokens {
  constructor(
    private readonly cookieKey: Buffer,
    private readonly csrfKey: Buffer,
  ) {}

  cookieValue(sessionId: string): string {
    return `${sessionId}.${mac(this.cookieKey, sessionId)}`;
  }

  /** The session a cookie names, or undefined for a cookie that is malformed or forged. */
  sessionIdOf(cookie: string): string | undefined {
    const dot = cookie.indexOf('.');
    const sessionId = cookie.slice(0, dot);
    if (dot < 0 || !UUID.test(sessionId)) return undefined;
    return safeEqual(cookie.slice(dot + 1), mac(this.cookieKey, sessionId)) ? sessionId : undefined;
  }

  csrfToken(sessionId: string): string {
    return mac(this.csrfKey, sessionId);
  }

  csrfMatches(sessionId: string, given: string | undefined): boolean {
    return given !== undefined && safeEqual(given, this.csrfToken(sessionId));
  }
}

function mac(key: Buffer, sessionId: string): string {
  return crypto.createHmac('sha256', key).update(sessionId).digest('base64url');
}

/** Compares in constant time (for strings of the expected length; a wrong length fails at once). */
function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
