import type { FastifyInstance, FastifyRequest } from 'fastify';
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
  }
}

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
  app.addHook('onRequest', async (request, reply) => {
    const token = bearerToken(request);
    const actor = token && (await app.services.users.actorForToken(token));
    if (!actor) {
      reply.header('www-authenticate', 'Bearer');
      throw notAuthenticated();
    }
    request.actor = actor;
  });
}

export const bearerSecurity = [{ bearerAuth: [] }];
