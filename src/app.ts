import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppConfig } from './config/index.ts';
import type { Container, Services } from './container.ts';
import { requireAuthentication } from './http/authenticate.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { healthRoutes } from './http/health.routes.ts';
import { registerMetrics } from './http/metrics.ts';
import { requestId } from './http/request-id.ts';
import { schemaCompiler } from './http/validation.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    appConfig: AppConfig;
    container: Container;
  }
}

/** The HTTP API over a built container. Tests build it with `app.inject()`; `serve` listens. */
export async function buildApp(container: Container): Promise<FastifyInstance> {
  const { config } = container;
  const app = Fastify({
    loggerInstance: container.log,
    trustProxy: config.trustProxy,
    // Paths come from the Django API, with trailing slashes; both forms answer.
    routerOptions: { ignoreTrailingSlash: true },
    // The header is read by requestId(), which checks it; Fastify would take any value as is.
    requestIdHeader: false,
    genReqId: requestId,
    bodyLimit: 5 * 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(schemaCompiler);
  app.decorate('services', container.services);
  app.decorate('appConfig', config);
  app.decorate('container', container);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandling(app);
  registerMetrics(app, container.metrics, config.metricsToken);

  await app.register(rateLimit, {
    global: false,
    ...(container.redis && { redis: container.redis, nameSpace: `${config.redisPrefix}:rate-limit:` }),
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Kaspi demper API', version: container.version, description: 'Shops, products, preorders and repricing for Kaspi.kz sellers.' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes);
  await app.register(
    async (api) => {
      for (const module of container.modules) if (module.openRoutes) await api.register(module.openRoutes);
      await api.register(async (secured) => {
        requireAuthentication(secured);
        for (const module of container.modules) if (module.routes) await secured.register(module.routes);
      });
    },
    { prefix: '/api/v1' },
  );

  return app;
}
