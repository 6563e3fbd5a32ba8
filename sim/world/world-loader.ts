import { cityIndex } from './cities.ts';
import { KIND_ANSWERER, KIND_DUMPER, KIND_FOLLOWER, KIND_RANDOM_WALK, KIND_STATIC, type ListingInput, ListingStore, NEVER } from './listing-store.ts';
import { OwnOffer, type OwnPoint, type PointAvailability, type PriceState } from './own-offer.ts';
import { type Merchant, type OwnMerchant, World } from './world.ts';
import type { BehaviourSpec, ListingSpec, MerchantSpec, OwnMerchantSpec, OwnOfferSpec, WorldSpec } from './world-types.ts';

export class WorldSpecError extends Error {}

/** Builds a world from its JSON description (control API or tests). */
export function buildWorld(spec: WorldSpec, now: number): World {
  const products = {
    ids: spec.products.map((p) => String(p.id)),
    titles: spec.products.map((p) => p.title),
    brands: spec.products.map((p) => p.brand ?? ''),
    categories: spec.products.map((p) => p.category ?? ''),
  };
  const productIndex = new Map(products.ids.map((id, i) => [id, i]));
  if (productIndex.size !== products.ids.length) throw new WorldSpecError('duplicate product id');
  const merchants = spec.merchants.map(toMerchant);
  const merchantIndex = new Map(merchants.map((m, i) => [m.id, i]));

  const inputs = spec.listings.map((l) => toListingInput(l, productIndex, merchantIndex));
  inputs.sort((a, b) => a.product - b.product || a.city - b.city || a.merchant - b.merchant);
  const store = new ListingStore(Math.max(1, inputs.length));
  for (const input of inputs) store.push(input);
  store.finish(products.ids.length);

  const own = new Map<string, OwnMerchant>();
  for (const m of spec.ownMerchants) own.set(m.uid, buildOwnMerchant(m, productIndex, now));
  return new World(spec.seed ?? 1, spec.tickMs ?? 1000, now, products, merchants, store, own, spec.accounts ?? [], spec.orders ?? []);
}

export function toMerchant(m: MerchantSpec): Merchant {
  return {
    id: String(m.id),
    name: m.name,
    rating: m.rating ?? 0,
    reviews: m.reviews ?? 0,
    deliveryDuration: m.deliveryDuration ?? 'TOMORROW',
    kaspiDelivery: m.kaspiDelivery ?? true,
  };
}

function toListingInput(l: ListingSpec, productIndex: Map<string, number>, merchantIndex: Map<string, number>): ListingInput {
  const product = productIndex.get(String(l.productId));
  const merchant = merchantIndex.get(String(l.merchantId));
  const city = cityIndex(String(l.cityId));
  if (product === undefined) throw new WorldSpecError(`listing names unknown product ${l.productId}`);
  if (merchant === undefined) throw new WorldSpecError(`listing names unknown merchant ${l.merchantId}`);
  if (city < 0) throw new WorldSpecError(`listing names unknown city ${l.cityId}`);
  if (!Number.isInteger(l.price) || l.price < 10) throw new WorldSpecError(`listing price must be an integer >= 10`);
  return {
    product,
    merchant,
    city,
    price: l.price,
    preorder: l.preorder ?? 0,
    ...behaviourFields(l.behaviour ?? { kind: 'static' }, l.price),
    appear: l.appearAt ?? 0,
    leave: l.leaveAt ?? NEVER,
  };
}

export function behaviourFields(b: BehaviourSpec, price: number): Pick<ListingInput, 'kind' | 'every' | 'step' | 'floor' | 'ceiling' | 'phase'> {
  switch (b.kind) {
    case 'static':
      return { kind: KIND_STATIC, every: 1, step: 1, floor: price, ceiling: price, phase: 0 };
    case 'dumper':
      return { kind: KIND_DUMPER, every: b.every, step: b.step, floor: b.floor, ceiling: price, phase: b.phase ?? 0 };
    case 'follower':
      return { kind: KIND_FOLLOWER, every: b.every, step: b.step, floor: b.floor, ceiling: b.ceiling, phase: b.phase ?? 0 };
    case 'random-walk':
      return { kind: KIND_RANDOM_WALK, every: b.every, step: b.step, floor: b.floor, ceiling: b.ceiling, phase: b.phase ?? 0 };
    case 'answerer':
      // `every` holds the answer delay: the bot looks at the market on every tick.
      return { kind: KIND_ANSWERER, every: Math.max(1, b.delay), step: b.step, floor: b.floor, ceiling: price, phase: 0 };
    default:
      throw new WorldSpecError(`unknown behaviour ${(b as { kind: unknown }).kind}`);
  }
}

export function buildOwnMerchant(m: OwnMerchantSpec, productIndex: Map<string, number>, now: number): OwnMerchant {
  const points = m.points.map((p) => {
    if (cityIndex(p.cityId) < 0) throw new WorldSpecError(`point ${p.name} names unknown city ${p.cityId}`);
    return { name: p.name, cityId: p.cityId, enabled: p.enabled ?? true, virtual: p.virtual ?? false };
  });
  const merchant: OwnMerchant = {
    id: m.uid,
    name: m.name,
    rating: m.rating ?? 4.8,
    reviews: m.reviews ?? 120,
    deliveryDuration: m.deliveryDuration ?? 'TOMORROW',
    kaspiDelivery: true,
    points,
    apiToken: m.apiToken ?? null,
    offers: new Map(),
    offerList: [],
  };
  for (const o of m.offers) {
    if (merchant.offers.has(o.sku)) throw new WorldSpecError(`duplicate sku ${o.sku}`);
    const offer = buildOwnOffer(m.uid, points, o, productIndex, now);
    merchant.offers.set(o.sku, offer);
    merchant.offerList.push(offer);
  }
  return merchant;
}

/** One of our offers from its spec (also used when a test adds an offer to a running world). */
export function buildOwnOffer(uid: string, points: readonly OwnPoint[], o: OwnOfferSpec, productIndex: Map<string, number>, now: number): OwnOffer {
  const product = o.productId === undefined ? -1 : (productIndex.get(String(o.productId)) ?? -1);
  if (o.productId !== undefined && product < 0) throw new WorldSpecError(`offer ${o.sku} names unknown product ${o.productId}`);
  if (!Number.isInteger(o.price) || o.price < 10) throw new WorldSpecError(`offer ${o.sku}: price must be an integer >= 10`);
  const availability = new Map<string, PointAvailability>();
  for (const p of points) availability.set(p.name, { available: o.availabilities === undefined, stockCount: o.availabilities === undefined ? 10 : 0, preOrder: 0 });
  for (const a of o.availabilities ?? []) {
    if (!availability.has(a.point)) throw new WorldSpecError(`offer ${o.sku} names unknown point ${a.point}`);
    availability.set(a.point, { available: a.available ?? true, stockCount: a.stockCount ?? 10, preOrder: a.preOrder ?? 0 });
  }
  const state: PriceState = { price: o.price, cityPrices: new Map(Object.entries(o.cityPrices ?? {})), availability };
  return new OwnOffer(uid, o.sku, product, o.productId === undefined ? null : String(o.productId), o.model, o.brand ?? '', o.category ?? '', state, now);
}
