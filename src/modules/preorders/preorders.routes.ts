import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { pageRequest, pageResponse, pageWindow, parseOrdering } from '../../http/pagination.ts';
import {
  BatchPreordersBody,
  BatchPreordersResponse,
  CreatePreorderBody,
  ListPreordersQuery,
  Preorder,
  PreorderPage,
  PreorderParams,
  StoreQuery,
  UpdatePreorderBody,
  UploadPriceListBody,
  UploadPriceListResponse,
} from './preorders.schemas.ts';

const tags = ['preorders'];
const security = bearerSecurity;

export const preordersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const preorders = app.services.preorders;

  app.get(
    '/preorders/',
    {
      schema: { tags, security, summary: 'List your preorders', querystring: ListPreordersQuery, response: { 200: PreorderPage } },
    },
    async (request) => {
      const { query } = request;
      const page = pageRequest(query);
      const { count, results } = await preorders.list(
        request.actor,
        { userId: query.user_id, storeId: query.store_id, status: query.status, search: query.search },
        parseOrdering(query.ordering, '-created_at'),
        pageWindow(page),
      );
      return pageResponse(request, page, count, results);
    },
  );

  app.post(
    '/preorders/',
    {
      schema: { tags, security, summary: 'Put a product on preorder', body: CreatePreorderBody, response: { 201: Preorder } },
    },
    async (request, reply) => reply.code(201).send(await preorders.create(request.actor, request.body)),
  );

  app.post(
    '/preorders/batch/',
    {
      schema: { tags, security, summary: 'Put several products of a store on preorder', body: BatchPreordersBody, response: { 201: BatchPreordersResponse } },
    },
    async (request, reply) => reply.code(201).send(await preorders.createBatch(request.actor, request.body)),
  );

  app.get(
    '/preorders/export/',
    {
      schema: { tags, security, summary: "A store's preorders as Kaspi's price-list XLSX", querystring: StoreQuery },
    },
    async (request, reply) => {
      const file = await preorders.exportPriceList(request.actor, request.query.store_id);
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${file.filename}"`).send(file.data);
    },
  );

  app.post(
    '/preorders/upload/',
    {
      schema: { tags, security, summary: "Upload a store's preorders to Kaspi as a price-list XLSX", body: UploadPriceListBody, response: { 200: UploadPriceListResponse } },
    },
    async (request) => preorders.uploadPriceList(request.actor, request.body.store_id),
  );

  app.get(
    '/preorders/:id/',
    {
      schema: { tags, security, summary: 'One preorder', params: PreorderParams, response: { 200: Preorder } },
    },
    async (request) => preorders.get(request.actor, request.params.id),
  );

  app.patch(
    '/preorders/:id/',
    {
      schema: { tags, security, summary: 'Change a preorder', params: PreorderParams, body: UpdatePreorderBody, response: { 200: Preorder } },
    },
    async (request) => preorders.update(request.actor, request.params.id, request.body),
  );

  app.delete(
    '/preorders/:id/',
    {
      schema: { tags, security, summary: 'Remove a preorder', params: PreorderParams },
    },
    async (request, reply) => {
      await preorders.delete(request.actor, request.params.id);
      return reply.code(204).send();
    },
  );
};
