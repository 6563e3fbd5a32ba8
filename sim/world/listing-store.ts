/**
 * Competitor listings (one per product x merchant x city) in parallel typed arrays: a million of them
 * cost ~31 MB and no per-object overhead. Listings are grouped by product (product p owns the range
 * productStart[p] .. productStart[p+1]), which is the only index the storefront needs.
 */
export const KIND_STATIC = 0;
export const KIND_DUMPER = 1;
export const KIND_FOLLOWER = 2;
export const KIND_RANDOM_WALK = 3;
export const KIND_ANSWERER = 4;

/** "Never leaves": the largest Int32. */
export const NEVER = 0x7fffffff;

export interface ListingInput {
  product: number;
  merchant: number;
  city: number;
  price: number;
  preorder: number;
  kind: number;
  every: number;
  step: number;
  floor: number;
  ceiling: number;
  /** Ticks added before the `every` test, so bots of the same period do not all move on the same tick. */
  phase: number;
  appear: number;
  leave: number;
}

export class ListingStore {
  count = 0;
  merchant: Int32Array;
  city: Uint8Array;
  price: Int32Array;
  preorder: Uint8Array;
  kind: Uint8Array;
  every: Uint16Array;
  step: Uint16Array;
  floor: Int32Array;
  ceiling: Int32Array;
  phase: Uint16Array;
  /** Behaviour state, not spec: the tick since which an answerer has seen an offer below its own (0 = none). */
  undercutSince: Int32Array;
  appear: Int32Array;
  leave: Int32Array;
  productStart: Int32Array = new Int32Array(1);
  /** 1 when some listing of the product moves by itself, so idle products skip tick evaluation. */
  productMoves: Uint8Array = new Uint8Array(0);
  private lastProduct = -1;
  private starts: number[] = [];

  constructor(capacity = 1024) {
    this.merchant = new Int32Array(capacity);
    this.city = new Uint8Array(capacity);
    this.price = new Int32Array(capacity);
    this.preorder = new Uint8Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.every = new Uint16Array(capacity);
    this.step = new Uint16Array(capacity);
    this.floor = new Int32Array(capacity);
    this.ceiling = new Int32Array(capacity);
    this.phase = new Uint16Array(capacity);
    this.undercutSince = new Int32Array(capacity);
    this.appear = new Int32Array(capacity);
    this.leave = new Int32Array(capacity);
  }

  /** Listings must be pushed in ascending product order. */
  push(l: ListingInput): void {
    if (l.product < this.lastProduct) throw new Error('listings must be pushed in product order');
    while (this.lastProduct < l.product) {
      this.lastProduct++;
      this.starts[this.lastProduct] = this.count;
    }
    if (this.count === this.merchant.length) this.grow();
    const i = this.count++;
    this.merchant[i] = l.merchant;
    this.city[i] = l.city;
    this.price[i] = l.price;
    this.preorder[i] = l.preorder;
    this.kind[i] = l.kind;
    this.every[i] = Math.max(1, Math.min(65535, l.every));
    this.step[i] = Math.max(1, Math.min(65535, l.step));
    this.floor[i] = l.floor;
    this.ceiling[i] = l.ceiling;
    this.phase[i] = Math.max(0, Math.min(65535, l.phase));
    this.appear[i] = l.appear;
    this.leave[i] = l.leave;
  }

  /** Closes the product index; products after the last pushed one get empty ranges. */
  finish(productCount: number): void {
    while (this.lastProduct < productCount - 1) {
      this.lastProduct++;
      this.starts[this.lastProduct] = this.count;
    }
    this.productStart = new Int32Array(productCount + 1);
    for (let p = 0; p < productCount; p++) this.productStart[p] = this.starts[p] ?? this.count;
    this.productStart[productCount] = this.count;
    this.starts = [];
    this.productMoves = new Uint8Array(productCount);
    for (let p = 0; p < productCount; p++) {
      for (let i = this.productStart[p]!; i < this.productStart[p + 1]!; i++) {
        if (this.kind[i] !== KIND_STATIC || this.appear[i]! > 0 || this.leave[i] !== NEVER) {
          this.productMoves[p] = 1;
          break;
        }
      }
    }
    this.shrink();
  }

  start(product: number): number {
    return this.productStart[product]!;
  }

  end(product: number): number {
    return this.productStart[product + 1]!;
  }

  active(i: number, secondsSinceStart: number): boolean {
    return this.appear[i]! <= secondsSinceStart && secondsSinceStart < this.leave[i]!;
  }

  byteLength(): number {
    return [
      this.merchant,
      this.city,
      this.price,
      this.preorder,
      this.kind,
      this.every,
      this.step,
      this.floor,
      this.ceiling,
      this.phase,
      this.undercutSince,
      this.appear,
      this.leave,
      this.productStart,
      this.productMoves,
    ].reduce((n, a) => n + a.byteLength, 0);
  }

  private grow(): void {
    this.resize(Math.max(1024, this.merchant.length * 2));
  }

  private shrink(): void {
    this.resize(Math.max(1, this.count));
  }

  private resize(n: number): void {
    const copy = <T extends Int32Array | Uint8Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a.subarray(0, Math.min(a.length, n)));
      return b;
    };
    this.merchant = copy(this.merchant, (k) => new Int32Array(k));
    this.city = copy(this.city, (k) => new Uint8Array(k));
    this.price = copy(this.price, (k) => new Int32Array(k));
    this.preorder = copy(this.preorder, (k) => new Uint8Array(k));
    this.kind = copy(this.kind, (k) => new Uint8Array(k));
    this.every = copy(this.every, (k) => new Uint16Array(k));
    this.step = copy(this.step, (k) => new Uint16Array(k));
    this.floor = copy(this.floor, (k) => new Int32Array(k));
    this.ceiling = copy(this.ceiling, (k) => new Int32Array(k));
    this.phase = copy(this.phase, (k) => new Uint16Array(k));
    this.undercutSince = copy(this.undercutSince, (k) => new Int32Array(k));
    this.appear = copy(this.appear, (k) => new Int32Array(k));
    this.leave = copy(this.leave, (k) => new Int32Array(k));
  }
}
