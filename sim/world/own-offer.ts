/**
 * Offers of the shops the project manages ("ours"). The cabinet shows an offer's latest accepted
 * state at once; the storefront shows a state only once Kaspi's ingest delay has passed, so every
 * accepted state is kept with the moment it becomes visible.
 */

export interface PointAvailability {
  available: boolean;
  stockCount: number;
  /** Days; 0 = in stock. */
  preOrder: number;
}

export interface PriceState {
  price: number;
  /** cityId -> price; empty = the base price everywhere. */
  cityPrices: Map<string, number>;
  /** point name (PP1) -> availability. */
  availability: Map<string, PointAvailability>;
}

export interface OwnPoint {
  name: string;
  cityId: string;
  enabled: boolean;
  virtual: boolean;
}

export class OwnOffer {
  /** Accepted states, oldest first, each visible on the storefront from `visibleAt`. */
  private readonly history: { visibleAt: number; state: PriceState }[] = [];
  updatedAt: number;
  /** Told of every accepted state (the world's price log listens here). */
  onAccept: ((state: PriceState, previous: PriceState, acceptedAt: number, visibleAt: number) => void) | null = null;

  constructor(
    readonly merchantUid: string,
    readonly sku: string,
    /** Index into the world's products; -1 when the offer has no shopLink. */
    readonly product: number,
    readonly productId: string | null,
    readonly model: string,
    readonly brand: string,
    readonly category: string,
    initial: PriceState,
    at: number,
  ) {
    this.history.push({ visibleAt: at, state: initial });
    this.updatedAt = at;
  }

  /** What the cabinet shows: the latest accepted state. */
  current(): PriceState {
    return this.history.at(-1)!.state;
  }

  accept(state: PriceState, now: number, visibleAt: number): void {
    const previous = this.current();
    this.history.push({ visibleAt, state });
    this.onAccept?.(state, previous, now, visibleAt);
    this.updatedAt = now;
    this.prune(now);
  }

  /** What the storefront shows at `t`: the newest accepted state whose ingest delay has passed. */
  visible(t: number): PriceState | null {
    for (let i = this.history.length - 1; i >= 0; i--) {
      const h = this.history[i]!;
      if (h.visibleAt <= t) return h.state;
    }
    return null;
  }

  /** States accepted but not yet on the storefront. */
  pending(now: number): { visibleAt: number; price: number }[] {
    return this.history.filter((h) => h.visibleAt > now).map((h) => ({ visibleAt: h.visibleAt, price: h.state.price }));
  }

  // Keeps the states a storefront read at `now` or later can still need (older ones are shadowed).
  // Behaviour catch-up may look back in time, so a bounded tail of old states is kept too.
  private prune(now: number): void {
    if (this.history.length <= 64) return;
    let lastVisible = 0;
    for (let i = 0; i < this.history.length; i++) if (this.history[i]!.visibleAt <= now) lastVisible = i;
    const cut = Math.max(0, Math.min(lastVisible, this.history.length - 64));
    if (cut > 0) this.history.splice(0, cut);
  }
}

/** Price and preorder of an offer in one city, or null when no available point is in that city. */
export function offerInCity(state: PriceState, points: readonly OwnPoint[], cityId: string): { price: number; preorder: number } | null {
  let found = false;
  let preorder = Number.MAX_SAFE_INTEGER;
  for (const point of points) {
    if (point.cityId !== cityId || !point.enabled) continue;
    const a = state.availability.get(point.name);
    if (!a?.available) continue;
    found = true;
    preorder = Math.min(preorder, a.preOrder);
  }
  if (!found) return null;
  return { price: state.cityPrices.get(cityId) ?? state.price, preorder };
}
