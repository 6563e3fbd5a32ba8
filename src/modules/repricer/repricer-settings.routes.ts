import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { DemperSettings, DemperSettingsParams, DemperStatus, UpdateDemperSettingsBody } from './repricer-settings.schemas.ts';

const tags = ['demper'];
const security = bearerSecurity;

export const repricerSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const settings = app.services.repricerSettings;

  app.get(
    '/kaspi/stores/:id/demper/',
    {
      schema: { tags, security, summary: "The store's demper settings (defaults until first saved)", params: DemperSettingsParams, response: { 200: DemperSettings } },
    },
    async (request) => settings.get(request.actor, request.params.id),
  );

  app.patch(
    '/kaspi/stores/:id/demper/',
    {
      schema: {
        tags,
        security,
        summary: "Change the store's demper settings: on/off, intervals, work hours, defaults for new products, ignored merchants, rails (merged)",
        params: DemperSettingsParams,
        body: UpdateDemperSettingsBody,
        response: { 200: DemperSettings },
      },
    },
    async (request) => settings.update(request.actor, request.params.id, request.body),
  );

  app.get(
    '/kaspi/stores/:id/demper/status/',
    {
      schema: { tags, security, summary: "What the store's demper is doing: product counts, last hour's checks and changes, pauses", params: DemperSettingsParams, response: { 200: DemperStatus } },
    },
    async (request) => settings.status(request.actor, request.params.id),
  );
};
