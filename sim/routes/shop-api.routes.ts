import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorState } from '../simulator-state.ts';
import { ORDER_STATES, type OrderSpec } from '../world/world-types.ts';
import { errorPage } from './html-pages.ts';

const JSON_API = 'application/vnd.api+json';
const MAX_WINDOW_MS = 14 * 24 * 3600_000;

/** The official Shop API v2 (token): orders as JSON:API documents. */
export function registerShopApiRoutes(app: FastifyInstance, sim: SimulatorState): void {
  /** (quirk) without `Accept: application/vnd.api+json` Kaspi answers an HTML 404; then the token. */
  const merchantOf = (req: FastifyRequest, reply: FastifyReply): string | null => {
    const allowed = sim.limits.shopApiAllowedIps;
    if (allowed && !allowed.includes(req.sim.ip)) {
      // Outside Kazakhstan the data calls never answer; the socket stays open until the client gives up.
      req.sim.outcome = 'not a Kazakhstani IP: no answer';
      return null;
    }
    const accept = req.headers.accept ?? '';
    if (!accept.includes(JSON_API)) {
      req.sim.outcome = 'not found: Accept is not application/vnd.api+json';
      void reply.code(404).type('text/html; charset=utf-8').send(errorPage(404));
      return null;
    }
    const token = req.headers['x-auth-token'];
    const merchant = typeof token === 'string' && token ? [...sim.world.ownMerchants.values()].find((m) => m.apiToken === token) : undefined;
    if (!merchant) {
      req.sim.outcome = 'unauthorized: token';
      void reply
        .code(401)
        .type(JSON_API)
        .send({ errors: [{ status: '401', title: 'Unauthorized', detail: 'Invalid X-Auth-Token' }] });
      return null;
    }
    req.sim.merchant = merchant.id;
    return merchant.id;
  };

  const badRequest = (req: FastifyRequest, reply: FastifyReply, detail: string) => {
    req.sim.outcome = `invalid: ${detail}`;
    return reply
      .code(400)
      .type(JSON_API)
      .send({ errors: [{ status: '400', title: 'Bad Request', detail }] });
  };

  app.get<{ Querystring: Record<string, string | undefined> }>('/shop/api/v2/orders', { config: { simRoute: 'api.orders' } }, async (req, reply) => {
    const uid = merchantOf(req, reply);
    if (!uid) return reply.sent ? reply : hang();
    const q = req.query;
    const pageNumber = Number(q['page[number]'] ?? 0);
    const pageSize = Number(q['page[size]'] ?? 20);
    if (!Number.isInteger(pageNumber) || pageNumber < 0 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return badRequest(req, reply, 'page[number] >= 0, page[size] 1..100');
    const ge = Number(q['filter[orders][creationDate][$ge]']);
    const le = q['filter[orders][creationDate][$le]'] === undefined ? sim.clock.now() : Number(q['filter[orders][creationDate][$le]']);
    if (!Number.isFinite(ge) || !Number.isFinite(le)) return badRequest(req, reply, 'filter[orders][creationDate][$ge] (ms) is required');
    if (le < ge || le - ge > MAX_WINDOW_MS) return badRequest(req, reply, 'creationDate window must be at most 14 days');
    const state = q['filter[orders][state]'];
    if (state !== undefined && !(ORDER_STATES as readonly string[]).includes(state)) return badRequest(req, reply, `unknown state ${state}`);
    const all = sim.world.orders.filter((o) => o.merchantUid === uid && o.creationDate >= ge && o.creationDate <= le && (!state || o.state === state)).sort((a, b) => b.creationDate - a.creationDate);
    const data = all.slice(pageNumber * pageSize, pageNumber * pageSize + pageSize).map((o) => orderResource(sim, o));
    return reply.type(JSON_API).send({ data, meta: { pageCount: Math.ceil(all.length / pageSize), totalCount: all.length } });
  });

  app.get<{ Params: { id: string } }>('/shop/api/v2/orders/:id/entries', { config: { simRoute: 'api.order-entries' } }, async (req, reply) => {
    const uid = merchantOf(req, reply);
    if (!uid) return reply.sent ? reply : hang();
    const order = sim.world.orders.find((o) => o.id === req.params.id && o.merchantUid === uid);
    if (!order)
      return reply
        .code(404)
        .type(JSON_API)
        .send({ errors: [{ status: '404', title: 'Not Found' }] });
    const data = order.entries.map((e, k) => ({
      type: 'orderentries',
      id: `${order.id}-${k}`,
      attributes: { quantity: e.quantity, basePrice: e.basePrice, totalPrice: e.basePrice * e.quantity, offer: { code: e.sku, name: e.sku } },
    }));
    return reply.type(JSON_API).send({ data });
  });
}

function hang(): Promise<never> {
  return new Promise<never>(() => {});
}

function orderResource(sim: SimulatorState, o: OrderSpec): Record<string, unknown> {
  return {
    type: 'orders',
    id: o.id,
    attributes: {
      code: o.code,
      totalPrice: o.totalPrice,
      paymentMode: 'PAY_WITH_CREDIT',
      creationDate: o.creationDate,
      state: o.state,
      status: o.state === 'ARCHIVE' ? 'COMPLETED' : 'APPROVED_BY_BANK',
      deliveryMode: o.state === 'KASPI_DELIVERY' ? 'DELIVERY_REGIONAL_TODOOR' : 'DELIVERY_PICKUP',
      customer: { id: `c-${o.id}`, firstName: 'Покупатель', lastName: o.code.slice(-4), cellPhone: '7000000000' },
    },
    relationships: { entries: { links: { related: `${sim.urls.api}/orders/${o.id}/entries` } } },
    links: { self: `${sim.urls.api}/orders/${o.id}` },
  };
}
