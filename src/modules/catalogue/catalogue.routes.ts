import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { JobSchema } from '../jobs/index.ts';

const SyncAccepted = Type.Object({
  job_id: Type.String({ format: 'uuid' }),
  state: Type.String({ description: 'queued or running (a sync already under way is returned, not duplicated)' }),
});

const LatestSync = Type.Object({
  job: Type.Union([JobSchema, Type.Null()], { description: 'The newest sync job of the store (running, or how the last one ended); null before the first sync' }),
});

const StoreIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const catalogueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/kaspi/stores/:id/sync/',
    {
      schema: {
        tags: ['stores'],
        security: bearerSecurity,
        summary: "The store's newest sync: its progress while it runs, then its result or error",
        params: StoreIdParams,
        response: { 200: LatestSync },
      },
    },
    async (request) => ({ job: await app.services.catalogue.latestSync(request.actor, request.params.id) }),
  );

  app.post(
    '/kaspi/stores/:id/sync/',
    {
      schema: {
        tags: ['stores'],
        security: bearerSecurity,
        summary: "Import the store's offers from Kaspi; follow the job at /api/v1/jobs/{job_id}/",
        params: StoreIdParams,
        response: { 202: SyncAccepted },
      },
    },
    async (request, reply) => {
      const job = await app.services.catalogue.requestSync(request.actor, request.params.id);
      return reply.code(202).send({ job_id: job.id, state: job.state });
    },
  );
};
