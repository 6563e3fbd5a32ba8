import type { RateBudget } from '../infra/budget/rate-budget.ts';
import type { ProxyDispatchers } from '../infra/http/proxy-dispatchers.ts';
import { KaspiError, understood } from './kaspi-errors.ts';
import { BROWSER_USER_AGENT, kaspiRequest, parseJson } from './kaspi-http.ts';
import { type MarketOffer, parseMarketOffersPage } from './parsers/storefront-offers.parser.ts';

/** Kaspi's per-IP ban (403) on a storefront read: the egress IP rests for `pauseMs`. */
export class StorefrontBanError extends KaspiError {
  constructor(
    detail: string,
    readonly pauseMs: number,
  ) {
    super('kaspi_unavailable', detail);
  }
}
/** Kaspi answers at most 64 offers a page; 100 is a 400 (kaspi-protocol.md 4.1). */
const PAGE_LIMIT = 64;
/** A product with more sellers than this in one city does not exist; a loop past it is a bug. */
const MAX_PAGES = 30;

export interface ReadOptions {
  /** How long to wait for the egress IP's read budget before BudgetExhaustedError (default 30 s). */
  maxBudgetWaitMs?: number;
}

export interface StorefrontOptions {
  baseUrl: string;
  timeoutMs: number;
  /** How long an egress IP rests after Kaspi answered 403 (Kaspi's ban is about 10 s). */
  banPauseMs: number;
}

/**
 * The public storefront (kaspi-protocol.md 4). Every read takes a slot of its egress IP's budget
 * (`egress` = the proxy URL, or direct), so all processes together stay under Kaspi's per-IP limit;
 * a 403 pauses that egress IP for the ban's length, and other proxies carry on.
 */
export class StorefrontClient {
  constructor(
    private readonly options: StorefrontOptions,
    private readonly dispatchers: ProxyDispatchers,
    private readonly readBudget: RateBudget,
  ) {}

  /** Every offer for a product in a city, cheapest first, all pages. */
  async offers(productId: string, cityId: string, proxyUrl?: string, options: ReadOptions = {}): Promise<{ offers: MarketOffer[]; total: number }> {
    const offers: MarketOffer[] = [];
    let total = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await this.read(proxyUrl, `/yml/offer-view/offers/${encodeURIComponent(productId)}`, {
        method: 'POST',
        cityId,
        referer: `https://kaspi.kz/shop/p/-${productId}/?c=${cityId}`,
        body: { cityId, id: productId, merchantUID: [], limit: PAGE_LIMIT, page, sortOption: 'PRICE', highRating: null, searchText: null, isExcellentMerchant: false, installationId: '-1' },
        maxBudgetWaitMs: options.maxBudgetWaitMs,
      });
      const parsed = understood(() => parseMarketOffersPage(body), `offers of product ${productId}`);
      offers.push(...parsed.offers);
      total = parsed.total ?? offers.length;
      if (parsed.received < PAGE_LIMIT || offers.length >= total) break;
    }
    return { offers, total };
  }

  /** The product card (title, brand, images, rating...), as Kaspi sends it. */
  async productCard(productId: string, cityId: string, proxyUrl?: string): Promise<Record<string, unknown>> {
    const body = await this.read(proxyUrl, `/yml/product-view/pl/${encodeURIComponent(productId)}`, { method: 'GET', cityId, referer: `https://kaspi.kz/shop/p/-${productId}/` });
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new KaspiError('kaspi_unavailable', `Kaspi's product card for ${productId} was not understood.`);
    }
    return body as Record<string, unknown>;
  }

  private async read(proxyUrl: string | undefined, path: string, init: { method: 'GET' | 'POST'; cityId: string; referer: string; body?: unknown; maxBudgetWaitMs?: number }): Promise<unknown> {
    const egress = proxyUrl ?? 'direct';
    await this.readBudget.take(egress, init.maxBudgetWaitMs);
    const url = this.options.baseUrl.replace(/\/$/, '') + path;
    const what = `storefront ${init.method} ${path}`;
    const headers: Record<string, string> = {
      accept: 'application/json, text/plain, */*',
      'x-ks-city': init.cityId,
      origin: 'https://kaspi.kz',
      referer: init.referer,
      cookie: `kaspi.city=${init.cityId}`,
      'user-agent': BROWSER_USER_AGENT,
    };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const res = await kaspiRequest(url, {
      method: init.method,
      headers,
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      dispatcher: this.dispatchers.dispatcher(proxyUrl),
      proxied: proxyUrl !== undefined,
      timeoutMs: this.options.timeoutMs,
      what,
    });
    if (res.status === 403) {
      // Kaspi's per-IP ban: rest this egress IP for the ban's length so no process extends it.
      await this.readBudget.pause(egress, this.options.banPauseMs);
      throw new StorefrontBanError(`Kaspi refused ${what} (403); this egress IP pauses for ${Math.round(this.options.banPauseMs / 1000)} s.`, this.options.banPauseMs);
    }
    if (res.status >= 400) throw new KaspiError('kaspi_unavailable', `Kaspi answered ${res.status} to ${what}.`);
    return parseJson(res, what);
  }
}
