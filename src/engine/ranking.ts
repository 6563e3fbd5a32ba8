// Kaspi's order (kaspi-protocol.md 6): cheapest first; at equal price the better-rated merchant first.
// Kaspi does not say who wins at equal price and equal rating, so we assume the competitor does:
// an expected position is never better than the one we really get.
import type { MarketOffer } from './market-offer.ts';

const ratingOf = (rating: number | null): number => rating ?? 0;

/** Competitors sorted as the storefront shows them. */
export function inKaspiOrder(competitors: readonly MarketOffer[]): MarketOffer[] {
  return [...competitors].sort((a, b) => a.price - b.price || ratingOf(b.rating) - ratingOf(a.rating));
}

/** Whether this competitor is shown before us if we sell at `price`. */
export function ranksAhead(competitor: MarketOffer, price: number, ourRating: number | null): boolean {
  return competitor.price < price || (competitor.price === price && ratingOf(competitor.rating) >= ratingOf(ourRating));
}

/** Our 1-based place among the filtered competitors and us. */
export function positionAt(price: number, ourRating: number | null, competitors: readonly MarketOffer[]): number {
  let ahead = 0;
  for (const c of competitors) if (ranksAhead(c, price, ourRating)) ahead++;
  return ahead + 1;
}

/** The highest integer price strictly under a competitor's price, `step` below it. */
export function justUnder(competitorPrice: number, step: number): number {
  return Math.ceil(competitorPrice) - step;
}
