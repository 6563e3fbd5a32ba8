// Which offers in a city we compete against. Our own shops are never competitors: undercutting
// ourselves was the original tool's worst bug.
import { deliveryDurations, type MarketOffer } from './market-offer.ts';
import type { PricingRules } from './rules.ts';

export interface CompetitorFilter {
  ownMerchantIds: ReadonlySet<string>;
  ignoredMerchantIds: ReadonlySet<string>;
  maxDeliveryDuration: PricingRules['maxDeliveryDuration'];
}

/** Filtered offers, one per merchant (its cheapest; the better-rated copy on a tie), in no particular order. */
export function competitorsOf(offers: readonly MarketOffer[], filter: CompetitorFilter): MarketOffer[] {
  const slowest = filter.maxDeliveryDuration === null ? null : deliveryDurations.indexOf(filter.maxDeliveryDuration);
  const byMerchant = new Map<string, MarketOffer>();
  for (const offer of offers) {
    const id = String(offer.merchantId);
    if (filter.ownMerchantIds.has(id) || filter.ignoredMerchantIds.has(id)) continue;
    if (!(Number.isFinite(offer.price) && offer.price > 0)) continue;
    // A preorder seller cannot meet any delivery bucket, so a speed filter drops it too.
    if (slowest !== null && (deliveryDurations.indexOf(offer.deliveryDuration) > slowest || offer.preorderDays > 0)) continue;
    const kept = byMerchant.get(id);
    if (!kept || offer.price < kept.price || (offer.price === kept.price && (offer.rating ?? 0) > (kept.rating ?? 0))) byMerchant.set(id, offer);
  }
  return [...byMerchant.values()];
}
