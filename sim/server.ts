import Fastify, { type FastifyInstance } from 'fastify';
import { ControlError, registerControlRoutes } from './control/control.routes.ts';
import { registerIdmcRoutes } from './routes/idmc.routes.ts';
import { registerMcRoutes } from './routes/mc.routes.ts';
import { registerPricefeedRoutes } from './routes/pricefeed.routes.ts';
import { registerRequestContext } from './routes/request-context.ts';
import { registerShopApiRoutes } from './routes/shop-api.routes.ts';
import { registerStorefrontRoutes } from './routes/storefront.routes.ts';
import { type SimUrls, type SimulatorOptions, SimulatorState } from './simulator-state.ts';
import { WorldSpecError } from './world/world-loader.ts';

export type { SimUrls, SimulatorOptions } from './simulator-state.ts';

export interface RunningSimulator {
  /** Base URLs for KASPI_IDMC_URL, KASPI_MC_URL, KASPI_SHOP_URL, and the Shop API v2 (`api`). */
  urls: SimUrls;
  /** Base URL of the control API (`<origin>/_sim`). */
  controlUrl: string;
  /** In-process access to the simulator's state (clock, world, limits, log...). */
  control: SimulatorState;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Builds the simulator's HTTP app without listening (for app.inject in unit tests). */
export async function buildSimulatorApp(state: SimulatorState): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 5 * 1024 * 1024, return503OnClosing: false });
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err instanceof ControlError || err instanceof WorldSpecError || err instanceof RangeError ? 400 : (err.statusCode ?? 500);
    if (req.sim) req.sim.outcome = `error: ${err.message}`;
    return reply.code(status).send({ error: status >= 500 ? 'Internal Server Error' : 'Bad Request', message: err.message, status });
  });
  registerRequestContext(app, state);
  registerIdmcRoutes(app, state);
  registerMcRoutes(app, state);
  await registerPricefeedRoutes(app, state);
  registerStorefrontRoutes(app, state);
  registerShopApiRoutes(app, state);
  registerControlRoutes(app, state);
  return app;
}

/**
 * Starts the simulator: one server plays the identity provider, the merchant cabinet, the storefront
 * and the Shop API v2, routed by path exactly as on Kaspi's hosts (their paths do not collide).
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const state = new SimulatorState(options);
  const app = await buildSimulatorApp(state);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  state.urls = simulatorUrls(origin);
  return {
    urls: state.urls,
    controlUrl: `${origin}/_sim`,
    control: state,
    app,
    close: () => {
      state.feeds.stop();
      return app.close();
    },
  };
}

/** The base URLs of a simulator listening at `origin` (one server plays every Kaspi host). */
export function simulatorUrls(origin: string): SimUrls {
  return { idmc: origin, mc: origin, shop: origin, api: `${origin}/shop/api/v2` };
}

/** The service settings that point the API or a worker at a simulator: one place for every caller. */
export function kaspiUrlEnv(urls: SimUrls): Record<'KASPI_IDMC_URL' | 'KASPI_MC_URL' | 'KASPI_SHOP_URL', string> {
  return { KASPI_IDMC_URL: urls.idmc, KASPI_MC_URL: urls.mc, KASPI_SHOP_URL: urls.shop };
}
