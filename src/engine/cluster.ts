// Bots that all undercut each other by 1 tenge drag everyone to the floor. When several sit within
// a few tenge of the leader, matching the leader (and letting rating decide) stops feeding the war.
import type { MarketOffer } from './market-offer.ts';
import type { PricingRules } from './rules.ts';

/** The leader's price when a bot cluster surrounds it, else null. `competitors` are in Kaspi's order. */
export function clusterLeaderPrice(competitors: readonly MarketOffer[], rules: PricingRules): number | null {
  const leader = competitors[0];
  if (!leader || rules.clusterTolerance <= 0) return null;
  let inCluster = 0;
  for (const c of competitors) if (c.price <= leader.price + rules.clusterTolerance) inCluster++;
  return inCluster >= rules.clusterMinSize ? Math.floor(leader.price) : null;
}
