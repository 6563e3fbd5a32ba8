/**
 * Every price change on the storefront, with the simulated time it happened: competitors' moves
 * (behaviours and the control API) and our accepted prices (at the moment Kaspi's ingest delay lets the
 * storefront show them). A benchmark computes reaction times from it without polling the storefront.
 */
export interface PriceChange {
  seq: number;
  /** Simulated ms at which the storefront shows the new price. */
  at: number;
  productId: string;
  /** The listing's city; null for one of our offers (its state holds a base price and city prices). */
  cityId: string | null;
  merchantId: string;
  /** Our offer's SKU; null for a competitor. */
  sku: string | null;
  own: boolean;
  price: number;
  /** Our offer's per-city prices (city id -> price), when it has any. */
  cityPrices?: Record<string, number>;
  previous: number | null;
  /** behaviour: a competitor bot's tick; control: set through the control API; accepted: our write (pricefeed, price list, feed pull). */
  cause: 'behaviour' | 'control' | 'accepted';
  /** For ours: the simulated ms at which Kaspi accepted the price. */
  acceptedAt?: number;
}

export interface PriceChangeFilter {
  /** Changes with `at` at or after this (simulated ms). */
  from?: number;
  /** ... and before or at this. */
  until?: number;
  productId?: string;
  own?: boolean;
  limit?: number;
}

/** Ring buffer of the last `capacity` changes (the oldest fall out; `dropped` counts them). */
export class PriceLog {
  private ring: (PriceChange | undefined)[];
  private next = 0;
  private seq = 0;
  dropped = 0;

  constructor(capacity: number) {
    this.ring = new Array(Math.max(1, capacity));
  }

  add(change: Omit<PriceChange, 'seq'>): void {
    if (this.ring[this.next] !== undefined) this.dropped++;
    this.ring[this.next] = { seq: ++this.seq, ...change };
    this.next = (this.next + 1) % this.ring.length;
  }

  /**
   * Matching changes ordered by `at` (then by when they were recorded). Behaviours are replayed lazily,
   * so a change can be recorded after later ones: callers that need every change up to now catch the
   * world up first.
   */
  query(filter: PriceChangeFilter = {}): PriceChange[] {
    const out: PriceChange[] = [];
    for (let k = 0; k < this.ring.length; k++) {
      const e = this.ring[(this.next + k) % this.ring.length];
      if (!e) continue;
      if (filter.from !== undefined && e.at < filter.from) continue;
      if (filter.until !== undefined && e.at > filter.until) continue;
      if (filter.productId !== undefined && e.productId !== filter.productId) continue;
      if (filter.own !== undefined && e.own !== filter.own) continue;
      out.push(e);
    }
    out.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return filter.limit !== undefined ? out.slice(0, filter.limit) : out;
  }

  clear(): void {
    this.ring = new Array(this.ring.length);
    this.next = 0;
    this.dropped = 0;
  }
}
