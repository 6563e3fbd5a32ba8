import { setTimeout as sleep } from 'node:timers/promises';
import { BudgetExhaustedError } from '../../infra/budget/rate-budget.ts';
import type { StoreRow } from '../../infra/db/schema.ts';
import { KaspiError } from '../../kaspi/kaspi-errors.ts';
import { KaspiShapeError } from '../../kaspi/mc-parsers.ts';
import { parseProductCard } from '../../kaspi/parsers/product-card.parser.ts';
import type { StorefrontClient } from '../../kaspi/storefront-client.ts';
import type { JobHandler } from '../jobs/index.ts';
import type { ProductsService } from '../products/index.ts';
import type { StoresService } from '../stores/index.ts';
import { salesCities } from './market.service.ts';

export const CATALOGUE_CARDS = 'catalogue.cards';
export const cardsDedupeKey = (storeId: string) => `${CATALOGUE_CARDS}:${storeId}`;

/** Almaty: the storefront's own default city, for a shop without pickup points. */
const DEFAULT_CITY_ID = '750000000';
const PROGRESS_EVERY = 20;
/** A paused egress (after a 403) is waited out this many times per product before it counts as failed. */
const PAUSE_RETRIES = 2;
const MAX_PAUSE_WAIT_MS = 60_000;
const ERRORS_KEPT = 5;

export interface ProductCardsDeps {
  stores: StoresService;
  products: ProductsService;
  storefront: StorefrontClient;
  proxyOf(store: StoreRow): string | undefined;
  /** A card older than this is read again. */
  maxAgeMs: number;
  /** Aborted when the process shuts down: the job stops between products instead of holding shutdown. */
  shutdown: AbortSignal;
}

/**
 * Refreshes the public product cards (title, brand, pictures, rating, reviews) of a store's active
 * products whose card is missing or stale, one storefront read at a time inside the egress IP's read
 * budget (so interactive market reads only ever wait behind one of ours). A product that fails is
 * counted and the job goes on; progress and result carry `due`, `refreshed`, `failed`.
 */
export function productCardsJob(deps: ProductCardsDeps): JobHandler {
  return {
    type: CATALOGUE_CARDS,
    async run({ job, reportProgress, log }) {
      const store = job.storeId ? await deps.stores.findById(job.storeId) : undefined;
      if (!store) throw new Error('The store no longer exists.');
      const due = await deps.products.idsNeedingCards(store.id, new Date(Date.now() - deps.maxAgeMs));
      const cityId = salesCities(store)[0]?.id ?? DEFAULT_CITY_ID;
      const proxy = deps.proxyOf(store);
      const tally = { due: due.length, refreshed: 0, failed: 0, errors: [] as string[], stopped: false };
      const progress = () => ({ due: tally.due, refreshed: tally.refreshed, failed: tally.failed });
      await reportProgress(progress());

      for (const [i, externalId] of due.entries()) {
        if (deps.shutdown.aborted) {
          tally.stopped = true;
          break;
        }
        const error = await refreshOne(deps, externalId, cityId, proxy);
        if (error === null) tally.refreshed++;
        else {
          tally.failed++;
          if (tally.errors.length < ERRORS_KEPT) tally.errors.push(`${externalId}: ${error}`);
          log.debug({ externalId, error }, 'product card refresh failed');
        }
        if ((i + 1) % PROGRESS_EVERY === 0) await reportProgress(progress());
      }
      const result = { ...progress(), errors: tally.errors, ...(tally.stopped && { stopped: 'shutdown' }) };
      await reportProgress(progress());
      log.info({ storeId: store.id, ...progress() }, 'product cards refreshed');
      return result;
    },
  };
}

/** null when the card was stored, else why not. Only Kaspi's failures are absorbed; a database error fails the job. */
async function refreshOne(deps: ProductCardsDeps, externalId: string, cityId: string, proxy: string | undefined): Promise<string | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      const card = parseProductCard(await deps.storefront.productCard(externalId, cityId, proxy));
      await deps.products.saveCard(externalId, card, new Date());
      return null;
    } catch (err) {
      if (err instanceof BudgetExhaustedError && err.reason === 'paused' && attempt < PAUSE_RETRIES && !deps.shutdown.aborted) {
        // The egress IP is resting after a 403: wait it out rather than fail every remaining product.
        await sleep(Math.min(err.retryInMs, MAX_PAUSE_WAIT_MS), undefined, { signal: deps.shutdown }).catch(() => {});
        continue;
      }
      if (err instanceof KaspiError || err instanceof KaspiShapeError || err instanceof BudgetExhaustedError) return err instanceof KaspiError ? err.detail : err.message;
      throw err;
    }
  }
}
