import type { StoreRow } from '../../infra/db/schema.ts';
import type { SessionRepository } from '../../kaspi/session-manager.ts';
import type { LinkedMerchant, SessionFields, StoreSessionsRepository } from './store-sessions.repository.ts';

/**
 * The Kaspi session columns of stores, for shop linking and the session manager (which renews
 * sessions and marks stores that need the user). The stores module owns the table; this is its door.
 */
export class StoreSessionsService implements SessionRepository {
  constructor(private readonly repo: StoreSessionsRepository) {}

  /** Every merchant of the account linked, or none (MerchantOwnedElsewhereError). */
  linkStores(userId: string, merchants: LinkedMerchant[], session: SessionFields): Promise<{ row: StoreRow; replaced: boolean }[]> {
    return this.repo.linkStores(userId, merchants, session);
  }

  findStore(id: string): Promise<StoreRow | undefined> {
    return this.repo.findStore(id);
  }

  saveRenewedSession(id: string, sessionEncrypted: string): Promise<StoreRow | undefined> {
    return this.repo.saveRenewedSession(id, sessionEncrypted);
  }

  markNeedsReauth(id: string, reason: string): Promise<void> {
    return this.repo.markNeedsReauth(id, reason);
  }

  markSessionChecked(id: string, version: number): Promise<void> {
    return this.repo.markSessionChecked(id, version);
  }

  /** Stores due for the session watch, claimed for this worker (see the repository). */
  claimSessionChecks(dueBefore: Date, limit: number): Promise<StoreRow[]> {
    return this.repo.claimSessionChecks(dueBefore, limit);
  }
}
