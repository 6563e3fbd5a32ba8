import { DomainError } from '../../errors/domain-error.ts';
import type { JobRow } from '../../infra/db/schema.ts';
import type { Logger } from '../../infra/logger.ts';
import { KaspiError } from '../../kaspi/kaspi-errors.ts';
import type { JobsService, JobView } from '../jobs/index.ts';
import type { StoresService } from '../stores/index.ts';
import type { Actor } from '../users/index.ts';
import { CATALOGUE_SYNC } from './catalogue-sync.job.ts';

/** One sync per store at a time: the queue refuses a second active job with this key. */
export const syncDedupeKey = (storeId: string) => `${CATALOGUE_SYNC}:${storeId}`;

export class CatalogueService {
  constructor(
    private readonly stores: StoresService,
    private readonly jobs: JobsService,
    private readonly options: { syncIntervalMs: number },
    private readonly log: Logger,
  ) {}

  /** Starts a sync of the store, or returns the one already queued or running. */
  async requestSync(actor: Actor, storeId: string): Promise<JobRow> {
    const store = await this.stores.getOwned(actor, storeId);
    if (store.needsReauth) throw new KaspiError('kaspi_reauth_required', store.reauthReason ?? 'Log in to Kaspi again to sync this store.');
    if (!store.sessionEncrypted) {
      throw new DomainError('store_not_linked', 'This store has no Kaspi session: link it with POST /api/v1/kaspi/auth/authenticate/ first.');
    }
    return this.submit(store.id, store.userId);
  }

  /** The store's newest sync job: the one running, or how the last one ended; null before the first. */
  async latestSync(actor: Actor, storeId: string): Promise<JobView | null> {
    const store = await this.stores.getOwned(actor, storeId);
    return this.jobs.latestForStore(store.id, CATALOGUE_SYNC);
  }

  /** Scheduler tick: queue a sync for every linked store not synced within the interval. */
  async syncDueStores(limit = 100): Promise<number> {
    const due = await this.stores.dueForSync(new Date(Date.now() - this.options.syncIntervalMs), limit);
    for (const store of due) {
      try {
        await this.submit(store.id, store.userId);
      } catch (err) {
        this.log.warn({ err, storeId: store.id }, 'could not schedule a catalogue sync');
      }
    }
    return due.length;
  }

  private async submit(storeId: string, userId: string): Promise<JobRow> {
    return this.jobs.submit({ type: CATALOGUE_SYNC, userId, storeId, dedupeKey: syncDedupeKey(storeId) });
  }
}
