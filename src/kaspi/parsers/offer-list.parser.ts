import { KaspiShapeError } from '../mc-parsers.ts';
import { count, idString, isObject, type Json, listIn, tenge, text } from './json-values.ts';

/**
 * The cabinet's own-offer list (kaspi-protocol.md 2.3), read into what the catalogue stores.
 * Accepts every variant listed there: the list under `data`, `items` or `content` or a bare array;
 * `minPrice` as a number or `{value}`; a null `offerId` (the SKU stands in); no `shopLink`.
 */

export const KASPI_IMAGE_BASE = 'https://resources.cdn-kaspi.kz/img/m/p/';

export interface OfferAvailability {
  /** Pickup point name: PP1, PP2, ... (the cabinet says `<uid>_PP1`). */
  point: string;
  available: boolean;
  stockCount: number;
  /** Days on preorder at this point; 0 = in stock. */
  preorderDays: number;
}

export interface CabinetOffer {
  /** Offer id, or the SKU when Kaspi sent none. */
  offerId: string;
  sku: string;
  name: string;
  category: string | null;
  brand: string | null;
  /** Our current base price, whole tenge. */
  price: number | null;
  cityPrices: { cityId: string; price: number }[];
  imageUrl: string | null;
  /** Public product id from shopLink; null means the offer cannot be repriced. */
  externalProductId: string | null;
  shopLink: string | null;
  availabilities: OfferAvailability[];
  updatedAt: string | null;
}

export interface OfferListPage {
  offers: CabinetOffer[];
  /** Items Kaspi sent on this page, including unreadable ones (paging stops on a short page). */
  received: number;
  /** Items that had no SKU and so cannot be stored or priced. */
  unreadable: number;
  total: number | null;
}

const LIST_KEYS = ['data', 'items', 'content', 'offers'] as const;

export function parseOfferListPage(body: unknown): OfferListPage {
  const list = listIn(body, LIST_KEYS);
  if (!list) throw new KaspiShapeError('the offer list has no offers array');
  const offers: CabinetOffer[] = [];
  let unreadable = 0;
  for (const item of list) {
    const offer = isObject(item) ? parseOffer(item) : null;
    if (offer) offers.push(offer);
    else unreadable++;
  }
  const total = isObject(body) ? idString(body['total'] ?? body['totalElements'] ?? body['totalCount']) : null;
  return { offers, received: list.length, unreadable, total: total === null ? null : Number(total) };
}

/** One offer (also the answer of `/bff/offer-view/details`). Null when it has no SKU. */
export function parseOffer(raw: Json): CabinetOffer | null {
  const sku = idString(raw['sku'] ?? raw['merchantSku']);
  if (!sku) return null;
  const shopLink = text(raw['shopLink']);
  return {
    offerId: idString(raw['offerId']) ?? sku,
    sku,
    name: text(raw['masterTitle'] ?? raw['title'] ?? raw['name']) ?? sku,
    category: text(raw['masterCategory'] ?? raw['category']),
    brand: text(raw['brand']),
    price: tenge(raw['minPrice'] ?? raw['price']),
    cityPrices: parseCityPrices(raw['cityPrices']),
    imageUrl: firstImage(raw['images']),
    externalProductId: shopLink ? productIdFromShopLink(shopLink) : null,
    shopLink,
    availabilities: parseAvailabilities(raw['availabilities']),
    updatedAt: text(raw['updatedAt']),
  };
}

/**
 * `/p/<slug>-<productId>/` -> productId. Also a full URL, with or without `/shop`, a query or a
 * fragment, and no trailing slash. Null when the link carries no numeric id.
 */
export function productIdFromShopLink(link: string): string | null {
  const path = link.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  return /-(\d+)$/.exec(last)?.[1] ?? (/^\d+$/.test(last) ? last : null);
}

function firstImage(images: unknown): string | null {
  if (!Array.isArray(images)) return null;
  for (const image of images) {
    const path = typeof image === 'string' ? image : isObject(image) ? text(image['url'] ?? image['path'] ?? image['large'] ?? image['medium']) : null;
    if (!path) continue;
    return /^https?:\/\//.test(path) ? path : KASPI_IMAGE_BASE + path.replace(/^\/+/, '');
  }
  return null;
}

function parseCityPrices(raw: unknown): { cityId: string; price: number }[] {
  if (!Array.isArray(raw)) return [];
  const prices: { cityId: string; price: number }[] = [];
  for (const entry of raw) {
    if (!isObject(entry)) continue;
    const cityId = idString(entry['cityId']);
    const price = tenge(entry['value'] ?? entry['price']);
    if (cityId && price !== null) prices.push({ cityId, price });
  }
  return prices;
}

function parseAvailabilities(raw: unknown): OfferAvailability[] {
  if (!Array.isArray(raw)) return [];
  const byPoint = new Map<string, OfferAvailability>();
  for (const entry of raw) {
    if (!isObject(entry)) continue;
    const storeId = idString(entry['storeId'] ?? entry['pointId']);
    if (!storeId) continue;
    // `<uid>_PP1` in the cabinet and the pricefeed, `PP1` in the XML feed.
    const point = storeId.includes('_') ? storeId.slice(storeId.lastIndexOf('_') + 1) : storeId;
    const flag = entry['available'];
    byPoint.set(point, {
      point,
      available: flag === true || (typeof flag === 'string' && flag.toLowerCase() === 'yes'),
      stockCount: count(entry['stockCount']),
      preorderDays: count(entry['preOrder'] ?? entry['preorder']),
    });
  }
  return [...byPoint.values()];
}
