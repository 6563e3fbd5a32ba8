// What a product's reads have shown over time, city by city: the learning state the scheduler keeps
// in `products.schedule`. Pure: a read goes in, the updated watch comes out.
import type { CityWatch, ScheduleMove } from '../../../infra/db/schema.ts';

export type { CityWatch } from '../../../infra/db/schema.ts';

export const MAX_OBSERVATIONS = 32;
export const MAX_MOVES = 12;
/**
 * The prior of a product whose first read shows a competitor just under our price (within
 * UNDERCUT_SHARE): bots that undercut every 1-5 minutes leave that mark, a quiet market seldom does.
 * It makes the first intervals minutes instead of the hour-long prior's, so a war is learned in a few
 * reads rather than a few sweeps of the whole fleet; a quiet product read sooner than it needed shows
 * it within two or three reads (the prior weighs a tenth of a read).
 */
export const UNDERCUT_PRIOR_SECONDS = 300;
const UNDERCUT_SHARE = 0.02;

export interface CityReadView {
  cityId: string;
  /** Epoch ms of the storefront answer (a shared read may be some seconds old). */
  fetchedAt: number;
  offers: readonly { merchantId: string | number; price: number }[];
}

/** The competition in a read: every offer but ours and our other shops' (we move those ourselves). */
export function competitorFingerprint(offers: CityReadView['offers'], ownMerchantIds: ReadonlySet<string>): { fingerprint: string; cheapest: number | null } {
  const others = offers.filter((o) => !ownMerchantIds.has(String(o.merchantId)));
  const parts = others.map((o) => `${o.merchantId}:${o.price}`).sort();
  let cheapest: number | null = null;
  for (const o of others) if (cheapest === null || o.price < cheapest) cheapest = o.price;
  return { fingerprint: shortHash(parts.join('|')), cheapest };
}

/** A competitor is under our cheapest offer in the read, by at most UNDERCUT_SHARE of it. */
function undercutUs(offers: CityReadView['offers'], ownMerchantIds: ReadonlySet<string>, cheapest: number | null): boolean {
  let ours: number | null = null;
  for (const o of offers) if (ownMerchantIds.has(String(o.merchantId)) && (ours === null || o.price < ours)) ours = o.price;
  return cheapest !== null && ours !== null && cheapest < ours && ours - cheapest <= ours * UNDERCUT_SHARE;
}

/** FNV-1a, 32 bits: enough to tell two sets of offers apart, short enough to keep per city. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

export interface ObserveResult {
  watch: CityWatch;
  /** The competition moved since this product's previous read of the city. */
  moved: boolean;
  /** This read was new to the product (not the same shared read seen before). */
  fresh: boolean;
}

/**
 * Adds a read to a city's watch. The first read only sets the baseline; a read older than or equal to
 * the last one (a shared read this product already used) changes nothing. `lastOurMoveAt` (epoch s)
 * marks moves that followed one of ours: a rival that answers us.
 */
export function observe(previous: CityWatch | undefined, read: CityReadView, ownMerchantIds: ReadonlySet<string>, lastOurMoveAt: number | null): ObserveResult {
  const at = Math.round(read.fetchedAt / 1000);
  const { fingerprint, cheapest } = competitorFingerprint(read.offers, ownMerchantIds);
  if (!previous) {
    const watch: CityWatch = { city_id: read.cityId, read_at: at, fingerprint, cheapest, observations: [], moves: [] };
    if (undercutUs(read.offers, ownMerchantIds, cheapest)) watch.prior_seconds = UNDERCUT_PRIOR_SECONDS;
    return { watch, moved: false, fresh: true };
  }
  if (at <= previous.read_at) return { watch: previous, moved: false, fresh: false };
  const moved = fingerprint !== previous.fingerprint;
  const observations = [...previous.observations, [at - previous.read_at, moved ? 1 : 0, at] as const satisfies CityWatch['observations'][number]].slice(-MAX_OBSERVATIONS);
  let moves = previous.moves;
  if (moved) {
    const lastMove = moves.at(-1)?.[0] ?? 0;
    // Our push in the same second as the read that saw the last move still came after that move.
    const afterOurs: 0 | 1 = lastOurMoveAt !== null && lastOurMoveAt >= lastMove && lastOurMoveAt < at ? 1 : 0;
    const delta = cheapest !== null && previous.cheapest !== null ? cheapest - previous.cheapest : 0;
    const move: ScheduleMove = afterOurs && lastOurMoveAt !== null ? [at, previous.read_at, delta, 1, lastOurMoveAt] : [at, previous.read_at, delta, afterOurs];
    moves = [...moves, move].slice(-MAX_MOVES);
  }
  return { watch: { ...previous, read_at: at, fingerprint, cheapest, observations, moves }, moved, fresh: true };
}
