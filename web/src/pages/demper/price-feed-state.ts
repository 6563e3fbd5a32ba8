import type { ServerEvents } from '../../events/server-events.tsx';

export type PriceMove = ServerEvents['price_change'];

/** How many moves the feed keeps: enough to scroll back through an hour of a busy shop, cheap to render. */
export const FEED_LIMIT = 100;

/**
 * Adds one `price_change` event to the feed, newest first. The same move arrives again when its status
 * changes (pushed, then applied or failed): it replaces the row where it stands rather than jumping to
 * the top, so the feed does not reshuffle under the seller's eyes. Events of other shops are ignored.
 */
export function addMove(feed: readonly PriceMove[], move: PriceMove, storeId: string, limit = FEED_LIMIT): PriceMove[] {
  if (move.store_id !== storeId) return feed as PriceMove[];
  const at = feed.findIndex((m) => m.id === move.id);
  if (at >= 0) {
    const next = feed.slice();
    next[at] = move;
    return next;
  }
  return [move, ...feed].slice(0, limit);
}

/** Statuses as the feed colours them: still on its way, confirmed by the storefront, or refused. */
export function statusTone(status: string): 'pending' | 'done' | 'failed' | 'other' {
  if (status === 'sending' || status === 'pushed') return 'pending';
  if (status === 'applied') return 'done';
  if (status === 'failed') return 'failed';
  return 'other';
}

/** Down, up or unchanged, for the arrow beside the price. */
export function direction(move: Pick<PriceMove, 'old_price' | 'new_price'>): 'down' | 'up' | 'same' | 'new' {
  if (move.old_price === null) return 'new';
  if (move.new_price < move.old_price) return 'down';
  if (move.new_price > move.old_price) return 'up';
  return 'same';
}
