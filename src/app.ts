import crypto from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppConfig } from './config/index.ts';
import type { Container, Services } from './container.ts';
import { requireAuthentication } from './http/authenticate.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { healthRoutes } from './http/health.routes.ts';
import { registerMetrics } from './http/metrics.ts';
import { schemaCompiler } from './http/validation.ts';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes.ts';
import { repricerSettingsRoutes } from './modules/repricer/repricer-settings.routes.ts';
import { jobsRoutes } from './modules/jobs/jobs.routes.ts';
import { kaspiAuthRoutes } from './modules/kaspi-auth/kaspi-auth.routes.ts';
import { registerRetryAfterHeader } from './kaspi/kaspi-busy.ts';
import { marketRoutes } from './modules/market/market.routes.ts';
import { preordersRoutes } from './modules/preorders/preorders.routes.ts';
import { pricingRoutes } from './modules/pricing/pricing.routes.ts';
import { productsRoutes } from './modules/products/products.routes.ts';
import { storesRoutes } from './modules/stores/stores.routes.ts';
import { authOpenRoutes, authRoutes } from './modules/users/users.routes.ts';

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
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
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
  registerRetryAfterHeader(app);
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
      await api.register(authOpenRoutes);
      await api.register(async (secured) => {
        requireAuthentication(secured);
        await secured.register(authRoutes);
        await secured.register(storesRoutes);
        await secured.register(productsRoutes);
        await secured.register(preordersRoutes);
        await secured.register(jobsRoutes);
        await secured.register(kaspiAuthRoutes);
        await secured.register(catalogueRoutes);
        await secured.register(marketRoutes);
        await secured.register(pricingRoutes);
        await secured.register(repricerSettingsRoutes);
      });
    },
    { prefix: '/api/v1' },
  );

  return app;
}
