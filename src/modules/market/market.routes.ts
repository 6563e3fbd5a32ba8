import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { MarketParams, MarketQuery, ProductMarket } from './market.schemas.ts';

export const marketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const market = app.services.market;

  app.get(
    '/products/:id/offers/',
    {
      schema: {
        tags: ['products'],
        security: bearerSecurity,
        summary: "Competing offers for a product in each city where the shop sells (the original's offers_by_product)",
        params: MarketParams,
        querystring: MarketQuery,
        response: { 200: ProductMarket },
      },
    },
    async (request) => market.offersByProduct(request.actor, request.params.id, request.query.city),
  );
};
