import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.ts';

/**
 * Who is asking, as the users module's `Actor` describes it; written out here (the same shape) so the
 * HTTP edge does not import the module whose routes it guards.
 */
interface Actor {
  userId: string;
  isAdmin: boolean;
  /** Admins: the other users whose data this request reached (for the audit log). */
  readonly reachedOwners?: Set<string>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireAuthentication` on every authenticated route. */
    actor: Actor;
    /** The browser session that authenticated the request; null for a bearer token. */
    browserSession: string | null;
  }
}

/** The browser session's cookie: HttpOnly, SameSite=Strict, Path=/ (see setSessionCookie). */
export const SESSION_COOKIE = 'kd_session';
/** The header an unsafe request authenticated by the cookie carries its session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const notAuthenticated = () => new DomainError('not_authenticated', 'Authentication credentials were not provided or are invalid.');

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
}

/**
 * Registers an onRequest hook that authenticates every route of `app` (an encapsulated context).
 * Routes opt out only by living outside that context (health, docs, register, login).
 */
export function requireAuthentication(app: FastifyInstance): void {
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('browserSession', null);
  app.addHook('onRequest', async (request, reply) => {
    // A request with an Authorization header is a script's: the header alone decides, no CSRF check
    // (a browser never adds it on its own, so a forged cross-site request cannot carry it).
    if (request.headers.authorization !== undefined) {
      const token = bearerToken(request);
      const actor = token && (await app.services.users.actorForToken(token));
      if (!actor) {
        reply.header('www-authenticate', 'Bearer');
        throw notAuthenticated();
      }
      request.actor = actor;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    const session = cookie && (await app.services.users.actorForSession(cookie));
    if (!session) {
      // A cookie that no longer opens anything is dropped, so the browser stops sending it.
      if (cookie) clearSessionCookie(request, reply);
      reply.header('www-authenticate', 'Bearer');
      throw notAuthenticated();
    }
    if (!SAFE_METHODS.has(request.method)) {
      const given = request.headers[CSRF_HEADER];
      if (!app.services.users.csrfMatches(session.sessionId, typeof given === 'string' ? given : undefined)) {
        throw new DomainError('csrf_failed', `A request signed in by the session cookie must send its session's CSRF token in the ${CSRF_HEADER} header.`);
      }
    }
    request.actor = session.actor;
    request.browserSession = session.sessionId;
  });
}

/** Secure whenever the browser talks https to us: this request (behind a trusted proxy, its X-Forwarded-Proto), or the public URL. */
function cookieIsSecure(request: FastifyRequest): boolean {
  return request.protocol === 'https' || request.server.appConfig.publicUrl.startsWith('https:');
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', path: '/', secure: cookieIsSecure(request), maxAge: maxAgeSeconds });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: cookieIsSecure(request) });
}

/** Either way of signing in: a bearer token (scripts) or the browser session's cookie (with X-CSRF-Token on writes). */
export const bearerSecurity: Record<string, string[]>[] = [{ bearerAuth: [] }, { cookieAuth: [] }];
/** Only a browser session. */
export const cookieSecurity: Record<string, string[]>[] = [{ cookieAuth: [] }];
