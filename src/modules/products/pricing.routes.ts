import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { pageRequest, pageResponse, pageWindow } from '../../http/pagination.ts';
import { PriceHistoryPage, PriceHistoryParams, PriceHistoryQuery, UpdatePriceBody, UpdatePriceResponse } from './pricing.schemas.ts';

const tags = ['products'];
const security = bearerSecurity;

export const pricingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pricing = app.services.pricing;

  app.post(
    '/products/update_price/',
    {
      schema: {
        tags,
        security,
        summary: 'Set a price by hand: pushed to Kaspi (base and every city price), then saved and recorded',
        body: UpdatePriceBody,
        response: { 200: UpdatePriceResponse },
      },
    },
    async (request) => pricing.updatePrice(request.actor, request.body.product_id, request.body.price, request.body.city_id),
  );

  app.get(
    '/products/:id/price_history/',
    {
      schema: { tags, security, summary: "A product's price changes, newest first", params: PriceHistoryParams, querystring: PriceHistoryQuery, response: { 200: PriceHistoryPage } },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const { count, results } = await pricing.history(request.actor, request.params.id, pageWindow(page));
      return pageResponse(request, page, count, results);
    },
  );
};
