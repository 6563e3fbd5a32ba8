import { randomBytes } from 'node:crypto';

export interface Session {
  token: string;
  sid: string;
  email: string;
  createdAt: number;
  expiresAt: number;
}

export type SessionCheck = { ok: true; session: Session } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

/** Cabinet sessions: the `mc-session` + `mc-sid` cookie pair a successful login sets. */
export class Sessions {
  private readonly byToken = new Map<string, Session>();

  create(email: string, now: number, ttlMs: number): Session {
    const session = { token: randomBytes(18).toString('base64url'), sid: randomBytes(9).toString('hex'), email, createdAt: now, expiresAt: now + ttlMs };
    this.byToken.set(session.token, session);
    return session;
  }

  check(cookies: Map<string, string>, now: number): SessionCheck {
    const token = cookies.get('mc-session');
    const sid = cookies.get('mc-sid');
    if (!token || !sid) return { ok: false, reason: 'missing' };
    const session = this.byToken.get(token);
    if (!session || session.sid !== sid) return { ok: false, reason: 'unknown' };
    if (session.expiresAt <= now) return { ok: false, reason: 'expired' };
    return { ok: true, session };
  }

  /** Ends sessions at once (all, or one account's): the next cabinet call answers 401. */
  expire(now: number, email?: string): number {
    let n = 0;
    for (const s of this.byToken.values()) {
      if (email && s.email !== email.toLowerCase()) continue;
      if (s.expiresAt > now) {
        s.expiresAt = now;
        n++;
      }
    }
    return n;
  }

  list(): Session[] {
    return [...this.byToken.values()];
  }

  clear(): void {
    this.byToken.clear();
  }
}

/**
 * Parses a Cookie header strictly: `name=value` pairs separated by `; `. Returns null when the header
 * is not in that format (Kaspi answers 403 to cookies in the wrong format).
 */
export function parseCookieHeader(header: string | undefined): Map<string, string> | null {
  const cookies = new Map<string, string>();
  if (header === undefined || header.trim() === '') return cookies;
  for (const part of header.split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) return null;
    const name = trimmed.slice(0, eq);
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) return null;
    cookies.set(name, trimmed.slice(eq + 1));
  }
  return cookies;
}
