// Builders for engine inputs, shared by the demper tests and the benchmark.
import type { MarketOffer } from '../../src/engine/market-offer.ts';
import type { PricingRules } from '../../src/engine/rules.ts';
import type { CityInput, DecideInput } from '../../src/engine/types.ts';

export const us = '30141222';

export function offer(merchantId: string, price: number, extra: Partial<MarketOffer> = {}): MarketOffer {
  return {
    merchantId,
    merchantName: null,
    merchantSku: null,
    price,
    rating: 4.5,
    reviews: 10,
    deliveryDuration: 'TOMORROW',
    kaspiDelivery: true,
    preorderDays: 0,
    ...extra,
  };
}

/** Rules with the rails out of the way, so a test sees only the rule it is about. */
export const plainRules: Partial<PricingRules> = { minPrice: 100, maxPrice: 1000, maxDropPercent: 100, raiseCooldownSeconds: 0, maxChangesPerDay: null };

export function oneCity(rules: Partial<PricingRules>, currentPrice: number, offers: MarketOffer[], extra: Partial<DecideInput> = {}, city: Partial<CityInput> = {}): DecideInput {
  return {
    rules: { ...plainRules, ...rules },
    ourMerchantId: us,
    ourRating: 4.5,
    cities: [{ cityId: '750000000', currentPrice, market: { ok: true, offers }, ...city }],
    now: new Date('2026-09-21T10:00:00Z'),
    ...extra,
  };
}
