import { conflict, invalid, notFound } from '../../errors/domain-error.ts';
import { BudgetExhaustedError } from '../../infra/budget/rate-budget.ts';
import type { PriceHistoryRow, ProductRow } from '../../infra/db/schema.ts';
import { busyFromBudget, KaspiBusyError } from '../../kaspi/kaspi-busy.ts';
import { KaspiError } from '../../kaspi/kaspi-errors.ts';
import { PricefeedBodyError } from '../../kaspi/pricefeed-body.ts';
import { type PricefeedClient, PricefeedRateLimitedError } from '../../kaspi/pricefeed-client.ts';
import type { StoresService } from '../stores/index.ts';
import { type Actor, canAccess } from '../users/index.ts';
import { type OfferPush, offerPush } from './offer-push.ts';
import type { OwnCityPrices } from './own-city-prices.ts';
import type { NewPriceHistory, PriceHistoryRepository } from './price-history.repository.ts';
import type { ProductsRepository } from './products.repository.ts';

export interface PricingOptions {
  /** How long a manual change may wait for the merchant's write budget before refusing with KaspiBusyError. */
  maxBudgetWaitMs: number;
}

export interface PriceBounds {
  minPrice: number | null;
  maxPrice: number | null;
}

export function toPriceHistoryView(row: PriceHistoryRow) {
  return {
    id: row.id,
    product_id: row.productId,
    store_id: row.storeId,
    city_id: row.cityId,
    old_price: row.oldPrice,
    new_price: row.newPrice,
    source: row.source,
    reason: row.reason,
    strategy: row.strategy,
    competitor_price: row.competitorPrice,
    position: row.position,
    status: row.status,
    via: row.via,
    error: row.error,
    approved_by: row.approvedBy,
    proposal_id: row.proposalId,
    created_at: row.createdAt.toISOString(),
  };
}

/**
 * Manual price changes: pushed to Kaspi through the pricefeed within the merchant's write budget,
 * written to the product only once Kaspi accepted them, and recorded in the price history either way.
 */
export class PricingService {
  constructor(
    private readonly repo: PriceHistoryRepository,
    private readonly products: ProductsRepository,
    private readonly stores: StoresService,
    private readonly pricefeed: PricefeedClient,
    private readonly ownCityPrices: OwnCityPrices,
    private readonly options: PricingOptions,
  ) {}

  /** `POST /products/update_price/`. */
  async updatePrice(actor: Actor, productId: string, price: number, cityId?: string) {
    const product = await this.getOwned(actor, productId);
    const updated = await this.applyManualPrice(product, price, { minPrice: product.minPrice, maxPrice: product.maxPrice }, cityId);
    return {
      success: true,
      message: 'Kaspi accepted the price; the storefront shows it within minutes.',
      product_id: updated.id,
      old_price: product.price,
      price: updated.price!,
      city_prices: updated.cityPrices,
    };
  }

  /**
   * Sets a product's price by hand (also behind PATCH `price`): validated against `bounds` (the
   * product's, or those the same PATCH sets), pushed, recorded. With `cityId`, only that city's price
   * changes; without, every city gets the price. Returns the updated product.
   */
  async applyManualPrice(given: ProductRow, price: number, bounds: PriceBounds, cityId?: string): Promise<ProductRow> {
    let product = given;
    if (!Number.isInteger(price) || price < 10) throw invalid({ price: 'Must be a whole number of tenge, at least 10.' });
    if (bounds.minPrice !== null && price < bounds.minPrice) throw invalid({ price: `Must not be below min_price (${bounds.minPrice}).` });
    if (bounds.maxPrice !== null && price > bounds.maxPrice) throw invalid({ price: `Must not be above max_price (${bounds.maxPrice}).` });
    if (product.kaspiStatus === 'removed') throw conflict('Kaspi no longer lists this offer (kaspi_status: removed); its price cannot be changed.', 'offer_removed');
    const store = await this.stores.findById(product.storeId);
    if (!store) throw notFound('Product');
    if (store.needsReauth) throw new KaspiError('kaspi_reauth_required', store.reauthReason ?? 'The shop needs a new Kaspi login.');

    if (cityId !== undefined && !store.points.some((p) => p.city_id === cityId)) {
      throw invalid({ city_id: `The shop has no pickup point in city ${cityId}.` });
    }

    // The call replaces every city's price: the other cities' must be known first.
    product = await this.ownCityPrices.ensure(product, store);
    let push: OfferPush;
    try {
      push = offerPush(product, store, { price: { value: price, ...(cityId !== undefined && { cityId }) } });
    } catch (err) {
      if (err instanceof PricefeedBodyError) throw conflict(`The price cannot be sent to Kaspi: ${err.message}. Sync the shop to load its pickup points.`, 'not_pushable');
      throw err;
    }
    const { body, basePrice, cityPrices } = push;
    const oldCityPrices = new Map(product.cityPrices.map((c) => [c.city_id, c.price]));
    // A price for every city records every city the product prices; one city's price, the cities it changed.
    const cityChanges =
      cityId === undefined
        ? product.cityPrices.map((c) => ({ cityId: c.city_id, oldPrice: c.price, newPrice: price }))
        : cityPrices
            .filter((c) => c.price !== (oldCityPrices.get(c.city_id) ?? product.price))
            .map((c) => ({ cityId: c.city_id, oldPrice: oldCityPrices.get(c.city_id) ?? product.price, newPrice: c.price }));
    const history = (status: 'pushed' | 'failed', error: string | null): NewPriceHistory[] => [
      ...(cityId === undefined || basePrice !== product.price
        ? [{ productId: product.id, storeId: store.id, cityId: null, oldPrice: product.price, newPrice: basePrice, source: 'manual' as const, reason: 'manual', status, error }]
        : []),
      ...cityChanges.map((c) => ({ productId: product.id, storeId: store.id, ...c, source: 'manual' as const, reason: 'manual', status, error })),
    ];

    try {
      await this.pricefeed.push({ storeId: store.id, merchantId: store.merchantId }, body, { maxWaitMs: this.options.maxBudgetWaitMs });
    } catch (err) {
      const answer = asApiError(err);
      await this.repo.recordRefused(history('failed', answer instanceof Error ? answer.message : String(err)));
      throw answer;
    }
    const row = await this.repo.recordAccepted(product.id, { price: basePrice, cityPrices }, history('pushed', null));
    if (!row) throw notFound('Product');
    return row;
  }

  async history(actor: Actor, productId: string, page: { limit: number; offset: number }) {
    await this.getOwned(actor, productId);
    const { rows, count } = await this.repo.list(productId, page);
    return { count, results: rows.map(toPriceHistoryView) };
  }

  private async getOwned(actor: Actor, id: string): Promise<ProductRow> {
    const found = await this.products.findWithOwner(id);
    if (!found || !canAccess(actor, found.ownerId)) throw notFound('Product');
    return found.product;
  }
}

/** Budget refusals and Kaspi's 429 become KaspiBusyError (come back later); anything else is thrown as it is. */
function asApiError(err: unknown): unknown {
  if (err instanceof BudgetExhaustedError) return busyFromBudget(err, "This shop's price changes", 'Kaspi rate-limited its price updates');
  if (err instanceof PricefeedRateLimitedError) {
    return new KaspiBusyError('kaspi_rate_limited', `${err.message} Nothing was changed; try again later.`, err.pausedForMs);
  }
  return err;
}
