// bench:reaction's measurement, from the simulator's own price log (GET /_sim/price-changes): for every
// competitor change in the measured window that pushes one of our offers out of its target place, the
// time until our answering price is visible on the storefront (back in the place, or at our floor).
// Pure: the price log and the starting prices in, figures out.

/** What the analysis needs to know of one of our offers. */
export interface OfferUnderTest {
  productId: string;
  sku: string;
  contested: boolean;
  minPrice: number;
  ourPrice: number;
  /** merchant id -> the competitor's price when the world started. */
  competitors: Map<string, number>;
}

/** A row of the simulator's price log (sim/log/price-log.ts), the fields used here. */
export interface LoggedPriceChange {
  at: number;
  productId: string;
  cityId: string | null;
  merchantId: string;
  own: boolean;
  price: number;
  cityPrices?: Record<string, number>;
}

export interface Reaction {
  productId: string;
  contested: boolean;
  /** ms from the change to our answer on the storefront; for a censored one, to the window's end. */
  ms: number;
  censored: boolean;
}

export interface ReactionFigures {
  reactions: Reaction[];
  /** Competitor changes in the window that left us in the target place (nothing to answer). */
  harmless: number;
  /** Mean over offers of the share of the window each sat in its target place, per group. */
  inPlace: { all: number; contested: number; quiet: number };
}

/**
 * Replays each offer's storefront from the world's starting prices and the log, in time order. The
 * target place is the first (strategy beat_first): our price below every competitor's. A change
 * counts from the window's start `from` to its end `until`; answers after `until` are not seen, so
 * such a change is censored and counted at `until - change` (a lower bound).
 */
export function measureReactions(offers: OfferUnderTest[], log: LoggedPriceChange[], cityId: string, from: number, until: number): ReactionFigures {
  const byProduct = new Map<string, LoggedPriceChange[]>();
  for (const c of log) {
    if (c.at > until || (c.cityId !== null && c.cityId !== cityId)) continue;
    const list = byProduct.get(c.productId) ?? [];
    list.push(c);
    byProduct.set(c.productId, list);
  }
  const reactions: Reaction[] = [];
  let harmless = 0;
  const share = { all: [] as number[], contested: [] as number[], quiet: [] as number[] };
  for (const offer of offers) {
    const competitors = new Map(offer.competitors);
    let ours = offer.ourPrice;
    const cheapest = () => Math.min(...competitors.values());
    const inPlace = () => ours < cheapest();
    let waiting: number[] = [];
    let placedMs = 0;
    let last = from;
    let placed = inPlace();
    const events = (byProduct.get(offer.productId) ?? []).sort((a, b) => a.at - b.at);
    for (let i = 0; i < events.length; ) {
      const t = events[i]!.at;
      let competitorMoved = false;
      for (; i < events.length && events[i]!.at === t; i++) {
        const e = events[i]!;
        if (e.own) ours = e.cityPrices?.[cityId] ?? e.price;
        else {
          competitors.set(e.merchantId, e.price);
          competitorMoved = true;
        }
      }
      if (t > from) placedMs += placed ? t - Math.max(last, from) : 0;
      last = Math.max(last, t);
      placed = inPlace();
      const answered = placed || ours <= offer.minPrice;
      if (answered && waiting.length) {
        for (const start of waiting) reactions.push({ productId: offer.productId, contested: offer.contested, ms: t - start, censored: false });
        waiting = [];
      }
      if (competitorMoved && t >= from) {
        if (answered) harmless++;
        else waiting.push(t);
      }
    }
    placedMs += placed ? until - Math.max(last, from) : 0;
    for (const start of waiting) reactions.push({ productId: offer.productId, contested: offer.contested, ms: until - start, censored: true });
    const s = until > from ? placedMs / (until - from) : 0;
    share.all.push(s);
    (offer.contested ? share.contested : share.quiet).push(s);
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  return { reactions, harmless, inPlace: { all: mean(share.all), contested: mean(share.contested), quiet: mean(share.quiet) } };
}

/** The q-quantile (nearest rank) of the reactions' ms, censored ones at their lower bound; NaN when none. */
export function quantile(reactions: Reaction[], q: number): number {
  const ms = reactions.map((r) => r.ms).sort((a, b) => a - b);
  if (!ms.length) return Number.NaN;
  return ms[Math.min(ms.length - 1, Math.max(0, Math.ceil(q * ms.length) - 1))]!;
}
