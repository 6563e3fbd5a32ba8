// The set-up of the end-to-end files that start from a shop already linked and synced: the simulator
// with the file's world, the API with its web app and Chromium, a seller, and the world's own shop
// linked to the seller without the browser login (linked-store.ts). Each file adds its products.
import { type RunningSimulator, startSimulator } from '../../sim/server.ts';
import type { WorldSpec } from '../../sim/world/world-types.ts';
import type { BrowserPool } from '../../src/infra/browser/browser-pool.ts';
import { registerUser, sharedBrowserPool, type TestApp, type TestUser } from './app.ts';
import { ALMATY, ASTANA, type LinkedStore, linkStoreDirectly, SHYMKENT, storePoints } from './linked-store.ts';
import { startWebApp, type WebAppHarness } from './web-app.ts';

export interface WebShop {
  sim: RunningSimulator;
  harness: WebAppHarness;
  seller: TestUser;
  /** The world's first own merchant, linked to `seller` with every point of it. */
  shop: LinkedStore;
  close(): Promise<void>;
}

const cities = [ALMATY, ASTANA, SHYMKENT];

/**
 * Starts the simulator on `world` (real clock, offers ingested after 300 ms as Kaspi does), the web app
 * on it with `env` on top of no scheduled syncs and no card fetching, and links the world's shop.
 */
export async function startWebShop(world: WorldSpec, env: Record<string, string> = {}): Promise<WebShop> {
  const own = world.ownMerchants[0];
  if (!own) throw new Error('the world needs an own merchant to link');
  const sim = await startSimulator({ world, clock: 'real', ingestDelayMs: 300 });
  let pool: BrowserPool | undefined;
  let harness: WebAppHarness | undefined;
  try {
    pool = sharedBrowserPool(1);
    harness = await startWebApp({ sim, browserPool: pool, env: { SYNC_INTERVAL_HOURS: '0', CARDS_AFTER_SYNC: 'false', ...env } });
    const seller = await registerUser(harness.t.app);
    const points = own.points.map((p) => {
      const city = cities.find((c) => c.id === p.cityId);
      if (!city) throw new Error(`no name for city ${p.cityId}: add it to linked-store.ts`);
      return { name: p.name, city };
    });
    const shop = await linkStoreDirectly(harness.t, sim, seller, own.uid, storePoints(points));
    const [h, p] = [harness, pool];
    return {
      sim,
      harness: h,
      seller,
      shop,
      async close() {
        await h.close();
        await p.close();
        await sim.close();
      },
    };
  } catch (err) {
    await harness?.close();
    await pool?.close();
    await sim.close();
    throw err;
  }
}

/** A product row as a catalogue sync leaves it: Kaspi's price per city, availability per point, the public id. */
export interface SyncedState {
  cityPrices: { cityId: string; price: number }[];
  availabilities: { point: string; available?: boolean; stockCount: number }[];
  externalKaspiId?: string;
  /** The demper's switch for the product. */
  botActive?: boolean;
}

export async function setSyncedState(t: TestApp, productId: string, state: SyncedState): Promise<void> {
  await t.sql(
    `update products set city_prices = $1::jsonb, availabilities = $2::jsonb,
       external_kaspi_id = coalesce($3, external_kaspi_id), bot_active = coalesce($4, bot_active) where id = $5`,
    [
      JSON.stringify(state.cityPrices.map((c) => ({ city_id: c.cityId, price: c.price }))),
      JSON.stringify(state.availabilities.map((a) => ({ point: a.point, available: a.available ?? true, stock_count: a.stockCount, preorder_days: 0 }))),
      state.externalKaspiId ?? null,
      state.botActive ?? null,
      productId,
    ],
  );
}
