import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError } from '../../errors/domain-error.ts';
import { bearerSecurity, clearSessionCookie, cookieSecurity, SESSION_COOKIE, setSessionCookie } from '../../http/authenticate.ts';
import { LoginBody, LoginResponse, MeResponse, MeUpdateBody, PasswordChangeBody, RegisterBody, RegisterResponse, SessionResponse } from './users.schemas.ts';

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

  app.post(
    '/auth/session/',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Sign a browser in: sets the session cookie',
        description:
          `Sets the \`${SESSION_COOKIE}\` cookie (HttpOnly, SameSite=Strict; Secure over https) for the token lifetime and answers the user and the session's CSRF token, ` +
          'which every POST, PUT, PATCH and DELETE of the session sends in the X-CSRF-Token header. Wrong credentials answer as login does.',
        body: LoginBody,
        response: { 200: SessionResponse },
      },
    },
    async (request, reply) => {
      const started = await app.services.users.startSession(request.body.email, request.body.password, request.headers['user-agent']);
      setSessionCookie(request, reply, started.cookie, started.maxAgeSeconds);
      return { user: started.user, csrf_token: started.csrf_token };
    },
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

  app.patch(
    '/auth/me/',
    {
      schema: { tags: ['auth'], summary: "Change the current user's settings (the language)", security: bearerSecurity, body: MeUpdateBody, response: { 200: MeResponse } },
    },
    async (request) => app.services.users.updateMe(request.actor, request.body),
  );

  app.get(
    '/auth/session/',
    {
      schema: {
        tags: ['auth'],
        summary: "The browser session: who is signed in and the session's CSRF token",
        description: 'Lets a reloaded page get its CSRF token back. 401 unless the request carries a valid session cookie (a bearer token is not a session).',
        security: cookieSecurity,
        response: { 200: SessionResponse },
      },
    },
    async (request) => {
      if (!request.browserSession) throw new DomainError('not_authenticated', 'No browser session: sign in with POST /api/v1/auth/session/.');
      return app.services.users.session(request.actor, request.browserSession);
    },
  );

  app.delete(
    '/auth/session/',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign this browser out',
        description:
          "Ends this browser session on the server (a copy of its cookie stops working too) and clears the cookie. The user's other browsers and bearer tokens go on; " +
          'POST /auth/logout/ ends them all. With a bearer token there is no session to end: 204, nothing changes.',
        security: bearerSecurity,
      },
    },
    async (request, reply) => {
      if (request.browserSession) await app.services.users.endSession(request.browserSession);
      clearSessionCookie(request, reply);
      return reply.code(204).send();
    },
  );

  app.post(
    '/auth/logout/',
    {
      schema: { tags: ['auth'], summary: 'Sign out everywhere: revoke every token and browser session of the current user', security: bearerSecurity },
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
