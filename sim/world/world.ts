import type { PriceLog } from '../log/price-log.ts';
import { cityAt, cityIndex } from './cities.ts';
import { KIND_ANSWERER, KIND_DUMPER, KIND_FOLLOWER, KIND_RANDOM_WALK, KIND_STATIC, type ListingStore } from './listing-store.ts';
import { type OwnOffer, type OwnPoint, offerInCity } from './own-offer.ts';
import { hashUnit } from './prng.ts';
import type { AccountSpec, DeliveryDuration, OrderSpec } from './world-types.ts';

export interface Merchant {
  id: string;
  name: string;
  rating: number;
  reviews: number;
  deliveryDuration: DeliveryDuration;
  kaspiDelivery: boolean;
}

export interface OwnMerchant extends Merchant {
  points: OwnPoint[];
  apiToken: string | null;
  offers: Map<string, OwnOffer>;
  /** Offers in catalogue order, for the cabinet's paged list. */
  offerList: OwnOffer[];
}

export interface Products {
  ids: string[];
  titles: string[];
  brands: string[];
  categories: string[];
}

/** One line of the storefront's offer list. */
export interface OfferRow {
  merchant: Merchant;
  merchantSku: string;
  price: number;
  preorder: number;
}

/**
 * Everything Kaspi knows about the market: products, competitor listings (compact), our shops and
 * their offers, orders. Competitor behaviours are evaluated lazily per product: reading a product
 * first replays every behaviour tick since it was last read, in order, so the price timeline depends
 * only on the seed and on what happened (our accepted prices), never on when or how often it is read.
 */
export class World {
  readonly productIndexById: Map<string, number>;
  readonly merchantIndexById: Map<string, number>;
  /** Last behaviour tick already applied, per product. */
  private readonly lastTick: Int32Array;
  private readonly ownByProduct = new Map<number, { offer: OwnOffer; merchant: OwnMerchant }[]>();
  private priceLog: PriceLog | null = null;

  constructor(
    readonly seed: number,
    readonly tickMs: number,
    /** Simulated time at which the world started; behaviour ticks and appear/leave count from it. */
    readonly epoch: number,
    readonly products: Products,
    readonly merchants: Merchant[],
    readonly listings: ListingStore,
    readonly ownMerchants: Map<string, OwnMerchant>,
    readonly accounts: AccountSpec[],
    readonly orders: OrderSpec[],
  ) {
    this.productIndexById = new Map(products.ids.map((id, i) => [id, i]));
    this.merchantIndexById = new Map(merchants.map((m, i) => [m.id, i]));
    this.lastTick = new Int32Array(products.ids.length);
    for (const merchant of ownMerchants.values()) {
      for (const offer of merchant.offerList) {
        if (offer.product < 0) continue;
        const list = this.ownByProduct.get(offer.product) ?? [];
        list.push({ offer, merchant });
        this.ownByProduct.set(offer.product, list);
      }
    }
  }

  /** From now on every price change (competitors' and our accepted ones) is recorded in `log`. */
  recordPricesTo(log: PriceLog): void {
    this.priceLog = log;
    for (const merchant of this.ownMerchants.values()) for (const offer of merchant.offerList) this.watchOwnOffer(offer);
  }

  /** Adds one of our offers, or replaces the one with the same SKU (a seller editing the cabinet). */
  putOwnOffer(merchant: OwnMerchant, offer: OwnOffer): void {
    this.removeOwnOffer(merchant, offer.sku);
    this.watchOwnOffer(offer);
    merchant.offers.set(offer.sku, offer);
    merchant.offerList.push(offer);
    if (offer.product >= 0) {
      const list = this.ownByProduct.get(offer.product) ?? [];
      list.push({ offer, merchant });
      this.ownByProduct.set(offer.product, list);
    }
  }

  /** Takes one of our offers off Kaspi (the seller deleted it). */
  removeOwnOffer(merchant: OwnMerchant, sku: string): boolean {
    const offer = merchant.offers.get(sku);
    if (!offer) return false;
    merchant.offers.delete(sku);
    merchant.offerList.splice(merchant.offerList.indexOf(offer), 1);
    const list = this.ownByProduct.get(offer.product);
    if (list)
      this.ownByProduct.set(
        offer.product,
        list.filter((entry) => entry.offer !== offer),
      );
    return true;
  }

  get productCount(): number {
    return this.products.ids.length;
  }

  productIndex(id: string): number {
    return this.productIndexById.get(id) ?? -1;
  }

  tickAt(now: number): number {
    return Math.max(0, Math.floor((now - this.epoch) / this.tickMs));
  }

  /** The storefront's view of a product in a city at `now`, cheapest first, better rating first on ties. */
  offersAt(product: number, cityId: string, now: number): OfferRow[] {
    const city = cityIndex(cityId);
    const rows: OfferRow[] = [];
    if (product < 0 || city < 0) return rows;
    this.catchUp(product, now);
    const L = this.listings;
    const sec = this.secondsAt(now);
    const productId = this.products.ids[product]!;
    for (let i = L.start(product), e = L.end(product); i < e; i++) {
      if (L.city[i] !== city || !L.active(i, sec)) continue;
      const merchant = this.merchants[L.merchant[i]!]!;
      rows.push({ merchant, merchantSku: `${merchant.id}-${productId}`, price: L.price[i]!, preorder: L.preorder[i]! });
    }
    for (const { offer, merchant } of this.ownByProduct.get(product) ?? []) {
      const state = offer.visible(now);
      const inCity = state && offerInCity(state, merchant.points, cityId);
      if (inCity) rows.push({ merchant, merchantSku: offer.sku, price: inCity.price, preorder: inCity.preorder });
    }
    rows.sort(compareRows);
    return rows;
  }

  /** Sets a competitor's price (all its cities, or one); returns how many listings changed. */
  setCompetitorPrice(product: number, merchantId: string, cityId: string | null, price: number, now: number): number {
    const merchant = this.merchantIndexById.get(merchantId);
    if (merchant === undefined || product < 0) return 0;
    const city = cityId === null ? -1 : cityIndex(cityId);
    this.catchUp(product, now);
    const L = this.listings;
    let changed = 0;
    for (let i = L.start(product), e = L.end(product); i < e; i++) {
      if (L.merchant[i] !== merchant || (city >= 0 && L.city[i] !== city)) continue;
      this.recordCompetitor(product, i, now, price, 'control');
      L.price[i] = price;
      if (L.floor[i]! > price) L.floor[i] = price;
      if (L.ceiling[i]! < price) L.ceiling[i] = price;
      changed++;
    }
    return changed;
  }

  /** Replays behaviour ticks of one product up to `now`. */
  catchUp(product: number, now: number): void {
    const target = this.tickAt(now);
    const from = this.lastTick[product]!;
    if (from >= target) return;
    this.lastTick[product] = target;
    const L = this.listings;
    if (!L.productMoves[product]) return;
    const s = L.start(product);
    const e = L.end(product);
    const own = this.ownByProduct.get(product);
    for (let k = from + 1; k <= target; k++) {
      const t = this.epoch + k * this.tickMs;
      const sec = Math.floor((k * this.tickMs) / 1000);
      for (let i = s; i < e; i++) {
        const kind = L.kind[i]!;
        if (kind === KIND_STATIC || !L.active(i, sec)) continue;
        // An answerer looks at the market on every tick; the others act every `every` ticks.
        if (kind !== KIND_ANSWERER && (k + L.phase[i]!) % L.every[i]! !== 0) continue;
        const city = L.city[i]!;
        let cheapest = Number.POSITIVE_INFINITY;
        for (let j = s; j < e; j++) {
          if (j !== i && L.city[j] === city && L.price[j]! < cheapest && L.active(j, sec)) cheapest = L.price[j]!;
        }
        if (own) {
          const cityId = cityAt(city).id;
          for (const { offer, merchant } of own) {
            const state = offer.visible(t);
            const inCity = state && offerInCity(state, merchant.points, cityId);
            if (inCity && inCity.price < cheapest) cheapest = inCity.price;
          }
        }
        const next = kind === KIND_ANSWERER ? answererPrice(L, i, k, cheapest) : nextPrice(L, i, kind, cheapest, this.seed, k);
        if (next !== L.price[i]) {
          this.recordCompetitor(product, i, t, next, 'behaviour');
          L.price[i] = next;
        }
      }
    }
  }

  private recordCompetitor(product: number, listing: number, at: number, price: number, cause: 'behaviour' | 'control'): void {
    const L = this.listings;
    if (!this.priceLog || L.price[listing] === price) return;
    this.priceLog.add({
      at,
      productId: this.products.ids[product]!,
      cityId: cityAt(L.city[listing]!).id,
      merchantId: this.merchants[L.merchant[listing]!]!.id,
      sku: null,
      own: false,
      price,
      previous: L.price[listing]!,
      cause,
    });
  }

  private watchOwnOffer(offer: OwnOffer): void {
    if (!this.priceLog) return;
    const log = this.priceLog;
    offer.onAccept = (state, previous, acceptedAt, visibleAt) =>
      log.add({
        at: visibleAt,
        productId: offer.productId ?? '',
        cityId: null,
        merchantId: offer.merchantUid,
        sku: offer.sku,
        own: true,
        price: state.price,
        ...(state.cityPrices.size > 0 && { cityPrices: Object.fromEntries(state.cityPrices) }),
        previous: previous.price,
        cause: 'accepted',
        acceptedAt,
      });
  }

  /** Replays every product's behaviours up to `now` (so the price log holds every change until then). */
  catchUpAll(now: number): void {
    for (let p = 0; p < this.productCount; p++) this.catchUp(p, now);
  }

  private secondsAt(now: number): number {
    return Math.floor(Math.max(0, now - this.epoch) / 1000);
  }
}

function nextPrice(L: ListingStore, i: number, kind: number, cheapestOther: number, seed: number, tick: number): number {
  const price = L.price[i]!;
  const step = L.step[i]!;
  const floor = L.floor[i]!;
  const ceiling = L.ceiling[i]!;
  if (kind === KIND_DUMPER) {
    if (cheapestOther === Number.POSITIVE_INFINITY || cheapestOther > price) return price;
    return Math.max(floor, Math.min(price, cheapestOther - step));
  }
  if (kind === KIND_FOLLOWER) {
    const target = cheapestOther === Number.POSITIVE_INFINITY ? ceiling : cheapestOther - step;
    return Math.max(floor, Math.min(ceiling, target));
  }
  if (kind === KIND_RANDOM_WALK) {
    const r = hashUnit(seed, i, tick);
    const delta = r < 1 / 3 ? -step : r < 2 / 3 ? 0 : step;
    return Math.max(floor, Math.min(ceiling, price + delta));
  }
  return price;
}

/** An answerer undercuts the cheapest other once that one has sat below it for `every` ticks (its delay). */
function answererPrice(L: ListingStore, i: number, tick: number, cheapestOther: number): number {
  const price = L.price[i]!;
  if (!(cheapestOther < price)) {
    L.undercutSince[i] = 0;
    return price;
  }
  if (L.undercutSince[i] === 0) L.undercutSince[i] = tick;
  if (tick - L.undercutSince[i]! < L.every[i]!) return price;
  L.undercutSince[i] = 0;
  return Math.max(L.floor[i]!, Math.min(price, cheapestOther - L.step[i]!));
}

export function compareRows(a: OfferRow, b: OfferRow): number {
  return a.price - b.price || b.merchant.rating - a.merchant.rating || (a.merchant.id < b.merchant.id ? -1 : a.merchant.id > b.merchant.id ? 1 : 0);
}
