import type { FastifyInstance } from 'fastify';
import type { FaultRuleInput } from '../faults/faults.ts';
import type { LimitsPatch } from '../limits/limits-config.ts';
import type { PriceChangeFilter } from '../log/price-log.ts';
import type { RequestFilter } from '../log/request-log.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { buildOwnOffer } from '../world/world-loader.ts';
import type { AccountSpec, GenerateParams, OwnOfferSpec, WorldSpec } from '../world/world-types.ts';
import { appliedPrices, storefrontView, worldSummary } from './control-views.ts';

class ControlError extends Error {}

/**
 * The control API for tests and demos, under `/_sim`. It is not part of Kaspi: it is never limited,
 * faulted or logged.
 */
export function registerControlRoutes(app: FastifyInstance, sim: SimulatorState): void {
  app.get('/_sim/health', async () => {
    const mem = process.memoryUsage();
    return { ok: true, urls: sim.urls, time: sim.clock.state(), memory: { rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, arrayBuffers: mem.arrayBuffers } };
  });

  // World
  app.get('/_sim/world', async () => worldSummary(sim));
  app.post<{ Body: GenerateParams }>('/_sim/world/generate', async (req) => {
    sim.loadWorld(req.body ?? {});
    return worldSummary(sim);
  });
  app.post<{ Body: WorldSpec }>('/_sim/world', async (req) => {
    if (!req.body || !Array.isArray(req.body.products)) throw new ControlError('a world needs products, merchants, listings, ownMerchants');
    const b = req.body;
    sim.loadWorld({ ...b, merchants: b.merchants ?? [], listings: b.listings ?? [], ownMerchants: b.ownMerchants ?? [] });
    return worldSummary(sim);
  });
  app.get<{ Params: { productId: string }; Querystring: { cityId?: string } }>('/_sim/storefront/offers/:productId', async (req) => storefrontView(sim, req.params.productId, req.query.cityId));
  app.post<{ Body: { productId: string; merchantId: string; cityId?: string; price: number } }>('/_sim/competitors/price', async (req) => {
    const { productId, merchantId, cityId, price } = req.body ?? ({} as never);
    if (!Number.isInteger(price) || price < 10) throw new ControlError('price must be an integer >= 10');
    const changed = sim.world.setCompetitorPrice(sim.world.productIndex(String(productId)), String(merchantId), cityId ?? null, price, sim.clock.now());
    if (!changed) throw new ControlError('no listing of that merchant for that product (and city)');
    return { changed };
  });
  app.get<{ Params: { uid: string }; Querystring: { sku?: string } }>('/_sim/merchants/:uid/prices', async (req, reply) => {
    const view = appliedPrices(sim, req.params.uid, req.query.sku);
    if (!view) return reply.code(404).send({ error: 'unknown merchant' });
    return view;
  });

  // The XML price list Kaspi pulls for a merchant (kaspi-protocol.md 5): its URL and period, its pulls.
  app.put<{ Params: { uid: string }; Body: { url: string; periodMinMs?: number; periodMaxMs?: number } }>('/_sim/merchants/:uid/feed', async (req) => {
    if (!req.body || typeof req.body.url !== 'string') throw new ControlError('a feed needs a url');
    return sim.feeds.configure(req.params.uid, req.body);
  });
  app.get<{ Params: { uid: string } }>('/_sim/merchants/:uid/feed', async (req, reply) => sim.feeds.view(req.params.uid) ?? reply.code(404).send({ error: 'no feed for that merchant' }));
  app.delete<{ Params: { uid: string } }>('/_sim/merchants/:uid/feed', async (req, reply) =>
    sim.feeds.remove(req.params.uid) ? { ok: true } : reply.code(404).send({ error: 'no feed for that merchant' }),
  );
  app.post<{ Params: { uid: string } }>('/_sim/merchants/:uid/feed/pull', async (req) => sim.feeds.pullNow(req.params.uid));

  // Our catalogue, changed the way a seller changes it in the cabinet.
  app.put<{ Params: { uid: string }; Body: OwnOfferSpec }>('/_sim/merchants/:uid/offers', async (req, reply) => {
    const merchant = sim.world.ownMerchants.get(req.params.uid);
    if (!merchant) return reply.code(404).send({ error: 'unknown merchant' });
    if (!req.body || typeof req.body.sku !== 'string') throw new ControlError('an offer needs a sku');
    const offer = buildOwnOffer(merchant.id, merchant.points, req.body, sim.world.productIndexById, sim.clock.now());
    sim.world.putOwnOffer(merchant, offer);
    return { ok: true, offers: merchant.offerList.length };
  });
  app.delete<{ Params: { uid: string; sku: string } }>('/_sim/merchants/:uid/offers/:sku', async (req, reply) => {
    const merchant = sim.world.ownMerchants.get(req.params.uid);
    if (!merchant || !sim.world.removeOwnOffer(merchant, req.params.sku)) return reply.code(404).send({ error: 'unknown merchant or sku' });
    return { ok: true, offers: merchant.offerList.length };
  });

  // Request log
  app.get<{ Querystring: Record<string, string | undefined> }>('/_sim/requests', async (req) => {
    const q = req.query;
    const filter: RequestFilter = {};
    if (q.route) filter.route = q.route;
    if (q.method) filter.method = q.method;
    if (q.ip) filter.ip = q.ip;
    if (q.status) filter.status = Number(q.status);
    if (q.account) filter.account = q.account;
    if (q.merchant) filter.merchant = q.merchant;
    if (q.path) filter.pathPrefix = q.path;
    if (q.since) filter.sinceSeq = Number(q.since);
    if (q.limit) filter.limit = Number(q.limit);
    const requests = sim.log.query(filter);
    return { count: requests.length, dropped: sim.log.dropped, requests };
  });
  // Price changes: competitors' moves and our prices as the storefront shows them, by simulated time.
  // Behaviours are replayed lazily, so the world is first caught up to now: nothing before now is missing.
  app.get<{ Querystring: Record<string, string | undefined> }>('/_sim/price-changes', async (req) => {
    const q = req.query;
    const filter: PriceChangeFilter = {};
    for (const key of ['from', 'until', 'limit'] as const) {
      if (q[key] === undefined) continue;
      const v = Number(q[key]);
      if (!Number.isFinite(v)) throw new ControlError(`${key} must be a number`);
      filter[key] = v;
    }
    if (q.productId) filter.productId = q.productId;
    if (q.own === 'true' || q.own === 'false') filter.own = q.own === 'true';
    const now = sim.clock.now();
    sim.world.catchUpAll(now);
    const changes = sim.priceLog.query(filter);
    return { now, count: changes.length, dropped: sim.priceLog.dropped, changes };
  });

  app.delete('/_sim/requests', async () => {
    sim.log.clear();
    return { ok: true };
  });

  // Bans
  app.get('/_sim/bans', async () => ({ counts: sim.bans.counts(), active: sim.bans.active(sim.clock.now()), history: sim.bans.all() }));
  app.delete('/_sim/bans', async () => {
    sim.storefrontLimiter.clear();
    sim.pricefeedLimiter.clear();
    sim.bans.clear();
    return { ok: true };
  });

  // Time
  app.get('/_sim/time', async () => sim.clock.state());
  app.post<{ Body: { ms?: number; seconds?: number; minutes?: number } }>('/_sim/time/advance', async (req) => {
    const b = req.body ?? {};
    sim.clock.advance((b.ms ?? 0) + (b.seconds ?? 0) * 1000 + (b.minutes ?? 0) * 60_000);
    return sim.clock.state();
  });
  app.post<{ Body: { scale: number } }>('/_sim/time/scale', async (req) => {
    sim.clock.setScale(Number(req.body?.scale));
    return sim.clock.state();
  });
  app.post<{ Body: { mode: 'real' | 'manual' } }>('/_sim/time/mode', async (req) => {
    if (req.body?.mode !== 'real' && req.body?.mode !== 'manual') throw new ControlError('mode is real or manual');
    sim.clock.setMode(req.body.mode);
    return sim.clock.state();
  });

  // Accounts, SMS, sessions
  app.get('/_sim/accounts', async () => ({ accounts: sim.accounts.list() }));
  app.put<{ Body: AccountSpec }>('/_sim/accounts', async (req) => {
    const b = req.body;
    if (!b || typeof b.email !== 'string' || typeof b.password !== 'string' || !Array.isArray(b.merchants)) throw new ControlError('an account needs email, password, merchants');
    return sim.accounts.upsert(b);
  });
  app.get<{ Params: { id: string } }>('/_sim/accounts/:id/sms', async (req, reply) => {
    const sms = sim.accounts.lastSms(req.params.id);
    if (!sms) return reply.code(404).send({ error: 'no code sent to that account' });
    return sms;
  });
  app.get('/_sim/sessions', async () => ({ sessions: sim.sessions.list().map((s) => ({ email: s.email, createdAt: s.createdAt, expiresAt: s.expiresAt })) }));
  app.post<{ Body: { email?: string } }>('/_sim/sessions/expire', async (req) => ({ expired: sim.sessions.expire(sim.clock.now(), req.body?.email) }));

  // Limits and settings
  app.get('/_sim/limits', async () => sim.limits);
  app.patch<{ Body: LimitsPatch }>('/_sim/limits', async (req) => sim.updateLimits(req.body ?? {}));
  app.get('/_sim/settings', async () => sim.settings);
  app.patch<{ Body: Partial<SimulatorState['settings']> }>('/_sim/settings', async (req) => {
    const b = req.body ?? {};
    for (const key of ['sessionTtlMs', 'ingestDelayMs'] as const) {
      const v = b[key];
      if (v === undefined) continue;
      if (!Number.isFinite(v) || v < 0) throw new ControlError(`${key} must be a non-negative number`);
      sim.settings[key] = v;
    }
    return sim.settings;
  });

  // Faults
  app.get('/_sim/faults', async () => ({ faults: sim.faults.list() }));
  app.post<{ Body: FaultRuleInput }>('/_sim/faults', async (req) => {
    if (!req.body || typeof req.body.route !== 'string') throw new ControlError('a fault needs route and kind');
    return sim.faults.add(req.body);
  });
  app.delete('/_sim/faults', async () => {
    sim.faults.clear();
    return { ok: true };
  });
  app.delete<{ Params: { id: string } }>('/_sim/faults/:id', async (req, reply) => (sim.faults.remove(Number(req.params.id)) ? { ok: true } : reply.code(404).send({ error: 'no such fault' })));

  app.post('/_sim/reset', async () => {
    sim.reset();
    return worldSummary(sim);
  });
}

export { ControlError };
