import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { pageRequest, pageResponse, pageWindow, parseOrdering } from '../../http/pagination.ts';
import { CreateStoreBody, ListStoresQuery, Store, StorePage, StoreParams, UpdateStoreBody } from './stores.schemas.ts';

const tags = ['stores'];
const security = bearerSecurity;

export const storesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const stores = app.services.stores;

  app.get(
    '/kaspi/stores/',
    {
      schema: { tags, security, summary: 'List your Kaspi stores', querystring: ListStoresQuery, response: { 200: StorePage } },
    },
    async (request) => {
      const { query } = request;
      const page = pageRequest(query);
      const { count, results } = await stores.list(request.actor, { userId: query.user_id, search: query.search }, parseOrdering(query.ordering, '-created_at'), pageWindow(page));
      return pageResponse(request, page, count, results);
    },
  );

  app.post(
    '/kaspi/stores/',
    {
      schema: { tags, security, summary: 'Add a Kaspi store by merchant id', body: CreateStoreBody, response: { 201: Store } },
    },
    async (request, reply) => reply.code(201).send(await stores.create(request.actor, request.body)),
  );

  app.get(
    '/kaspi/stores/:id/',
    {
      schema: { tags, security, summary: 'One store', params: StoreParams, response: { 200: Store } },
    },
    async (request) => stores.get(request.actor, request.params.id),
  );

  app.patch(
    '/kaspi/stores/:id/',
    {
      schema: { tags, security, summary: 'Change a store', params: StoreParams, body: UpdateStoreBody, response: { 200: Store } },
    },
    async (request) => stores.update(request.actor, request.params.id, request.body),
  );

  app.delete(
    '/kaspi/stores/:id/',
    {
      schema: { tags, security, summary: 'Delete a store with its products and preorders', params: StoreParams },
    },
    async (request, reply) => {
      await stores.delete(request.actor, request.params.id);
      return reply.code(204).send();
    },
  );
};
