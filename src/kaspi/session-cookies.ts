/** A cookie as the browser holds it (Playwright's shape), which is how a cabinet session is stored. */
export interface SessionCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  /** Unix seconds; -1 for a session cookie. */
  expires: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
}

/**
 * The Cookie header a browser would send to `url`: the cookies whose domain and path match and that
 * have not expired, as `name=value; name=value` (the cabinet answers 403 to any other format).
 */
export function cookieHeaderFor(cookies: readonly SessionCookie[], url: string, nowMs = Date.now()): string {
  const target = new URL(url);
  const host = target.hostname.toLowerCase();
  const matching = cookies.filter((c) => {
    if (c.expires > 0 && c.expires * 1000 <= nowMs) return false;
    if (c.secure && target.protocol !== 'https:') return false;
    const domain = c.domain.toLowerCase().replace(/^\./, '');
    const domainOk = host === domain || (c.domain.startsWith('.') && host.endsWith(`.${domain}`));
    const path = c.path || '/';
    const pathOk = target.pathname === path || target.pathname.startsWith(path.endsWith('/') ? path : `${path}/`);
    return domainOk && pathOk && /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(c.name) && !/[;\r\n]/.test(c.value);
  });
  // Longer paths first, as browsers order them.
  matching.sort((a, b) => (b.path || '/').length - (a.path || '/').length);
  return matching.map((c) => `${c.name}=${c.value}`).join('; ');
}
