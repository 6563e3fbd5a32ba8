import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppConfig } from './config/index.ts';
import type { Container, Services } from './container.ts';
import { auditAdminWrites } from './http/admin-audit.ts';
import { requireAuthentication, SESSION_COOKIE } from './http/authenticate.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { healthRoutes } from './http/health.routes.ts';
import { registerMetrics } from './http/metrics.ts';
import { redisWithMemoryFallbackStore } from './http/rate-limit-store.ts';
import { requestId } from './http/request-id.ts';
import { schemaCompiler } from './http/validation.ts';
import { registerWebApp } from './http/web-app.ts';
import { webDist } from './http/web-build.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    appConfig: AppConfig;
    container: Container;
  }
}

/** Believes the `hops` addresses nearest to us (the peer, then X-Forwarded-For from the right). */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** The HTTP API over a built container. Tests build it with `app.inject()`; `serve` listens. */
export async function buildApp(container: Container): Promise<FastifyInstance> {
  const { config } = container;
  const app = Fastify({
    loggerInstance: container.log,
    // A number of hops becomes Fastify's own hop test (its types take only the function form).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
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
  // The web app (web/dist) at `/`, when it is built; its pages are the not-found handler's fallback.
  const pageFallback = await registerWebApp(app, webDist);
  registerErrorHandling(app, pageFallback ?? undefined);
  registerMetrics(app, container.metrics, config.metricsToken ? { token: config.metricsToken } : config.metricsPublic ? 'public' : 'off');

  // Counters in Redis (all API processes), or in memory in embedded mode. With Redis down the
  // counting moves to this process's memory (see rate-limit-store.ts): limits hold, requests pass.
  await app.register(rateLimit, {
    global: false,
    ...(container.redis && { store: redisWithMemoryFallbackStore(container.redis, `${config.redisPrefix}:rate-limit:`, container.log) }),
  });

  // Browser sessions (src/http/authenticate.ts): the cookie is an HMAC-signed value of our own, not @fastify/cookie's signing.
  await app.register(cookie);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Kaspi demper API', version: container.version, description: 'Shops, products, preorders and repricing for Kaspi.kz sellers.' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'For scripts: a token from POST /api/v1/auth/login/. No CSRF token needed.' },
          cookieAuth: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: `For browsers: set by POST /api/v1/auth/session/. POST, PUT, PATCH and DELETE must also send the session's CSRF token in the X-CSRF-Token header (403 csrf_failed otherwise).`,
          },
        },
      },
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
        auditAdminWrites(secured, (actor, write) => container.services.admin.recordAdminWrite(actor, write));
        for (const module of container.modules) if (module.routes) await secured.register(module.routes);
      });
    },
    { prefix: '/api/v1' },
  );

  return app;
}
