import type { JobHandler, JobsService } from '../jobs/index.ts';
import { CATALOGUE_CARDS, cardsDedupeKey } from './product-cards.job.ts';

/**
 * The catalogue sync, followed by a card refresh of the same store. A decorator in the composition
 * root rather than a call inside the sync job, so the sync stays unaware of cards; failing to queue
 * the refresh never fails the sync (the next sync queues it again).
 */
export function withCardRefresh(sync: JobHandler, jobs: Pick<JobsService, 'submit'>): JobHandler {
  return {
    type: sync.type,
    async run(ctx) {
      const result = await sync.run(ctx);
      const storeId = ctx.job.storeId;
      if (storeId) {
        try {
          await jobs.submit({ type: CATALOGUE_CARDS, storeId, ...(ctx.job.userId && { userId: ctx.job.userId }), dedupeKey: cardsDedupeKey(storeId) });
        } catch (err) {
          ctx.log.warn({ err, storeId }, 'could not queue the product card refresh');
        }
      }
      return result;
    },
  };
}
