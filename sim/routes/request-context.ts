import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ShapeVariant } from '../faults/faults.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { antibotPage, errorPage } from './html-pages.ts';

/** What the simulator tracks about one request, from arrival to log entry. */
export interface RequestMeta {
  route: string;
  ip: string;
  at: number;
  startedReal: number;
  account: string | null;
  merchant: string | null;
  outcome: string;
  shapes: ReadonlySet<ShapeVariant>;
  /** Replaces the parsed body in the log (e.g. a summary of an uploaded file). */
  loggedBody?: unknown;
}

declare module 'fastify' {
  interface FastifyRequest {
    sim: RequestMeta;
  }
  interface FastifyContextConfig {
    /** Route name used by faults and the request log, e.g. `storefront.offers`. */
    simRoute?: string;
  }
}

const NO_SHAPES: ReadonlySet<ShapeVariant> = new Set();

/** Routes whose natural answer is a page; their injected errors are HTML too. */
const PAGE_ROUTES = new Set(['idmc.login-page', 'mc.oauth-callback', 'mc.cabinet']);

/**
 * Per-request hooks: name the request, apply faults on demand before the route runs, and write the
 * request log after the answer. Control routes (`/_sim`) are neither faulted nor logged.
 */
export function registerRequestContext(app: FastifyInstance, sim: SimulatorState): void {
  app.decorateRequest('sim', null as unknown as RequestMeta);

  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.config.simRoute ?? (request.url.startsWith('/_sim') ? 'control' : 'unknown');
    const ip = sim.clientIp(request);
    request.sim = { route, ip, at: sim.clock.now(), startedReal: performance.now(), account: null, merchant: null, outcome: 'ok', shapes: NO_SHAPES };
    if (route === 'control') return;
    const decision = sim.faults.decide(route, ip);
    if (!decision) return;
    if (decision.shapes.size) request.sim.shapes = decision.shapes;
    if (decision.hang) {
      request.sim.outcome = 'fault:hang';
      logRequest(sim, request, 0);
      // Never answer: the socket stays open until the client gives up or the simulator closes.
      return new Promise<never>(() => {});
    }
    if (decision.delayMs > 0) {
      await new Promise((r) => setTimeout(r, decision.delayMs));
      request.sim.outcome = `fault:slow ${decision.delayMs}ms`;
    }
    if (decision.status !== null) {
      request.sim.outcome = `fault:status ${decision.status}`;
      if (decision.bodyDelayMs > 0) return sendErrorSlowly(sim, request, reply, decision.status, decision.bodyDelayMs);
      return sendError(reply, decision.status, PAGE_ROUTES.has(route));
    }
    if (decision.antibot) {
      request.sim.outcome = 'fault:antibot';
      return reply.code(200).type('text/html; charset=utf-8').send(antibotPage());
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    if (request.sim.route === 'control') return;
    logRequest(sim, request, reply.statusCode);
  });
}

function sendError(reply: FastifyReply, status: number, html: boolean): FastifyReply {
  if (html) return reply.code(status).type('text/html; charset=utf-8').send(errorPage(status));
  return reply.code(status).send({ error: status >= 500 ? 'Internal Server Error' : 'Error', status });
}

/** The error page's headers now, its body later: the client sees the answer before it can show it. */
function sendErrorSlowly(sim: SimulatorState, request: FastifyRequest, reply: FastifyReply, status: number, bodyDelayMs: number): void {
  reply.hijack();
  reply.raw.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  reply.raw.flushHeaders();
  setTimeout(() => {
    reply.raw.end(errorPage(status));
    // A hijacked answer skips onResponse: logged here.
    logRequest(sim, request, status);
  }, bodyDelayMs);
}

function logRequest(sim: SimulatorState, request: FastifyRequest, status: number): void {
  const meta = request.sim;
  const q = request.url.indexOf('?');
  sim.log.add({
    seq: sim.log.nextSeq(),
    at: meta.at,
    time: new Date(meta.at).toISOString(),
    ip: meta.ip,
    method: request.method,
    path: q < 0 ? request.url : request.url.slice(0, q),
    query: (request.query ?? {}) as Record<string, unknown>,
    route: meta.route,
    account: meta.account,
    merchant: meta.merchant,
    body: meta.loggedBody ?? request.body ?? null,
    status,
    outcome: meta.outcome,
    durationMs: Math.round((performance.now() - meta.startedReal) * 100) / 100,
  });
}
