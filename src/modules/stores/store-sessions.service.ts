import type { StoreRow } from '../../infra/db/schema.ts';
import type { SessionRepository } from '../../kaspi/session-manager.ts';
import type { LiveEvents } from '../events/index.ts';
import type { LinkedMerchant, SessionFields, StoreSessionsRepository } from './store-sessions.repository.ts';

/**
 * The Kaspi session columns of stores, for shop linking and the session manager (which renews
 * sessions and marks stores that need the user). The stores module owns the table; this is its door.
 */
export class StoreSessionsService implements SessionRepository {
  private readonly reauthListeners: ((store: StoreRow) => Promise<void> | void)[] = [];

  constructor(
    private readonly repo: StoreSessionsRepository,
    private readonly events: LiveEvents,
  ) {}

  /** The shop page of the store's owner shows the session: tell their open pages it changed. */
  private announce(row: StoreRow | undefined): void {
    if (row) this.events.store(row.userId, { store_id: row.id, reason: 'session' });
  }

  /** Every merchant of the account linked, or none (MerchantOwnedElsewhereError). */
  async linkStores(userId: string, merchants: LinkedMerchant[], session: SessionFields): Promise<{ row: StoreRow; replaced: boolean }[]> {
    const linked = await this.repo.linkStores(userId, merchants, session);
    for (const { row } of linked) this.announce(row);
    return linked;
  }

  findStore(id: string): Promise<StoreRow | undefined> {
    return this.repo.findStore(id);
  }

  async saveRenewedSession(id: string, sessionEncrypted: string): Promise<StoreRow | undefined> {
    const row = await this.repo.saveRenewedSession(id, sessionEncrypted);
    this.announce(row);
    return row;
  }

  /** Told when a store starts needing a login (not again while it still does): the notifications module listens. */
  onNeedsReauth(listener: (store: StoreRow) => Promise<void> | void): void {
    this.reauthListeners.push(listener);
  }

  async markNeedsReauth(id: string, reason: string): Promise<void> {
    const { row, newly } = await this.repo.markNeedsReauth(id, reason);
    this.announce(row);
    if (row && newly) for (const listener of this.reauthListeners) await listener(row);
  }

  /** A dead session is being renewed in the background (the shop shows "renewing"). */
  renewing(store: StoreRow): void {
    this.announce(store);
  }

  markSessionChecked(id: string, version: number): Promise<void> {
    return this.repo.markSessionChecked(id, version);
  }

  /** Stores due for the session watch, claimed for this worker (see the repository). */
  claimSessionChecks(dueBefore: Date, limit: number): Promise<StoreRow[]> {
    return this.repo.claimSessionChecks(dueBefore, limit);
  }
}
