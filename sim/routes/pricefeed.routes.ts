import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorState } from '../simulator-state.ts';
import { type McCaller, mcCaller, ownsMerchant } from './mc-session.ts';
import { applyPricefeed } from './pricefeed-validation.ts';
import { PriceListFileError, readPriceList } from './xlsx-price-list.ts';

/** Price, availability and preorder writes: the JSON pricefeed call and the XLSX price-list upload. */
export async function registerPricefeedRoutes(app: FastifyInstance, sim: SimulatorState): Promise<void> {
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });

  /** Every write counts against the account's budget, valid or not; a banned account gets 429 for all. */
  const withinBudget = (caller: McCaller, uid: string | null, req: FastifyRequest, reply: FastifyReply): boolean => {
    const key = sim.limits.pricefeed.keyBy === 'account' || !uid ? `account:${caller.account.email}` : `merchant:${uid}`;
    const verdict = sim.pricefeedLimiter.hit(key);
    if (verdict.allowed) return true;
    req.sim.outcome = verdict.newBan ? 'banned now' : 'banned';
    void reply
      .code(429)
      .header('retry-after', String(Math.max(1, Math.ceil((verdict.until - sim.clock.now()) / 1000))))
      .send({ error: 'Too Many Requests', status: 429 });
    return false;
  };

  app.post('/pricefeed/upload/merchant/process', { config: { simRoute: 'mc.pricefeed' } }, async (req, reply) => {
    const caller = mcCaller(sim, req, reply);
    if (!caller) return reply;
    const body = req.body as Record<string, unknown> | null;
    const uid = body && typeof body === 'object' && !Array.isArray(body) && body.merchantUid !== undefined ? String(body.merchantUid) : null;
    req.sim.merchant = uid;
    if (!withinBudget(caller, uid, req, reply)) return reply;
    const result = applyPricefeed(req.body, sim.world.ownMerchants, caller.account.merchants);
    if (!result.ok) {
      req.sim.outcome = `invalid: ${result.message}`;
      return reply.code(result.status).send({ status: 'error', message: result.message });
    }
    const now = sim.clock.now();
    sim.world.ownMerchants
      .get(result.uid!)!
      .offers.get(result.sku!)!
      .accept(result.state, now, now + sim.settings.ingestDelayMs);
    req.sim.outcome = result.note ? `accepted (${result.note})` : 'accepted';
    return { status: 'success' };
  });

  app.post<{ Querystring: { merchantUid?: string } }>('/pricefeed/upload/merchant/upload', { config: { simRoute: 'mc.upload' } }, async (req, reply) => {
    const caller = mcCaller(sim, req, reply);
    if (!caller) return reply;
    const uid = String(req.query.merchantUid ?? '');
    if (!ownsMerchant(caller, uid, req, reply)) return reply;
    if (!withinBudget(caller, uid, req, reply)) return reply;
    const file = req.isMultipart() ? await req.file() : undefined;
    if (file?.fieldname !== 'file') {
      req.sim.outcome = 'invalid: no file field';
      return reply.code(400).send({ status: 'error', message: 'multipart field "file" is required' });
    }
    const buffer = await file.toBuffer();
    const merchant = sim.world.ownMerchants.get(uid)!;
    try {
      const { updates, errors } = await readPriceList(buffer, merchant);
      req.sim.loggedBody = { file: file.filename, bytes: buffer.length, rows: updates.length + errors.length, updates: updates.map((u) => ({ sku: u.sku, price: u.state.price })), errors };
      const now = sim.clock.now();
      for (const u of updates) merchant.offers.get(u.sku)!.accept(u.state, now, now + sim.settings.ingestDelayMs);
      req.sim.outcome = errors.length ? `accepted ${updates.length}, ${errors.length} row errors` : `accepted ${updates.length}`;
      return { status: errors.length ? 'partial' : 'success', processed: updates.length, errors };
    } catch (err) {
      if (!(err instanceof PriceListFileError)) throw err;
      req.sim.loggedBody = { file: file.filename, bytes: buffer.length };
      req.sim.outcome = `invalid: ${err.message}`;
      return reply.code(400).send({ status: 'error', message: err.message });
    }
  });
}
