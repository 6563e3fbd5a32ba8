import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rateLimited } from '../errors/domain-error.ts';

/** One limit of an attempt: at most `max` per `windowMs` for each key (a user id, a client IP). */
export interface AttemptLimit {
  /** Names the counter (and its keys in Redis), shared by every route given the same name. */
  name: string;
  max: number;
  windowMs: number;
  key(request: FastifyRequest): string;
}

/**
 * A preHandler that counts the request against every limit in turn (on @fastify/rate-limit's store:
 * Redis when REDIS_URL is set, else memory) and refuses it with 429 `rate_limited` and Retry-After at
 * the first one exceeded. As a preHandler it runs after authentication and validation, so the user is
 * known and a malformed request costs nothing. Build it once per set of routes: the same handler on
 * two routes shares their counters.
 */
export function attemptLimits(app: FastifyInstance, what: string, limits: AttemptLimit[]): (request: FastifyRequest) => Promise<void> {
  const checks = limits.map((limit) => app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs, keyGenerator: (request) => `${limit.name}:${limit.key(request)}` }));
  return async (request) => {
    for (const check of checks) {
      const result = await check(request);
      if (!result.isAllowed && result.isExceeded) {
        throw rateLimited(`Too many ${what}; try again in ${Math.max(1, result.ttlInSeconds)} s.`, result.ttl);
      }
    }
  };
}
