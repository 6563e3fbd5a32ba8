import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { LoginBody, LoginResponse, MeResponse, RegisterBody, RegisterResponse } from './users.schemas.ts';

/** Open routes: sign up and sign in. Rate-limited per client IP (see app.ts). */
export const authOpenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const rateLimit = { max: app.appConfig.authRateLimitPerMinute, timeWindow: '1 minute' };

  app.post(
    '/auth/register/',
    {
      config: { rateLimit },
      schema: { tags: ['auth'], summary: 'Create an account', body: RegisterBody, response: { 201: RegisterResponse } },
    },
    async (request, reply) => {
      const created = await app.services.users.register(request.body.email, request.body.password);
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/auth/login/',
    {
      config: { rateLimit },
      schema: { tags: ['auth'], summary: 'Get a bearer token', body: LoginBody, response: { 200: LoginResponse } },
    },
    async (request) => app.services.users.login(request.body.email, request.body.password),
  );
};

/** Authenticated: who am I. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/auth/me/',
    {
      schema: { tags: ['auth'], summary: 'The current user', security: bearerSecurity, response: { 200: MeResponse } },
    },
    async (request) => app.services.users.me(request.actor),
  );
};
