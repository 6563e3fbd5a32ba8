import { KaspiShapeError } from '../mc-parsers.ts';
import { count, isObject, text } from './json-values.ts';
import { KASPI_IMAGE_BASE } from './offer-list.parser.ts';

/** The public product card of a Kaspi product, as we keep it (the products table stores it as is). */
export interface ProductCard {
  title: string | null;
  brand: string | null;
  images: string[];
  rating: number | null;
  reviews_count: number | null;
}

/** Largest first: a card shows the best picture Kaspi has. */
const IMAGE_SIZES = ['large', 'medium', 'small'] as const;
/** A card with more pictures than this is not worth storing whole. */
const MAX_IMAGES = 20;

/**
 * `GET /yml/product-view/pl/{productId}` (kaspi-protocol.md 4.2): title, brand, pictures, rating and
 * reviews of the public product card. Pictures come as `galleryImages` of `{large, medium, small}` (or
 * `images`/`previewImages`, or plain strings, CDN paths or URLs); the brand may be a string or
 * `{name}`; a rating of 0 or absent means "no rating yet". A body without a title or a picture is not a
 * card, and says so instead of storing an empty one.
 */
export function parseProductCard(body: unknown): ProductCard {
  if (!isObject(body)) throw new KaspiShapeError('the product card is not an object');
  const title = text(body['title']) ?? text(body['name']) ?? text(body['masterTitle']);
  const images = imagesOf(body);
  if (!title && images.length === 0) throw new KaspiShapeError('the product card has neither a title nor pictures');
  const brandValue = body['brand'];
  const brand = isObject(brandValue) ? text(brandValue['name']) : text(brandValue);
  return { title, brand, images, rating: ratingOf(body['rating']), reviews_count: reviewsOf(body) };
}

function imagesOf(body: Record<string, unknown>): string[] {
  const list = [body['galleryImages'], body['images'], body['previewImages']].find((v) => Array.isArray(v) && v.length > 0) as unknown[] | undefined;
  const urls: string[] = [];
  for (const item of list ?? []) {
    const path = isObject(item) ? (IMAGE_SIZES.map((size) => text(item[size])).find(Boolean) ?? text(item['url'])) : text(item);
    if (!path) continue;
    const url = /^https?:\/\//.test(path) ? path : KASPI_IMAGE_BASE + path.replace(/^\/+/, '');
    if (!urls.includes(url)) urls.push(url);
    if (urls.length === MAX_IMAGES) break;
  }
  return urls;
}

function ratingOf(value: unknown): number | null {
  const raw = isObject(value) ? (value['value'] ?? value['average']) : value;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  // Kaspi rates 0..5; 0 is "no reviews yet", and anything outside the scale is not a rating.
  return Number.isFinite(n) && n > 0 && n <= 5 ? Math.round(n * 100) / 100 : null;
}

function reviewsOf(body: Record<string, unknown>): number | null {
  const raw = body['reviewsQuantity'] ?? body['reviewsCount'] ?? body['reviewCount'];
  const n = count(raw, -1);
  return n < 0 ? null : n;
}
