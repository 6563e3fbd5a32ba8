import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearerSecurity } from '../../http/authenticate.ts';

const SyncAccepted = Type.Object({
  job_id: Type.String({ format: 'uuid' }),
  state: Type.String({ description: 'queued or running (a sync already under way is returned, not duplicated)' }),
});

export const catalogueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/kaspi/stores/:id/sync/',
    {
      schema: {
        tags: ['stores'],
        security: bearerSecurity,
        summary: "Import the store's offers from Kaspi; follow the job at /api/v1/jobs/{job_id}/",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 202: SyncAccepted },
      },
    },
    async (request, reply) => {
      const job = await app.services.catalogue.requestSync(request.actor, request.params.id);
      return reply.code(202).send({ job_id: job.id, state: job.state });
    },
  );
};
