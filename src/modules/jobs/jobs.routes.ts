import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { listQueryProperties, pageRequest, pageResponse, pageSchema, pageWindow } from '../../http/pagination.ts';
import { jobStates } from '../../infra/db/schema.ts';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Job = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: Type.String(),
  store_id: Nullable(Type.String({ format: 'uuid' })),
  state: Type.Enum(jobStates),
  progress: Type.Record(Type.String(), Type.Unknown()),
  result: Nullable(Type.Record(Type.String(), Type.Unknown())),
  error: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  started_at: Nullable(Type.String({ format: 'date-time' })),
  finished_at: Nullable(Type.String({ format: 'date-time' })),
  updated_at: Type.String({ format: 'date-time' }),
});

const JobListQuery = Type.Object({
  page: listQueryProperties.page,
  page_size: listQueryProperties.page_size,
  user_id: listQueryProperties.user_id,
  store_id: Type.Optional(Type.String({ format: 'uuid' })),
  state: Type.Optional(Type.Enum(jobStates)),
  type: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'e.g. catalogue.sync' })),
});

export const jobsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/jobs/',
    {
      schema: {
        tags: ['jobs'],
        security: bearerSecurity,
        summary: 'Your jobs, newest first',
        querystring: JobListQuery,
        response: { 200: pageSchema(Job) },
      },
    },
    async (request) => {
      const { store_id, state, type, user_id } = request.query;
      const page = pageRequest(request.query);
      const { rows, count } = await app.services.jobs.list(
        request.actor,
        { ...(store_id && { storeId: store_id }), ...(state && { state }), ...(type && { type }), ...(user_id && { userId: user_id }) },
        pageWindow(page),
      );
      return pageResponse(request, page, count, rows);
    },
  );

  app.get(
    '/jobs/:id/',
    {
      schema: {
        tags: ['jobs'],
        security: bearerSecurity,
        summary: 'State, progress and result of long work (sync, login, repricing)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Job },
      },
    },
    async (request) => app.services.jobs.get(request.actor, request.params.id),
  );
};
