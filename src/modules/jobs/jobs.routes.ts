import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { jobStates } from '../../infra/db/schema.ts';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Job = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: Type.String(),
  state: Type.Enum(jobStates),
  progress: Type.Record(Type.String(), Type.Unknown()),
  result: Nullable(Type.Record(Type.String(), Type.Unknown())),
  error: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  started_at: Nullable(Type.String({ format: 'date-time' })),
  finished_at: Nullable(Type.String({ format: 'date-time' })),
});

export const jobsRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
