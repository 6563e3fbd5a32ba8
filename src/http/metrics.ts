import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { DomainError } from '../errors/domain-error.ts';

export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * Request durations by route pattern (not raw URL, which would explode cardinality with ids), and
 * `GET /metrics` in Prometheus format, open or behind METRICS_TOKEN.
 */
export function registerMetrics(app: FastifyInstance, registry: Registry, token: string | undefined): void {
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
    if (token) {
      const given = request.headers.authorization?.replace(/^Bearer /i, '') ?? request.headers['x-metrics-token'];
      if (given !== token) throw new DomainError('not_authenticated', 'A valid metrics token is required.');
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
