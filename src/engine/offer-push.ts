// Per-city calls overwrite each other on Kaspi, so one change in any city re-sends every city's price.
import type { CityDecision, PricefeedPlan } from './types.ts';

export function pricefeedPlan(decisions: readonly CityDecision[]): PricefeedPlan | null {
  if (!decisions.some((d) => d.action === 'set')) return null;
  const cityPrices = decisions.map((d) => ({ cityId: d.cityId, price: d.price }));
  return { basePrice: Math.min(...cityPrices.map((c) => c.price)), cityPrices };
}
