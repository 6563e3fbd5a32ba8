import { setTimeout as sleep } from 'node:timers/promises';
import type { PreorderRow, StoreRow } from '../../infra/db/schema.ts';
import type { StorefrontClient } from '../../kaspi/storefront-client.ts';
import type { JobHandler } from '../jobs/job-handler.ts';
import type { ProductsRepository } from '../products/products.repository.ts';
import type { StoresRepository } from '../stores/stores.repository.ts';
import { preorderCities } from './preorder-offer.ts';
import type { PreordersRepository } from './preorders.repository.ts';

export const PREORDERS_VERIFY = 'preorders.verify';
/** One verification per preorder: a change while it runs is picked up by the same job. */
export const verifyDedupeKey = (preorderId: string) => `${PREORDERS_VERIFY}:${preorderId}`;

export interface PreordersVerifyDeps {
  preorders: PreordersRepository;
  stores: StoresRepository;
  products: ProductsRepository;
  storefront: StorefrontClient;
  proxyOf(store: StoreRow): string | undefined;
  /** Between storefront checks; the first check waits this long too (Kaspi's ingest delay). */
  intervalMs: number;
  /** Aborted when the process shuts down: the job stops between checks. */
  shutdown: AbortSignal;
}

/**
 * Watches the storefront until our offer shows the preorder (`preorder > 0`) in every city of the
 * chosen points, then marks the preorder `active`; past its `verify_deadline` it is `failed` with
 * what the storefront showed. It re-reads the preorder before every check, so a change (new push,
 * new deadline) is followed, and a verdict is only written for the push it checked.
 */
export function preordersVerifyJob(deps: PreordersVerifyDeps): JobHandler {
  return {
    type: PREORDERS_VERIFY,
    async run({ job, reportProgress }) {
      const id = String(job.payload['preorder_id'] ?? '');
      let checks = 0;
      for (;;) {
        const waiting = await deps.preorders.findById(id);
        if (!waiting?.pushedAt || waiting.status !== 'pending') return { preorder_id: id, status: waiting?.status ?? 'deleted', checks };
        const untilDeadline = (waiting.verifyDeadline?.getTime() ?? Date.now()) - Date.now();
        try {
          await sleep(Math.max(0, Math.min(deps.intervalMs, untilDeadline)), undefined, { signal: deps.shutdown });
        } catch {
          return { preorder_id: id, status: 'pending', checks, stopped: true };
        }
        const row = await deps.preorders.findById(id);
        if (!row?.pushedAt || row.status !== 'pending') return { preorder_id: id, status: row?.status ?? 'deleted', checks };
        checks++;
        const missing = await notShownIn(deps, row);
        if (!missing.length) {
          await deps.preorders.settle(row.id, row.pushedAt, 'active', null);
          return { preorder_id: id, status: 'active', checks };
        }
        if (Date.now() >= (row.verifyDeadline?.getTime() ?? 0)) {
          await deps.preorders.settle(row.id, row.pushedAt, 'failed', `Kaspi accepted the preorder but the storefront did not show it in time: ${missing.join('; ')}.`);
          return { preorder_id: id, status: 'failed', checks };
        }
        await reportProgress({ preorder_id: id, checks, missing });
      }
    },
  };
}

/** The cities (with why) where the storefront does not show our offer on preorder yet; empty = shown everywhere. */
async function notShownIn(deps: PreordersVerifyDeps, row: PreorderRow): Promise<string[]> {
  const store = await deps.stores.findById(row.storeId);
  const product = (await deps.products.findWithOwner(row.productId))?.product;
  if (!store || !product) return ['the product or store is gone'];
  if (!product.externalKaspiId) return ['the product has no public product id (no shopLink), so the storefront cannot be checked'];
  const missing: string[] = [];
  for (const cityId of preorderCities(store, row.warehouses)) {
    try {
      const { offers } = await deps.storefront.offers(product.externalKaspiId, cityId, deps.proxyOf(store));
      const ours = offers.find((o) => String(o.merchantId) === store.merchantId);
      if (!ours) missing.push(`city ${cityId}: our offer is not listed`);
      else if (ours.preorderDays <= 0) missing.push(`city ${cityId}: our offer shows in stock, not on preorder`);
    } catch (err) {
      // A storefront hiccup (403 pause, timeout) is not a verdict: the next check tries again.
      missing.push(`city ${cityId}: storefront not readable (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return missing;
}
