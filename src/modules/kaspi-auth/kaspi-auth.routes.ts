import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { attemptLimits } from '../../http/attempt-limits.ts';
import { bearerSecurity } from '../../http/authenticate.ts';
import { StoreParams } from '../stores/index.ts';
import { AuthenticateBody, AuthenticateResponse, LinkSuccess, SessionStatus, SmsRequired, SmsStartBody, SmsVerifyBody } from './kaspi-auth.schemas.ts';

const tags = ['kaspi'];
const security = bearerSecurity;

export const kaspiAuthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const kaspiAuth = app.services.kaspiAuth;
  // Each of these starts a Chromium login: limited per user and per client IP, both routes together.
  const { perUser, perIp, windowMs } = app.appConfig.kaspiLoginLimits;
  const limitLogins = attemptLimits(app, 'Kaspi logins started', [
    { name: 'kaspi-login-user', max: perUser, windowMs, key: (request) => request.actor.userId },
    { name: 'kaspi-login-ip', max: perIp, windowMs, key: (request) => request.ip },
  ]);

  app.post(
    '/kaspi/auth/authenticate/',
    {
      schema: {
        tags,
        security,
        summary: 'Link your Kaspi shop(s) with the cabinet e-mail and password',
        description: 'Logs in to the Kaspi merchant cabinet in a browser. When Kaspi asks for an SMS code the answer is `sms_required` with a `session_id` for sms_verify.',
        body: AuthenticateBody,
        response: { 200: AuthenticateResponse },
      },
      preHandler: limitLogins,
    },
    async (request) => kaspiAuth.authenticate(request.actor, request.body),
  );

  app.post(
    '/kaspi/auth/sms_start/',
    {
      schema: { tags, security, summary: 'Start a Kaspi login by phone: Kaspi sends an SMS code', body: SmsStartBody, response: { 200: SmsRequired } },
      preHandler: limitLogins,
    },
    async (request) => kaspiAuth.smsStart(request.actor, request.body),
  );

  app.post(
    '/kaspi/auth/sms_verify/',
    {
      schema: { tags, security, summary: 'Finish a Kaspi login with the SMS code', body: SmsVerifyBody, response: { 200: LinkSuccess } },
    },
    async (request) => kaspiAuth.smsVerify(request.actor, request.body),
  );

  app.get(
    '/kaspi/stores/:id/session/',
    {
      schema: { tags, security, summary: "The store's Kaspi session, checked live", params: StoreParams, response: { 200: SessionStatus } },
    },
    async (request) => kaspiAuth.sessionStatus(request.actor, request.params.id),
  );
};
