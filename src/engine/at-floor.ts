// `best_reachable` at the floor: the place we hold at the floor is the best we can get, so take it
// at the highest price that still keeps it (step under the cheapest competitor behind us).

import type { PriceBand } from './floor.ts';
import type { MarketOffer } from './market-offer.ts';
import { justUnder, ranksAhead } from './ranking.ts';

export function bestReachablePrice(band: PriceBand, step: number, ourRating: number | null, competitors: readonly MarketOffer[]): number {
  let cap = band.max;
  for (const c of competitors) if (!ranksAhead(c, band.floor, ourRating)) cap = Math.min(cap, justUnder(c.price, step));
  return Math.max(band.floor, cap);
}
