import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { pageRequest, pageResponse, pageWindow } from '../../http/pagination.ts';
import {
  AdminStorePage,
  AdminUser,
  AdminUserPage,
  AuditPage,
  ListAuditQuery,
  ListStoresQuery,
  ListUsersQuery,
  ResetPasswordBody,
  ResetPasswordResponse,
  SystemResponse,
  UpdateUserBody,
  UserParams,
} from './admin.schemas.ts';

const tags = ['admin'];
const security = bearerSecurity;
const forbidden = { description: 'Not an admin (code permission_denied)' };

/** The admin panel's API: admins only (403 for everyone else, before the input is even read). */
export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.services.admin;
  // Before validation, so a non-admin learns nothing about the routes' input either.
  app.addHook('onRequest', async (request) => admin.requireAdmin(request.actor));

  app.get(
    '/admin/users/',
    { schema: { tags, security, summary: 'Users, newest first, with their stores and products counted', querystring: ListUsersQuery, response: { 200: AdminUserPage } } },
    async (request) => {
      const page = pageRequest(request.query);
      const { count, results } = await admin.listUsers(request.actor, { search: request.query.search }, pageWindow(page));
      return pageResponse(request, page, count, results);
    },
  );

  app.patch(
    '/admin/users/:id/',
    {
      schema: {
        tags,
        security,
        summary: 'Disable or enable a user, grant or take admin rights',
        description:
          'Disabling revokes every token of the user; a disabled user cannot sign in (403 account_disabled) and their shops are not synced, watched or repriced. An admin cannot disable or demote themselves (409).',
        params: UserParams,
        body: UpdateUserBody,
        response: { 200: AdminUser, 403: forbidden },
      },
    },
    async (request) => admin.updateUser(request.actor, request.params.id, request.body),
  );

  app.post(
    '/admin/users/:id/reset_password/',
    {
      schema: {
        tags,
        security,
        summary: "Set a user's password (given, or generated) and revoke their tokens",
        params: UserParams,
        body: ResetPasswordBody,
        response: { 200: ResetPasswordResponse, 403: forbidden },
      },
    },
    async (request) => admin.resetPassword(request.actor, request.params.id, request.body.new_password),
  );

  app.get(
    '/admin/stores/',
    { schema: { tags, security, summary: "Every store across users, with its health and its owner's e-mail", querystring: ListStoresQuery, response: { 200: AdminStorePage } } },
    async (request) => {
      const { query } = request;
      const page = pageRequest(query);
      const { count, results } = await admin.listStores(request.actor, { search: query.search, userId: query.user_id }, pageWindow(page));
      return pageResponse(request, page, count, results);
    },
  );

  app.get('/admin/system/', { schema: { tags, security, summary: 'Database, Redis, job queue, workers alive, Kaspi budgets in use and pauses', response: { 200: SystemResponse } } }, async (request) =>
    admin.systemView(request.actor),
  );

  app.get('/admin/audit/', { schema: { tags, security, summary: 'What admins did, newest first', querystring: ListAuditQuery, response: { 200: AuditPage } } }, async (request) => {
    const { query } = request;
    const page = pageRequest(query);
    const { count, results } = await admin.listAudit(request.actor, { actorId: query.actor_id, action: query.action }, pageWindow(page));
    return pageResponse(request, page, count, results);
  });
};
