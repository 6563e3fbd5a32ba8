import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseCookieHeader } from '../accounts/sessions.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { DEFAULT_CITY_ID } from '../world/cities.ts';
import { hashUnit } from '../world/prng.ts';
import type { OfferRow } from '../world/world.ts';
import type { DeliveryDuration } from '../world/world-types.ts';
import { slugify } from './mc-offer-view.ts';

const MAX_LIMIT = 64;
const SEARCH_PAGE = 12;
const DELIVERY_DAYS: Record<DeliveryDuration, number> = { EXPRESS: 0, TODAY: 0, TOMORROW: 1, TILL_2_DAYS: 2, TILL_3_DAYS: 3, TILL_5_DAYS: 5, TILL_7_DAYS: 7, OTHER: 10 };

/** The public storefront: competitor offers, product card, search, reviews. No auth; limited per client IP. */
export function registerStorefrontRoutes(app: FastifyInstance, sim: SimulatorState): void {
  /** Per-IP read budget: over ~15/s the IP is refused with 403 for ~10 s; blocked IPs always. */
  const readAllowed = (req: FastifyRequest, reply: FastifyReply): boolean => {
    const ip = req.sim.ip;
    if (sim.limits.blockedIps.includes(ip)) {
      req.sim.outcome = 'blocked ip';
      void reply.code(403).type('text/html; charset=utf-8').send('<html><body><h1>403 Forbidden</h1></body></html>');
      return false;
    }
    const verdict = sim.storefrontLimiter.hit(`ip:${ip}`);
    if (verdict.allowed) return true;
    req.sim.outcome = verdict.newBan ? 'banned now' : 'banned';
    void reply.code(403).type('text/html; charset=utf-8').send('<html><body><h1>403 Forbidden</h1><p>Access denied</p></body></html>');
    return false;
  };

  const cityOf = (req: FastifyRequest, body: Record<string, unknown> | null): string => {
    const fromBody = body?.cityId;
    if (typeof fromBody === 'string' || typeof fromBody === 'number') return String(fromBody);
    const header = req.headers['x-ks-city'];
    if (typeof header === 'string' && header) return header;
    return parseCookieHeader(req.headers.cookie)?.get('kaspi.city') ?? DEFAULT_CITY_ID;
  };

  const offersPath = '/yml/offer-view/offers/:productId';
  app.post<{ Params: { productId: string } }>(offersPath, { config: { simRoute: 'storefront.offers' } }, async (req, reply) => {
    if (!readAllowed(req, reply)) return reply;
    const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : null;
    const limit = body?.limit ?? MAX_LIMIT;
    const page = body?.page ?? 0;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT || typeof page !== 'number' || !Number.isInteger(page) || page < 0) {
      req.sim.outcome = 'invalid: limit/page';
      return reply.code(400).send({ error: 'Bad Request', message: `limit must be 1..${MAX_LIMIT}, page >= 0`, status: 400 });
    }
    const cityId = cityOf(req, body);
    const now = sim.clock.now();
    // (quirk) an unknown product is not a 404: it looks exactly like a product nobody sells.
    const rows = sim.world.offersAt(sim.world.productIndex(req.params.productId), cityId, now);
    const numericIds = req.sim.shapes.has('numeric-merchant-id');
    const title = productTitle(sim, req.params.productId);
    const offers = rows.slice(page * limit, page * limit + limit).map((r) => offerJson(r, req.params.productId, title, now, numericIds));
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ offers, total: rows.length, offersCount: rows.length }));
  });

  // (quirk) the offers call is POST only.
  app.get(offersPath, { config: { simRoute: 'storefront.offers' } }, async (req, reply) => {
    if (!readAllowed(req, reply)) return reply;
    req.sim.outcome = 'method not allowed';
    return reply.code(405).header('allow', 'POST').send({ error: 'Method Not Allowed', status: 405 });
  });

  app.get<{ Querystring: { text?: string; page?: string; all?: string } }>('/yml/product-view/pl/results', { config: { simRoute: 'storefront.search' } }, async (req, reply) => {
    if (!readAllowed(req, reply)) return reply;
    const text = (req.query.text ?? '').trim().toLowerCase();
    const page = Math.max(0, Number(req.query.page ?? 0) || 0);
    const cityId = cityOf(req, null);
    const w = sim.world;
    const words = text.split(/\s+/).filter(Boolean);
    const hits: number[] = [];
    for (let i = 0; i < w.productCount && words.length; i++) {
      const title = w.products.titles[i]!.toLowerCase();
      if (words.every((word) => title.includes(word) || w.products.ids[i] === word)) hits.push(i);
    }
    const now = sim.clock.now();
    const data = hits.slice(page * SEARCH_PAGE, page * SEARCH_PAGE + SEARCH_PAGE).map((i) => {
      const id = w.products.ids[i]!;
      const rows = w.offersAt(i, cityId, now);
      const { rating, reviews } = productRating(id);
      return {
        id,
        title: w.products.titles[i],
        brand: w.products.brands[i],
        unitPrice: rows[0]?.price ?? null,
        rating,
        reviewsQuantity: reviews,
        shopLink: `/p/${slugify(w.products.titles[i]!)}-${id}/`,
        previewImages: [{ small: imageUrl(id, 'small'), medium: imageUrl(id, 'medium'), large: imageUrl(id, 'large') }],
      };
    });
    return { data, total: hits.length };
  });

  app.get<{ Params: { productId: string } }>('/yml/product-view/pl/:productId', { config: { simRoute: 'storefront.product' } }, async (req, reply) => {
    if (!readAllowed(req, reply)) return reply;
    const w = sim.world;
    const i = w.productIndex(req.params.productId);
    if (i < 0) {
      req.sim.outcome = 'not found: product';
      return reply.code(404).send({ error: 'Not Found', status: 404 });
    }
    const id = w.products.ids[i]!;
    const rows = w.offersAt(i, cityOf(req, null), sim.clock.now());
    const { rating, reviews } = productRating(id);
    return {
      id,
      title: w.products.titles[i],
      brand: w.products.brands[i],
      category: w.products.categories[i],
      unitPrice: rows[0]?.price ?? null,
      offersCount: rows.length,
      rating,
      reviewsQuantity: reviews,
      shopLink: `/p/${slugify(w.products.titles[i]!)}-${id}/`,
      galleryImages: [1, 2, 3].map((n) => ({ small: imageUrl(id, 'small', n), medium: imageUrl(id, 'medium', n), large: imageUrl(id, 'large', n) })),
    };
  });

  app.get<{ Params: { productId: string }; Querystring: { limit?: string; page?: string } }>(
    '/yml/review-view/api/v1/reviews/product/:productId',
    { config: { simRoute: 'storefront.reviews' } },
    async (req, reply) => {
      if (!readAllowed(req, reply)) return reply;
      const id = req.params.productId;
      const known = sim.world.productIndex(id) >= 0;
      const { rating, reviews } = known ? productRating(id) : { rating: 0, reviews: 0 };
      const limit = Math.min(200, Math.max(1, Number(req.query.limit ?? 20) || 20));
      const page = Math.max(0, Number(req.query.page ?? 0) || 0);
      const seed = Number(id) || 0;
      const data = [];
      for (let k = page * limit; k < Math.min(reviews, page * limit + limit); k++) {
        const r = hashUnit(seed, k, 7);
        data.push({
          id: `${id}-${k}`,
          author: `Покупатель ${k + 1}`,
          rating: r < 0.7 ? 5 : r < 0.9 ? 4 : 2,
          date: new Date(Date.UTC(2025, 0, 1) + k * 86400_000).toISOString().slice(0, 10),
          comment: { text: r < 0.9 ? 'Хороший товар' : 'Есть недостатки' },
        });
      }
      return { data, summary: { global: rating, reviewsCount: reviews }, page, limit };
    },
  );
}

function productTitle(sim: SimulatorState, productId: string): string {
  const i = sim.world.productIndex(productId);
  return i < 0 ? '' : sim.world.products.titles[i]!;
}

/** A deterministic rating per product (the storefront shows one; nothing in the repricer depends on it). */
function productRating(productId: string): { rating: number; reviews: number } {
  const r = hashUnit(Number(productId) || 0, 1, 2);
  return { rating: Math.round((3.5 + r * 1.5) * 10) / 10, reviews: Math.floor(r * 300) };
}

function imageUrl(id: string, size: string, n = 1): string {
  return `https://resources.cdn-kaspi.kz/img/m/p/h${id.slice(-2)}/${id}-${n}.jpg?format=gallery-${size}`;
}

function offerJson(r: OfferRow, productId: string, title: string, now: number, numericIds: boolean): Record<string, unknown> {
  const m = r.merchant;
  const days = DELIVERY_DAYS[m.deliveryDuration] + r.preorder;
  const delivery = new Date(now + days * 86400_000);
  delivery.setUTCHours(18, 0, 0, 0);
  const offer: Record<string, unknown> = {
    masterSku: productId,
    merchantId: numericIds && /^\d+$/.test(m.id) ? Number(m.id) : m.id,
    merchantName: m.name,
    merchantSku: r.merchantSku,
    title,
    price: r.price,
    merchantReviewsQuantity: m.reviews,
    kaspiDelivery: m.kaspiDelivery,
    deliveryDuration: m.deliveryDuration,
    delivery: delivery.toISOString().replace('Z', '+00:00'),
    deliveryOptions: { TO_DOOR: { interCity: false, deliveryCost: 0 } },
    preorder: r.preorder,
  };
  // (quirk) merchants without reviews have no rating at all.
  if (m.reviews > 0 && m.rating > 0) offer.merchantRating = m.rating;
  return offer;
}
