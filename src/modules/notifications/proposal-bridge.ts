import type { Alerts } from './alerts.service.ts';

/** A demper move per city, as the repricer describes it (camelCase, as its notifier interface has it). */
interface CityMove {
  cityId: string;
  oldPrice: number;
  newPrice: number;
}

const cities = (moves: CityMove[]) => moves.map((c) => ({ city_id: c.cityId, old_price: c.oldPrice, new_price: c.newPrice }));

/**
 * The repricer's approval notifier on top of the alerts: `proposed` raises a `proposal` alert (with
 * approve/reject buttons in Telegram), `pushed` a `price_pushed` one (notify mode). Structural, so the
 * repricer module needs no import of this one.
 */
export function proposalNotifier(alerts: Alerts) {
  return {
    proposed: (p: { userId: string; storeId: string; proposalId: string; productId: string; productName: string; storeName?: string; cities: CityMove[] }) =>
      alerts.raise({
        userId: p.userId,
        storeId: p.storeId,
        kind: 'proposal',
        data: { proposal_id: p.proposalId, product_id: p.productId, product_name: p.productName, ...(p.storeName && { store_name: p.storeName }), cities: cities(p.cities) },
      }),
    pushed: (p: { userId: string; storeId: string; productId: string; productName: string; cities: CityMove[] }) =>
      alerts.raise({ userId: p.userId, storeId: p.storeId, kind: 'price_pushed', data: { product_id: p.productId, product_name: p.productName, cities: cities(p.cities) } }),
  };
}

/**
 * The Telegram buttons of `proposal` alerts (`proposal:approve:<id>`, `proposal:reject:<id>`) wired to
 * the repricer's proposals service; the answer it returns is shown in the chat.
 */
export function registerProposalButtons(
  alerts: Alerts,
  proposals: { approve(userId: string, proposalId: string, via: 'telegram'): Promise<string>; reject(userId: string, proposalId: string, via: 'telegram'): Promise<string> },
): void {
  alerts.onAction('proposal', async (userId, data) => {
    const [, verb, proposalId] = data.split(':');
    if (!proposalId) return 'Unknown button.';
    if (verb === 'approve') return proposals.approve(userId, proposalId, 'telegram');
    if (verb === 'reject') return proposals.reject(userId, proposalId, 'telegram');
    return 'Unknown button.';
  });
}
