import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { pageRequest, pageResponse, pageWindow, parseOrdering } from '../../http/pagination.ts';
import { BatchBody, BatchResponse, CreateProductBody, ListProductsQuery, Product, ProductPage, ProductParams, UpdateProductBody } from './products.schemas.ts';

const tags = ['products'];
const security = bearerSecurity;

export const productsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const products = app.services.products;

  app.get(
    '/products/',
    {
      schema: { tags, security, summary: 'List your products', querystring: ListProductsQuery, response: { 200: ProductPage } },
    },
    async (request) => {
      const { query } = request;
      const page = pageRequest(query);
      const { count, results } = await products.list(
        request.actor,
        {
          userId: query.user_id,
          storeId: query.store_id ?? query.store,
          botActive: query.bot_active,
          category: query.category,
          kaspiStatus: query.kaspi_status,
          search: query.search,
        },
        parseOrdering(query.ordering, '-created_at'),
        pageWindow(page),
      );
      return pageResponse(request, page, count, results);
    },
  );

  app.post(
    '/products/',
    {
      schema: {
        tags,
        security,
        summary: "Add a product by hand (bot_active starts false; step and strategy default to the store's demper defaults)",
        body: CreateProductBody,
        response: { 201: Product },
      },
    },
    async (request, reply) => reply.code(201).send(await products.create(request.actor, request.body)),
  );

  app.get(
    '/products/:id/',
    {
      schema: { tags, security, summary: 'One product', params: ProductParams, response: { 200: Product } },
    },
    async (request) => products.get(request.actor, request.params.id),
  );

  app.patch(
    '/products/:id/',
    {
      schema: {
        tags,
        security,
        summary: "Change a product's data or repricing rules; a new price is pushed to Kaspi first (as update_price)",
        params: ProductParams,
        body: UpdateProductBody,
        response: { 200: Product },
      },
    },
    async (request) => products.update(request.actor, request.params.id, request.body),
  );

  app.delete(
    '/products/:id/',
    {
      schema: { tags, security, summary: 'Delete a product', params: ProductParams },
    },
    async (request, reply) => {
      await products.delete(request.actor, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/products/batch_enable/',
    {
      schema: { tags, security, summary: 'Turn the demper on for several products', body: BatchBody, response: { 200: BatchResponse } },
    },
    async (request) => products.setBotActive(request.actor, request.body, true),
  );

  app.post(
    '/products/batch_disable/',
    {
      schema: { tags, security, summary: 'Turn the demper off for several products', body: BatchBody, response: { 200: BatchResponse } },
    },
    async (request) => products.setBotActive(request.actor, request.body, false),
  );
};
