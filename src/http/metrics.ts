import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { DomainError } from '../errors/domain-error.ts';

/** Who may read /metrics: the holders of a token, anyone (an explicit choice), or nobody. */
export type MetricsAccess = { token: string } | 'public' | 'off';

/** Compares digests, so the time taken says nothing about the token (not even its length). */
function sameToken(given: string, expected: Buffer): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), expected);
}

export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * Request durations by route pattern (not raw URL, which would explode cardinality with ids), and
 * `GET /metrics` in Prometheus format: behind METRICS_TOKEN, open only with METRICS_PUBLIC=true, and
 * otherwise a 404, so a deployment that set neither does not show its internals to the world.
 */
export function registerMetrics(app: FastifyInstance, registry: Registry, access: MetricsAccess): void {
  const expected = typeof access === 'object' ? createHash('sha256').update(access.token).digest() : undefined;
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (access === 'off') throw new DomainError('not_found', 'Metrics are off: set METRICS_TOKEN, or METRICS_PUBLIC=true.');
    if (expected) {
      const header = request.headers.authorization?.replace(/^Bearer /i, '') ?? request.headers['x-metrics-token'];
      const given = typeof header === 'string' ? header : undefined;
      if (given === undefined || !sameToken(given, expected)) throw new DomainError('not_authenticated', 'A valid metrics token is required.');
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
