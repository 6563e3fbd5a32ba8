import type { SimulatorState } from '../simulator-state.ts';
import { DEFAULT_CITY_ID } from '../world/cities.ts';
import { offerInCity } from '../world/own-offer.ts';

export function worldSummary(sim: SimulatorState): Record<string, unknown> {
  const w = sim.world;
  return {
    seed: w.seed,
    tickMs: w.tickMs,
    epoch: w.epoch,
    products: w.productCount,
    listings: w.listings.count,
    competitors: w.merchants.length,
    listingBytes: w.listings.byteLength(),
    ownMerchants: [...w.ownMerchants.values()].map((m) => ({
      uid: m.id,
      name: m.name,
      apiToken: m.apiToken,
      points: m.points,
      offers: m.offerList.length,
      sampleOffers: m.offerList.slice(0, 5).map((o) => ({ sku: o.sku, productId: o.productId })),
    })),
    accounts: sim.accounts.list().map((a) => ({ email: a.email, phone: a.phone ?? null, smsRequired: a.smsRequired, locked: a.locked, merchants: a.merchants })),
    orders: w.orders.length,
    sampleProducts: w.products.ids.slice(0, 5),
  };
}

/** The storefront's list for a product, without limits or faults (what a test compares against). */
export function storefrontView(sim: SimulatorState, productId: string, cityId = DEFAULT_CITY_ID): Record<string, unknown> {
  const rows = sim.world.offersAt(sim.world.productIndex(productId), cityId, sim.clock.now());
  return {
    productId,
    cityId,
    offers: rows.map((r) => ({
      merchantId: r.merchant.id,
      merchantName: r.merchant.name,
      merchantSku: r.merchantSku,
      price: r.price,
      rating: r.merchant.rating,
      preorder: r.preorder,
      own: sim.world.ownMerchants.has(r.merchant.id),
    })),
  };
}

/** Our shop's prices: what the cabinet holds, what the storefront shows now, what is still ingesting. */
export function appliedPrices(sim: SimulatorState, uid: string, sku?: string): Record<string, unknown> | null {
  const m = sim.world.ownMerchants.get(uid);
  if (!m) return null;
  const now = sim.clock.now();
  const cities = [...new Set(m.points.map((p) => p.cityId))];
  const offers = (sku ? m.offerList.filter((o) => o.sku === sku) : m.offerList).map((o) => {
    const current = o.current();
    const visible = o.visible(now);
    return {
      sku: o.sku,
      productId: o.productId,
      price: current.price,
      cityPrices: Object.fromEntries(current.cityPrices),
      availabilities: Object.fromEntries([...current.availability].map(([name, a]) => [name, a])),
      updatedAt: o.updatedAt,
      storefront: Object.fromEntries(cities.map((c) => [c, visible ? offerInCity(visible, m.points, c) : null])),
      pending: o.pending(now),
    };
  });
  return { uid, now, offers };
}
