import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { LoginBody, LoginResponse, MeResponse, PasswordChangeBody, RegisterBody, RegisterResponse } from './users.schemas.ts';

const REGISTERED = 'If this email can be registered, its account is ready: sign in with POST /api/v1/auth/login/.';

/** Open routes: sign up and sign in. Rate-limited per client IP (see app.ts). */
export const authOpenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const rateLimit = { max: app.appConfig.authRateLimitPerMinute, timeWindow: '1 minute' };

  app.post(
    '/auth/register/',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Create an account',
        description:
          'Always 202 with the same message, whether the email is new or already has an account, so this endpoint does not reveal who has one. ' +
          "No token: sign in with POST /auth/login/ (which fails for a taken email unless the password is that account's).",
        body: RegisterBody,
        response: { 202: RegisterResponse },
      },
    },
    async (request, reply) => {
      await app.services.users.register(request.body.email, request.body.password);
      return reply.code(202).send({ detail: REGISTERED });
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

  app.post(
    '/auth/logout/',
    {
      schema: { tags: ['auth'], summary: 'Sign out: revoke every token of the current user', security: bearerSecurity },
    },
    async (request, reply) => {
      await app.services.users.signOut(request.actor);
      return reply.code(204).send();
    },
  );

  app.post(
    '/auth/password/',
    {
      // The current password is checked here, so a stolen token cannot try passwords faster than login can.
      config: { rateLimit: { max: app.appConfig.authRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Change the password; revokes every earlier token and returns a fresh one',
        security: bearerSecurity,
        body: PasswordChangeBody,
        response: { 200: LoginResponse },
      },
    },
    async (request) => app.services.users.changePassword(request.actor, request.body.current_password, request.body.new_password),
  );
};
