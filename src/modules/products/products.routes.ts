import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { pageRequest, pageResponse, pageWindow, parseOrdering } from '../../http/pagination.ts';
import { BatchBody, BatchResponse, BatchUpdateBody, BatchUpdateResponse, CreateProductBody, ListProductsQuery, Product, ProductPage, ProductParams, UpdateProductBody } from './products.schemas.ts';

const tags = ['products'];
const security = bearerSecurity;

export const productsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const products = app.services.products;

  app.get(
    '/products/',
    {
      schema: {
        tags,
        security,
        summary: "List your products: a catalogue table's columns (every field with fields=full), filtered, searched, ordered, paged",
        querystring: ListProductsQuery,
        response: { 200: ProductPage },
      },
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
          repriceable: query.repriceable,
          search: query.search,
        },
        parseOrdering(query.ordering, '-created_at'),
        pageWindow(page),
        { full: query.fields === 'full' },
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
      schema: { tags, security, summary: 'Turn the demper on for several products (store_id and product_ids, or a list filter)', body: BatchBody, response: { 200: BatchResponse } },
    },
    async (request) => products.setBotActive(request.actor, request.body, true),
  );

  app.post(
    '/products/batch_disable/',
    {
      schema: { tags, security, summary: 'Turn the demper off for several products (store_id and product_ids, or a list filter)', body: BatchBody, response: { 200: BatchResponse } },
    },
    async (request) => products.setBotActive(request.actor, request.body, false),
  );

  app.post(
    '/products/batch_update/',
    {
      schema: {
        tags,
        security,
        summary: 'Set rules on several products (by id, or all a list filter matches); each is checked as PATCH checks it, and one that would break a rule is left unchanged and listed in failed',
        body: BatchUpdateBody,
        response: { 200: BatchUpdateResponse },
      },
    },
    async (request) => products.batchUpdate(request.actor, request.body),
  );
};
