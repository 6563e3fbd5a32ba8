/**
 * The pricefeed call's body (kaspi-protocol.md 2.4), built so that Kaspi's quirks cannot bite:
 * - all prices of one offer go in one call (per-city calls overwrite each other);
 * - with city prices, a base price is always sent too (else Kaspi ignores the city prices): the
 *   lowest city price unless the caller names one;
 * - `availabilities` replaces the offer's availability, so every known pickup point is sent, available
 *   or not, with its preorder days; a point left out would be taken off sale.
 */

export interface PricefeedPoint {
  /** PP1, PP2, ... */
  point: string;
  available: boolean;
  /** 1..30 puts the offer on preorder at this point; 0 or absent = in stock. */
  preorderDays?: number;
}

export interface PricefeedOffer {
  merchantUid: string;
  sku: string;
  /** The offer's name (Kaspi calls it model). */
  model: string;
  basePrice?: number;
  cityPrices?: { cityId: string; price: number }[];
  points: PricefeedPoint[];
}

export interface PricefeedBody {
  merchantUid: string;
  sku: string;
  model: string;
  price: number;
  cityPrices?: { cityId: string; value: number }[];
  availabilities: { available: 'yes' | 'no'; storeId: string; stockEnabled: false; preOrder?: number }[];
}

export class PricefeedBodyError extends Error {
  override name = 'PricefeedBodyError';
}

function checkPrice(price: number, what: string): number {
  if (!Number.isInteger(price) || price < 10) throw new PricefeedBodyError(`${what} must be a whole number of tenge, at least 10 (got ${price})`);
  return price;
}

export function pricefeedBody(offer: PricefeedOffer): PricefeedBody {
  const cityPrices = (offer.cityPrices ?? []).map((c) => ({ cityId: c.cityId, value: checkPrice(c.price, `price for city ${c.cityId}`) }));
  if (new Set(cityPrices.map((c) => c.cityId)).size !== cityPrices.length) throw new PricefeedBodyError('a city is priced twice');
  const base = offer.basePrice ?? (cityPrices.length ? Math.min(...cityPrices.map((c) => c.value)) : undefined);
  if (base === undefined) throw new PricefeedBodyError('an offer needs a base price or city prices');
  if (!offer.points.length) throw new PricefeedBodyError('an offer needs its pickup points: an empty list would take it off sale everywhere');
  return {
    merchantUid: offer.merchantUid,
    sku: offer.sku,
    model: offer.model,
    price: checkPrice(base, 'base price'),
    ...(cityPrices.length && { cityPrices }),
    availabilities: offer.points.map((p) => {
      const days = p.preorderDays ?? 0;
      if (!Number.isInteger(days) || days < 0 || days > 30) throw new PricefeedBodyError(`preorder days at ${p.point} must be 0..30`);
      return {
        available: p.available ? 'yes' : 'no',
        storeId: `${offer.merchantUid}_${p.point}`,
        stockEnabled: false,
        ...(p.available && days > 0 && { preOrder: days }),
      };
    }),
  };
}
