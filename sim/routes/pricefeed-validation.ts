import { cityIndex } from '../world/cities.ts';
import type { PointAvailability, PriceState } from '../world/own-offer.ts';
import type { OwnMerchant } from '../world/world.ts';

export type PricefeedResult = { ok: true; state: PriceState; note: string } | { ok: false; status: 400 | 403; message: string };

const isPrice = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 10;
const isDays = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 30;

/**
 * Applies one pricefeed body to an offer the way Kaspi does, or says why Kaspi refuses it:
 *  - one offer per call: the body is one object (an array, or an `offers` list, is 400);
 *  - prices are integers >= 10 (else 400); an unknown SKU is 400;
 *  - (quirk) `cityPrices` without a base `price` are ignored: the prices stay as they were;
 *  - (quirk) a call carries the offer's whole price state: city prices not in it are dropped;
 *  - (quirk) `availabilities` replaces the offer's points: a point not listed goes to "no";
 *  - top-level `preOrder` applies to every available point only when `availabilities` is omitted.
 */
export function applyPricefeed(body: unknown, merchants: ReadonlyMap<string, OwnMerchant>, allowedUids: readonly string[]): PricefeedResult & { sku?: string; uid?: string } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return bad('Body must be one offer object (one offer per call)');
  const b = body as Record<string, unknown>;
  if ('offers' in b) return bad('One offer per call');
  const uid = typeof b.merchantUid === 'string' || typeof b.merchantUid === 'number' ? String(b.merchantUid) : '';
  if (!uid) return bad('merchantUid is required');
  if (!allowedUids.includes(uid)) return { ok: false, status: 403, message: `No access to merchant ${uid}`, uid };
  const merchant = merchants.get(uid);
  if (!merchant) return { ok: false, status: 403, message: `No access to merchant ${uid}`, uid };
  if (typeof b.sku !== 'string' || b.sku === '') return bad('sku is required', uid);
  const offer = merchant.offers.get(b.sku);
  if (!offer) return bad(`Unknown SKU ${b.sku}`, uid);
  const sku = b.sku;
  const current = offer.current();

  const hasPrice = b.price !== undefined && b.price !== null;
  if (hasPrice && !isPrice(b.price)) return bad('price must be an integer >= 10', uid, sku);
  let cityPrices = new Map<string, number>();
  if (b.cityPrices !== undefined && b.cityPrices !== null) {
    if (!Array.isArray(b.cityPrices)) return bad('cityPrices must be a list', uid, sku);
    for (const cp of b.cityPrices as unknown[]) {
      const c = cp as Record<string, unknown> | null;
      const cityId = c && (typeof c.cityId === 'string' || typeof c.cityId === 'number') ? String(c.cityId) : '';
      if (cityIndex(cityId) < 0) return bad(`unknown cityId ${cityId}`, uid, sku);
      if (!isPrice(c!.value)) return bad('city price must be an integer >= 10', uid, sku);
      cityPrices.set(cityId, c!.value);
    }
  }
  const notes: string[] = [];
  let price = current.price;
  if (hasPrice) price = b.price as number;
  else {
    if (cityPrices.size) notes.push('cityPrices ignored without price');
    cityPrices = current.cityPrices;
  }

  if (b.preOrder !== undefined && b.preOrder !== null && !isDays(b.preOrder)) return bad('preOrder must be 0..30 days', uid, sku);
  let availability: Map<string, PointAvailability>;
  if (b.availabilities !== undefined && b.availabilities !== null) {
    if (!Array.isArray(b.availabilities)) return bad('availabilities must be a list', uid, sku);
    availability = new Map(merchant.points.map((p) => [p.name, { available: false, stockCount: 0, preOrder: 0 }]));
    for (const raw of b.availabilities as unknown[]) {
      const a = raw as Record<string, unknown> | null;
      const storeId = a && typeof a.storeId === 'string' ? a.storeId : '';
      const point = storeId.startsWith(`${uid}_`) ? storeId.slice(uid.length + 1) : '';
      if (!availability.has(point)) return bad(`unknown storeId ${storeId}`, uid, sku);
      if (a!.available !== 'yes' && a!.available !== 'no') return bad('available must be "yes" or "no"', uid, sku);
      if (a!.preOrder !== undefined && a!.preOrder !== null && !isDays(a!.preOrder)) return bad('preOrder must be 0..30 days', uid, sku);
      const stock = typeof a!.stockCount === 'number' && a!.stockCount >= 0 ? Math.floor(a!.stockCount) : a!.available === 'yes' ? 1 : 0;
      availability.set(point, { available: a!.available === 'yes', stockCount: stock, preOrder: (a!.preOrder as number | undefined) ?? 0 });
    }
  } else {
    const preOrder = b.preOrder as number | undefined | null;
    availability = new Map([...current.availability].map(([name, a]) => [name, preOrder === undefined || preOrder === null || !a.available ? a : { ...a, preOrder }]));
  }
  return { ok: true, state: { price, cityPrices, availability }, note: notes.join('; '), uid, sku };
}

function bad(message: string, uid?: string, sku?: string): PricefeedResult & { sku?: string; uid?: string } {
  return { ok: false, status: 400, message, ...(uid ? { uid } : {}), ...(sku ? { sku } : {}) };
}
