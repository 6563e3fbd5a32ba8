import { KaspiShapeError } from '../mc-parsers.ts';
import { count, idString, isObject, listIn, tenge, text } from './json-values.ts';

/** Storefront delivery buckets, fastest first (kaspi-protocol.md 4.1). */
export const deliveryDurations = ['EXPRESS', 'TODAY', 'TOMORROW', 'TILL_2_DAYS', 'TILL_3_DAYS', 'TILL_5_DAYS', 'TILL_7_DAYS', 'OTHER'] as const;
export type DeliveryDuration = (typeof deliveryDurations)[number];

/** One competing offer as the storefront shows it in a city. */
export interface MarketOffer {
  /** Always a string: Kaspi sends numbers or words ("Sulpak"); compare as strings. */
  merchantId: string;
  merchantName: string | null;
  merchantSku: string | null;
  price: number;
  /** Null for merchants without reviews (Kaspi omits the rating or sends 0). */
  rating: number | null;
  reviews: number;
  deliveryDuration: DeliveryDuration;
  kaspiDelivery: boolean;
  /** Days on preorder (lowercase `preorder` here); 0 = in stock. */
  preorderDays: number;
}

export interface MarketOffersPage {
  offers: MarketOffer[];
  received: number;
  total: number | null;
}

/**
 * `POST /yml/offer-view/offers/{productId}`: `{"offers":[...],"total":n,"offersCount":n}`; the list is
 * also read under `items`/`content`/`data` or bare. An offer without a merchant or a price is dropped,
 * never guessed. (An HTML anti-bot page is refused before this, by content type.)
 */
export function parseMarketOffersPage(body: unknown): MarketOffersPage {
  const list = listIn(body, ['offers', 'items', 'content', 'data']);
  if (!list) throw new KaspiShapeError('the offers answer has no offers array');
  const offers: MarketOffer[] = [];
  for (const raw of list) {
    if (!isObject(raw)) continue;
    const merchantId = idString(raw['merchantId'] ?? raw['merchantUID'] ?? raw['merchantUid']);
    const price = tenge(raw['price'] ?? raw['unitPrice']);
    if (!merchantId || price === null) continue;
    const rating = typeof raw['merchantRating'] === 'number' && raw['merchantRating'] > 0 ? raw['merchantRating'] : null;
    const duration = text(raw['deliveryDuration'])?.toUpperCase();
    offers.push({
      merchantId,
      merchantName: text(raw['merchantName']),
      merchantSku: idString(raw['merchantSku']),
      price,
      rating,
      reviews: count(raw['merchantReviewsQuantity']),
      deliveryDuration: (deliveryDurations as readonly string[]).includes(duration ?? '') ? (duration as DeliveryDuration) : 'OTHER',
      kaspiDelivery: raw['kaspiDelivery'] === true,
      preorderDays: count(raw['preorder'] ?? raw['preOrder']),
    });
  }
  const total = isObject(body) ? idString(body['total'] ?? body['offersCount']) : null;
  return { offers, received: list.length, total: total === null ? null : Number(total) };
}
