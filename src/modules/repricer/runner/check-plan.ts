// Pure pieces of one product check: which cities, what price we hold in each, what the storefront
// confirms of our earlier changes, and when to look again. No I/O, so each rule is tested alone.
import type { PriceHistoryRow, ProductCityPrice, ProductRow, StoreRow } from '../../../infra/db/schema.ts';
import type { MarketOffer } from '../../../kaspi/parsers/storefront-offers.parser.ts';

/** Asia/Almaty is UTC+5 all year (no daylight saving since 2024). */
const ALMATY_OFFSET_MS = 5 * 3_600_000;
const DAY_MS = 86_400_000;

/** Local midnight in Almaty: "changes per day" count from here. */
export function almatyDayStart(now: Date): Date {
  const local = now.getTime() + ALMATY_OFFSET_MS;
  return new Date(local - (local % DAY_MS) - ALMATY_OFFSET_MS);
}

/**
 * The cities where the offer is on sale: those of its available pickup points (as the cabinet lists
 * them), or of the store's enabled points for an offer never synced. Order is stable (first point first).
 */
export function offerCities(product: Pick<ProductRow, 'availabilities'>, store: Pick<StoreRow, 'points'>): string[] {
  const cityOf = new Map(store.points.map((p) => [p.name, p.city_id]));
  const points = product.availabilities.length ? product.availabilities.filter((a) => a.available).map((a) => cityOf.get(a.point)) : store.points.filter((p) => p.enabled).map((p) => p.city_id);
  return [...new Set(points.filter((c): c is string => !!c))];
}

/** What we hold in a city now: its own price, else the base price. */
export function ourPriceIn(product: Pick<ProductRow, 'price' | 'cityPrices'>, cityId: string): number | null {
  return product.cityPrices.find((c) => c.city_id === cityId)?.price ?? product.price;
}

/** Every city price after a change: the offer's other cities keep theirs (one call carries them all). */
export function mergedCityPrices(current: readonly ProductCityPrice[], changed: readonly { cityId: string; price: number }[]): ProductCityPrice[] {
  const merged = new Map(current.map((c) => [c.city_id, c.price]));
  for (const c of changed) merged.set(c.cityId, c.price);
  return [...merged].map(([city_id, price]) => ({ city_id, price }));
}

/** Our place among all offers as the storefront sorted them (1-based); null when we are not listed. */
export function visiblePosition(offers: readonly MarketOffer[], merchantId: string): number | null {
  const i = offers.findIndex((o) => String(o.merchantId) === merchantId);
  return i < 0 ? null : i + 1;
}

export interface CityRead {
  cityId: string;
  offers: readonly MarketOffer[];
  /** When the storefront answered (a shared read may be a few seconds old). */
  fetchedAt: number;
}

export type Verdict =
  | { id: string; outcome: 'applied'; position: number | null }
  | { id: string; outcome: 'superseded'; sent: boolean }
  | { id: string; outcome: 'failed'; error: string }
  | { id: string; outcome: 'waiting'; cityId: string | null };

/**
 * What the storefront says of changes not yet confirmed: `applied` once a read taken after the change
 * shows our offer at its price, `failed` when that has not happened by `deadlineMs` after it (Kaspi
 * took the call but did not apply it, or a killed worker never finished it), else `waiting`. A row
 * without a city (a manual base price) is confirmed by any city showing the price. A change followed
 * by a newer one in the same city before it showed is `superseded`: nothing left to verify.
 */
export function verifyChanges(
  rows: readonly PriceHistoryRow[],
  reads: readonly CityRead[],
  merchantId: string,
  now: number,
  /** How long a change may take to show, by the way it went: the pricefeed's ingest, or the feed's pull period too. */
  deadlines: number | Record<PriceHistoryRow['via'], number>,
): Verdict[] {
  // Only the newest change of a city can still show; older ones were overwritten by it.
  const newest = new Map<string | null, number>();
  for (const row of rows) newest.set(row.cityId, Math.max(newest.get(row.cityId) ?? 0, row.createdAt.getTime()));
  return rows.map((row): Verdict => {
    const changedAt = row.createdAt.getTime();
    if (changedAt < newest.get(row.cityId)!) return { id: row.id, outcome: 'superseded', sent: row.status === 'pushed' };
    const fresh = reads.filter((r) => r.fetchedAt > changedAt && (row.cityId === null || r.cityId === row.cityId));
    for (const read of fresh) {
      const ours = read.offers.find((o) => String(o.merchantId) === merchantId);
      if (ours && ours.price === row.newPrice) return { id: row.id, outcome: 'applied', position: visiblePosition(read.offers, merchantId) };
    }
    const deadlineMs = typeof deadlines === 'number' ? deadlines : deadlines[row.via];
    if (now - changedAt < deadlineMs) return { id: row.id, outcome: 'waiting', cityId: row.cityId };
    const seen = fresh.map((r) => r.offers.find((o) => String(o.merchantId) === merchantId)?.price).filter((p): p is number => p !== undefined);
    const shows = seen.length ? `the storefront still shows ${seen[0]}` : fresh.length ? 'the storefront does not list our offer' : 'the storefront could not be read';
    const who = row.status === 'sending' ? 'The worker stopped before Kaspi confirmed the change' : row.via === 'feed' ? 'The change was published in the XML feed' : 'Kaspi accepted the change';
    return { id: row.id, outcome: 'failed', error: `${who}, but after ${Math.round((now - changedAt) / 1000)} s ${shows}.` };
  });
}
