import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { withTimeout } from '../infra/with-timeout.ts';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  detail: Type.Optional(Type.String()),
  backend: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
  uptime_seconds: Type.Optional(Type.Number()),
});

/** Open health checks for load balancers and operators. 503 means "take me out of rotation". */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, queue, redis, version } = app.container;
  const tags = ['health'];

  app.get('/health/', { schema: { tags, summary: 'The process is up', response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
    version,
    uptime_seconds: Math.round(process.uptime()),
  }));

  app.get('/health/db/', { schema: { tags, summary: 'The database answers a query', response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    try {
      await withTimeout(database.ping(), 3_000);
      return { status: 'ok' as const, backend: database.kind };
    } catch (err) {
      app.log.warn({ err }, 'database health check failed');
      return reply.code(503).send({ status: 'unavailable' as const, backend: database.kind, detail: 'The database did not answer.' });
    }
  });

  app.get('/health/redis/', { schema: { tags, summary: 'Redis answers (when configured)', response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    if (!redis) return { status: 'ok' as const, backend: 'none (in-process queue and cache)' };
    try {
      await withTimeout(Promise.all([redis.ping(), queue.ping()]), 3_000);
      return { status: 'ok' as const, backend: 'redis' };
    } catch (err) {
      app.log.warn({ err }, 'redis health check failed');
      return reply.code(503).send({ status: 'unavailable' as const, backend: 'redis', detail: 'Redis did not answer.' });
    }
  });
};
