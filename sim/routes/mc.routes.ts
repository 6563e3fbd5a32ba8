import type { FastifyInstance } from 'fastify';
import { parseCookieHeader } from '../accounts/sessions.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { cityAt, cityIndex } from '../world/cities.ts';
import { cabinetPage, errorPage } from './html-pages.ts';
import { offerListBody, offerView } from './mc-offer-view.ts';
import { mcCaller, ownsMerchant } from './mc-session.ts';

/** The merchant cabinet: the OAuth callback, the cabinet page and the cookie-authenticated API. */
export function registerMcRoutes(app: FastifyInstance, sim: SimulatorState): void {
  app.get<{ Params: { provider: string }; Querystring: { code?: string; state?: string } }>('/login/oauth2/code/:provider', { config: { simRoute: 'mc.oauth-callback' } }, async (req, reply) => {
    const now = sim.clock.now();
    const code = sim.flows.redeem(String(req.query.code ?? ''), now);
    const account = code && sim.accounts.get(code.email);
    if (!code || !account) {
      req.sim.outcome = 'unauthorized: unknown or used code';
      return reply.code(401).type('text/html; charset=utf-8').send(errorPage(401));
    }
    req.sim.account = account.email;
    const session = sim.sessions.create(account.email, now, sim.settings.sessionTtlMs);
    const cookie = (name: string, value: string) => `${name}=${value}; Path=/; HttpOnly; SameSite=Lax`;
    return reply
      .code(302)
      .header('set-cookie', [cookie('mc-session', session.token), cookie('mc-sid', session.sid)])
      .header('location', `${sim.urls.mc}/`)
      .send();
  });

  // The cabinet's page: a browser without a live session is sent to the login page.
  app.get('/', { config: { simRoute: 'mc.cabinet' } }, async (req, reply) => {
    const check = sim.sessions.check(parseCookieHeader(req.headers.cookie) ?? new Map(), sim.clock.now());
    const account = check.ok ? sim.accounts.get(check.session.email) : undefined;
    if (!account) return reply.code(302).header('location', `${sim.urls.idmc}/login`).send();
    req.sim.account = account.email;
    const names = account.merchants.map((uid) => sim.world.ownMerchants.get(uid)?.name ?? uid);
    return reply.type('text/html; charset=utf-8').send(cabinetPage(names, account.email));
  });

  app.get('/s/m', { config: { simRoute: 'mc.me' } }, async (req, reply) => {
    const caller = mcCaller(sim, req, reply);
    if (!caller) return reply;
    return {
      merchants: caller.account.merchants.map((uid) => {
        const m = sim.world.ownMerchants.get(uid);
        return { uid, name: m?.name ?? uid, enabled: true };
      }),
    };
  });

  app.post<{ Querystring: { opName?: string }; Body: { operationName?: string; variables?: { id?: unknown } } }>('/mc/facade/graphql', { config: { simRoute: 'mc.graphql' } }, async (req, reply) => {
    const caller = mcCaller(sim, req, reply);
    if (!caller) return reply;
    const op = req.body?.operationName ?? req.query.opName;
    if (op !== 'getMerchant') return reply.code(400).send({ errors: [{ message: `Unknown operation ${String(op)}` }] });
    const uid = String(req.body?.variables?.id ?? '');
    req.sim.merchant = uid || null;
    const merchant = sim.world.ownMerchants.get(uid);
    if (!merchant || !caller.account.merchants.includes(uid)) {
      return { data: { merchant: null }, errors: [{ message: 'Access denied', path: ['merchant'] }] };
    }
    return {
      data: {
        merchant: {
          id: merchant.id,
          name: merchant.name,
          logo: { url: `https://resources.cdn-kaspi.kz/merchant/${merchant.id}/logo.png` },
          points: merchant.points.map((p) => ({
            id: `${merchant.id}_${p.name}`,
            name: p.name,
            enabled: p.enabled,
            virtual: p.virtual,
            type: 'WAREHOUSE',
            city: { id: p.cityId, name: cityAt(cityIndex(p.cityId)).name },
          })),
        },
      },
    };
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/bff/offer-view/list', { config: { simRoute: 'mc.offer-list' } }, async (req, reply) => {
    const caller = mcCaller(sim, req, reply);
    if (!caller) return reply;
    const uid = String(req.query.m ?? '');
    if (!ownsMerchant(caller, uid, req, reply)) return reply;
    const page = Number(req.query.p ?? 0);
    const size = Number(req.query.l ?? 10);
    if (!Number.isInteger(page) || page < 0 || !Number.isInteger(size) || size < 1 || size > 100) {
      req.sim.outcome = 'invalid: paging';
      return reply.code(400).send({ error: 'Bad Request', message: 'p must be >= 0 and l in 1..100', status: 400 });
    }
    const merchant = sim.world.ownMerchants.get(uid)!;
    const text = req.query.t?.toLowerCase();
    const category = req.query.c;
    const all = merchant.offerList.filter((o) => (!text || o.model.toLowerCase().includes(text) || o.sku.toLowerCase().includes(text)) && (!category || o.category === category));
    const items = all.slice(page * size, page * size + size).map((o) => offerView(merchant, o, req.sim.shapes));
    return offerListBody(items, all.length, req.sim.shapes);
  });

  app.get<{ Querystring: { m?: string; s?: string } }>('/bff/offer-view/details', { config: { simRoute: 'mc.offer-details' } }, async (req, reply) => {
    const caller = mcCaller(sim, req, reply);
    if (!caller) return reply;
    const uid = String(req.query.m ?? '');
    if (!ownsMerchant(caller, uid, req, reply)) return reply;
    const offer = sim.world.ownMerchants.get(uid)?.offers.get(String(req.query.s ?? ''));
    if (!offer) {
      req.sim.outcome = 'not found: sku';
      return reply.code(404).send({ error: 'Not Found', message: 'Offer not found', status: 404 });
    }
    return offerView(sim.world.ownMerchants.get(uid)!, offer, req.sim.shapes);
  });
}
