import type { PreorderRow, StoreRow } from '../../infra/db/schema.ts';
import type { StorefrontClient } from '../../kaspi/storefront-client.ts';
import { type JobHandler, RunAgainLater } from '../jobs/index.ts';
import type { ProductsService } from '../products/index.ts';
import type { StoresService } from '../stores/index.ts';
import { preorderCities } from './preorder-offer.ts';
import type { PreordersRepository } from './preorders.repository.ts';

export const PREORDERS_VERIFY = 'preorders.verify';
/** One verification per preorder: a change while it runs is picked up by the same job. */
export const verifyDedupeKey = (preorderId: string) => `${PREORDERS_VERIFY}:${preorderId}`;

export interface PreordersVerifyDeps {
  preorders: PreordersRepository;
  stores: StoresService;
  products: ProductsService;
  storefront: StorefrontClient;
  proxyOf(store: StoreRow): string | undefined;
  /** Between storefront checks; the first check waits this long after the push too (Kaspi's ingest delay). */
  intervalMs: number;
  /** Tells the owner a preorder failed (an alert). */
  failed?(row: PreorderRow, reason: string): Promise<void>;
}

/**
 * Watches the storefront until our offer shows the preorder (`preorder > 0`) in every city of the
 * chosen points, then marks the preorder `active`; past its `verify_deadline` it is `failed` with
 * what the storefront showed. Each run makes one check at most and asks to run again later, so a
 * pending preorder holds no worker slot while it waits. It reads the preorder on every run, so a
 * change (new push, new deadline) is followed, and a verdict is only written for the push it checked.
 */
export function preordersVerifyJob(deps: PreordersVerifyDeps): JobHandler {
  return {
    type: PREORDERS_VERIFY,
    async run({ job }) {
      const id = String(job.payload['preorder_id'] ?? '');
      const checks = Number(job.progress['checks'] ?? 0);
      const row = await deps.preorders.findById(id);
      if (!row?.pushedAt || row.status !== 'pending') return { preorder_id: id, status: row?.status ?? 'deleted', checks };
      const now = Date.now();
      const deadline = row.verifyDeadline?.getTime() ?? now;
      // Kaspi shows a pushed change only after its ingest delay: the first look waits one interval.
      const firstLookAt = Math.min(row.pushedAt.getTime() + deps.intervalMs, deadline);
      if (now < firstLookAt) return new RunAgainLater(firstLookAt - now, { preorder_id: id, checks });
      const missing = await notShownIn(deps, row);
      if (!missing.length) {
        await deps.preorders.settle(row.id, row.pushedAt, 'active', null);
        return { preorder_id: id, status: 'active', checks: checks + 1 };
      }
      if (Date.now() >= deadline) {
        const reason = `Kaspi accepted the preorder but the storefront did not show it in time: ${missing.join('; ')}.`;
        if (await deps.preorders.settle(row.id, row.pushedAt, 'failed', reason)) await deps.failed?.(row, reason);
        return { preorder_id: id, status: 'failed', checks: checks + 1 };
      }
      return new RunAgainLater(Math.min(deps.intervalMs, deadline - Date.now()), { preorder_id: id, checks: checks + 1, missing });
    },
  };
}

/** The cities (with why) where the storefront does not show our offer on preorder yet; empty = shown everywhere. */
async function notShownIn(deps: PreordersVerifyDeps, row: PreorderRow): Promise<string[]> {
  const store = await deps.stores.findById(row.storeId);
  const product = await deps.products.findById(row.productId);
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
