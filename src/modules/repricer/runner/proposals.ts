import type { CityDecision } from '../../../engine/types.ts';
import type { ApprovalMode } from '../../../infra/db/schema.ts';
import type { Logger } from '../../../infra/logger.ts';
import type { ClaimedProduct } from '../../products/index.ts';
import type { ProposalNotifier } from '../proposals/proposal-notifier.ts';
import { effectiveApprovalMode, proposalChanges, proposalFingerprint, proposalMarket } from '../proposals/proposal-rules.ts';
import type { ProposalsRepository } from '../proposals/proposals.repository.ts';
import type { CityRead } from './check-plan.ts';

/**
 * The check's side of approval mode, kept out of the check itself: which mode applies, the proposal
 * that replaces a push in `approve`, and the seller told of a push in `notify`. The notifier is never
 * awaited by a check (a slow channel must not hold a claim); its failures are logged.
 */
export class DemperApprovals {
  constructor(
    private readonly repo: ProposalsRepository,
    private readonly notifier: ProposalNotifier,
    private readonly log: Logger,
    /** The shop's open pages refetch what they show (the new proposal among it). */
    private readonly storeChanged: (store: ClaimedProduct['store']) => void = () => {},
  ) {}

  modeOf(claimed: ClaimedProduct): ApprovalMode {
    return effectiveApprovalMode(claimed.product, claimed.settings.approvalMode);
  }

  /**
   * `approve`: records what the push would have been (a new proposal, or the open one confirmed) and
   * the market it answers; nothing reaches Kaspi. Returns the proposal's id, or null when the seller
   * already rejected this very move.
   */
  async propose(claimed: ClaimedProduct, decisions: readonly CityDecision[], reads: readonly CityRead[], ownMerchantIds: readonly string[]): Promise<string | null> {
    const { product, store, settings } = claimed;
    const notCompetitors = new Set([store.merchantId, ...ownMerchantIds, ...settings.ignoredMerchantIds].map(String));
    const changes = proposalChanges(decisions, store);
    const recorded = await this.repo.recordDecision({
      productId: product.id,
      storeId: store.id,
      userId: store.userId,
      changes,
      market: proposalMarket(reads, store, notCompetitors),
      fingerprint: proposalFingerprint(changes),
    });
    if (recorded.kind === 'rejected_before') return null;
    if (recorded.kind === 'created') {
      this.storeChanged(store);
      this.tell(() =>
        this.notifier.proposed({
          userId: store.userId,
          storeId: store.id,
          proposalId: recorded.id,
          productId: product.id,
          productName: product.name,
          cities: changes.map((c) => ({ cityId: c.city_id, oldPrice: c.old_price, newPrice: c.new_price })),
        }),
      );
    }
    return recorded.id;
  }

  /** A check that read every city and moves nothing: no open proposal of the product still stands. */
  async held(claimed: ClaimedProduct): Promise<void> {
    await this.repo.closeOpen(claimed.product.id, 'no_longer_proposed', "The demper's latest check no longer proposes a change.");
  }

  /** `notify`: the move went to Kaspi; the seller hears of it. */
  pushed(claimed: ClaimedProduct, changes: readonly CityDecision[]): void {
    const { product, store } = claimed;
    this.tell(() =>
      this.notifier.pushed({
        userId: store.userId,
        storeId: store.id,
        productId: product.id,
        productName: product.name,
        cities: changes.map((c) => ({ cityId: c.cityId, oldPrice: c.previousPrice, newPrice: c.price })),
      }),
    );
  }

  private tell(send: () => Promise<void>): void {
    Promise.resolve()
      .then(send)
      .catch((err: unknown) => this.log.warn({ err }, 'could not tell the seller of a demper move'));
  }
}
