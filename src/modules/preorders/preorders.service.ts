import type { Static } from 'typebox';
import { conflict, invalid, notFound } from '../../errors/domain-error.ts';
import { BudgetExhaustedError } from '../../infra/budget/rate-budget.ts';
import type { Database } from '../../infra/db/database.ts';
import type { PreorderRow, PreorderStatus, PreorderWarehouse, ProductRow, StoreRow } from '../../infra/db/schema.ts';
import type { Logger } from '../../infra/logger.ts';
import { busyFromBudget, KaspiBusyError } from '../../kaspi/kaspi-busy.ts';
import { KaspiError } from '../../kaspi/kaspi-errors.ts';
import type { PriceListUploader } from '../../kaspi/price-list-upload.ts';
import { PricefeedBodyError } from '../../kaspi/pricefeed-body.ts';
import { type PricefeedClient, PricefeedRateLimitedError } from '../../kaspi/pricefeed-client.ts';
import type { StockPricefeedBody } from '../../kaspi/stock-pricefeed-body.ts';
import type { JobsService } from '../jobs/index.ts';
import type { OfferPush, OwnCityPrices, ProductsService } from '../products/index.ts';
import type { StoresService } from '../stores/index.ts';
import { type Actor, canAccess, listScope } from '../users/index.ts';
import { preorderPush } from './preorder-offer.ts';
import { preorderPriceList } from './preorder-price-list.ts';
import { checkedUnlinkedWarehouses, checkedWarehouses, isLinked, NOT_LINKED_REASON } from './preorder-rules.ts';
import type { PreorderOrdering, PreordersRepository } from './preorders.repository.ts';
import type { BatchPreordersBody, CreatePreorderBody, Preorder, UpdatePreorderBody } from './preorders.schemas.ts';
import { PREORDERS_VERIFY, verifyDedupeKey } from './preorders-verify.job.ts';

export type PreorderView = Static<typeof Preorder>;

/** Which preorders a list shows: `userId` (someone else's only for an admin) defaults to the actor. */
export interface PreorderListFilter {
  userId?: string | undefined;
  storeId?: string | undefined;
  status?: PreorderStatus | undefined;
  search?: string | undefined;
}

export interface PreordersOptions {
  /** How long a push waits for the merchant's write budget before refusing with KaspiBusyError. */
  maxBudgetWaitMs: number;
  /** A pushed preorder not seen on the storefront within this is `failed`. */
  verifyTimeoutMs: number;
}

export function toPreorderView(row: PreorderRow): PreorderView {
  return {
    id: row.id,
    product_id: row.productId,
    store_id: row.storeId,
    article: row.article,
    name: row.name,
    brand: row.brand,
    price: row.price,
    warehouses: row.warehouses,
    delivery_days: row.deliveryDays,
    status: row.status,
    status_reason: row.statusReason,
    pushed_at: row.pushedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** A preorder's change, checked and built, ready to send: nothing is written before this exists. */
interface PreparedPush {
  product: ProductRow;
  store: StoreRow;
  push: OfferPush;
}

/**
 * Preorders: each create, change or removal is one pricefeed call for the offer (within the merchant's
 * write budget), and products.availabilities follows once Kaspi accepted, so later price pushes keep
 * the preorder flag. A pushed preorder is `pending` until the `preorders.verify` job sees it on the
 * storefront (`active`) or gives up (`failed`).
 */
export class PreordersService {
  constructor(
    private readonly db: Database,
    private readonly repo: PreordersRepository,
    private readonly products: ProductsService,
    private readonly stores: StoresService,
    private readonly pricefeed: PricefeedClient,
    private readonly ownCityPrices: OwnCityPrices,
    private readonly uploader: PriceListUploader,
    private readonly jobs: JobsService,
    private readonly options: PreordersOptions,
    private readonly log: Logger,
  ) {}

  async getOwned(actor: Actor, id: string): Promise<PreorderRow> {
    const found = await this.repo.findWithOwner(id);
    if (!found || !canAccess(actor, found.ownerId)) throw notFound('Preorder');
    return found.preorder;
  }

  async list(actor: Actor, filter: PreorderListFilter, order: { field: PreorderOrdering; descending: boolean }, page: { limit: number; offset: number }) {
    const userId = listScope(actor, filter.userId);
    const { rows, count } = await this.repo.list({ userId, storeId: filter.storeId, status: filter.status, search: filter.search }, order, page);
    return { count, results: rows.map(toPreorderView) };
  }

  async get(actor: Actor, id: string): Promise<PreorderView> {
    return toPreorderView(await this.getOwned(actor, id));
  }

  /** Article, name and brand are copied from the product, as the original did; then it goes to Kaspi. */
  async create(actor: Actor, body: Static<typeof CreatePreorderBody>): Promise<PreorderView> {
    const product = await this.products.getOwned(actor, body.product_id);
    if (body.store_id && body.store_id !== product.storeId) throw invalid({ store_id: 'Must be the store of the product.' });
    const days = body.delivery_days ?? 30;
    const store = await this.stores.getOwned(actor, product.storeId);
    if (!isLinked(store)) {
      const row = await this.repo.insert({ ...this.newRow(product, checkedUnlinkedWarehouses(body.warehouses), days, body.price), status: 'failed', statusReason: NOT_LINKED_REASON });
      if (!row) throw conflict('This product already has a preorder; change it instead.', 'preorder_exists');
      return toPreorderView(row);
    }
    const warehouses = checkedWarehouses(product, store, body.warehouses);
    const prepared = await this.prepare(product, store, warehouses, days, []);
    const row = await this.repo.insert(this.newRow(product, warehouses, days, body.price));
    if (!row) throw conflict('This product already has a preorder; change it instead.', 'preorder_exists');
    return toPreorderView(await this.send(row, prepared));
  }

  /**
   * Several at once: every item is checked first (nothing is written if one is wrong), then each is
   * pushed in turn. A push Kaspi refuses leaves that preorder `failed` with the reason; the others go on.
   */
  async createBatch(actor: Actor, body: Static<typeof BatchPreordersBody>): Promise<PreorderView[]> {
    const store = await this.stores.getOwned(actor, body.store_id);
    if (!isLinked(store)) throw conflict(NOT_LINKED_REASON, 'not_pushable');
    const seen = new Set<string>();
    const items: { prepared: PreparedPush; warehouses: PreorderWarehouse[]; days: number }[] = [];
    for (const [i, item] of body.items.entries()) {
      if (seen.has(item.product_id)) throw invalid({ [`items[${i}].product_id`]: 'This product is listed twice.' });
      seen.add(item.product_id);
      const product = await this.products.getOwned(actor, item.product_id);
      if (product.storeId !== store.id) throw invalid({ [`items[${i}].product_id`]: 'The product belongs to another store.' });
      const days = item.delivery_days ?? 30;
      const warehouses = checkedWarehouses(product, store, item.warehouses, `items[${i}].`);
      items.push({ prepared: await this.prepare(product, store, warehouses, days, []), warehouses, days });
    }
    const rows = await this.repo.insertAll(items.map((it) => this.newRow(it.prepared.product, it.warehouses, it.days)));
    if (!rows) throw conflict('A product of the batch already has a preorder; change it instead.', 'preorder_exists');
    const results: PreorderRow[] = [];
    for (const [i, row] of rows.entries()) {
      results.push(await this.send(row, items[i]!.prepared).catch(async () => (await this.repo.findById(row.id)) ?? row));
    }
    return results.map(toPreorderView);
  }

  /** A change is pushed again in full; points no longer chosen go back to normal stock. */
  async update(actor: Actor, id: string, body: Static<typeof UpdatePreorderBody>): Promise<PreorderView> {
    const current = await this.getOwned(actor, id);
    const product = await this.products.getOwned(actor, current.productId);
    const store = await this.stores.getOwned(actor, current.storeId);
    if (!isLinked(store)) {
      const row = await this.repo.update(id, { warehouses: body.warehouses && checkedUnlinkedWarehouses(body.warehouses), deliveryDays: body.delivery_days, price: body.price });
      if (!row) throw notFound('Preorder');
      return toPreorderView(row);
    }
    const warehouses = body.warehouses ? checkedWarehouses(product, store, body.warehouses) : current.warehouses;
    const days = body.delivery_days ?? current.deliveryDays;
    const released = current.pushedAt ? current.warehouses.map((w) => w.point) : [];
    const prepared = await this.prepare(product, store, warehouses, days, released);
    const row = await this.repo.update(id, { warehouses, deliveryDays: days, price: body.price });
    if (!row) throw notFound('Preorder');
    return toPreorderView(await this.send(row, prepared));
  }

  /**
   * Takes the offer back to normal stock at the preorder's points (availability otherwise unchanged),
   * then forgets the preorder. If Kaspi refuses, the preorder stays and the error is answered.
   * A preorder Kaspi never accepted has nothing to undo there.
   */
  async delete(actor: Actor, id: string): Promise<void> {
    const row = await this.getOwned(actor, id);
    let availabilities = null;
    if (row.pushedAt) {
      const product = await this.products.getOwned(actor, row.productId);
      const store = await this.stores.getOwned(actor, row.storeId);
      const prepared = await this.prepare(
        product,
        store,
        [],
        0,
        row.warehouses.map((w) => w.point),
      );
      await this.pushToKaspi(store, prepared.push.body);
      availabilities = prepared.push.availabilities;
    }
    // Kaspi took the offer back to normal stock: the product says so and the preorder is gone, together.
    const deleted = await this.db.transaction(async (tx) => {
      if (availabilities) await this.products.recordAvailabilities(row.productId, availabilities, tx);
      return this.repo.delete(id, tx);
    });
    if (!deleted) throw notFound('Preorder');
  }

  /** The store's preorders as Kaspi's price-list XLSX. */
  async exportPriceList(actor: Actor, storeId: string): Promise<{ filename: string; data: Buffer; rows: number }> {
    const store = await this.stores.getOwned(actor, storeId);
    const entries = await this.repo.listForStore(store.id);
    const data = await preorderPriceList(store.points, entries);
    return { filename: `preorders-${store.merchantId}.xlsx`, data, rows: entries.length };
  }

  /** Sends the same XLSX through the cabinet's price-list upload and answers what Kaspi said. */
  async uploadPriceList(actor: Actor, storeId: string) {
    const store = await this.stores.getOwned(actor, storeId);
    if (store.needsReauth) throw new KaspiError('kaspi_reauth_required', store.reauthReason ?? 'The shop needs a new Kaspi login.');
    const { filename, data, rows } = await this.exportPriceList(actor, storeId);
    if (!rows) throw conflict('The store has no preorders to upload.', 'nothing_to_upload');
    let answer: unknown;
    try {
      answer = await this.uploader.upload({ storeId: store.id, merchantId: store.merchantId }, { name: filename, data }, { maxWaitMs: this.options.maxBudgetWaitMs });
    } catch (err) {
      throw kaspiWriteError(err);
    }
    return { store_id: store.id, rows, kaspi: answer ?? null };
  }

  private newRow(product: ProductRow, warehouses: PreorderWarehouse[], days: number, price?: number) {
    return {
      productId: product.id,
      storeId: product.storeId,
      article: product.kaspiSku,
      name: product.name,
      brand: product.brand,
      price: price ?? product.price,
      warehouses,
      deliveryDays: days,
    };
  }

  private async prepare(given: ProductRow, store: StoreRow, chosen: PreorderWarehouse[], days: number, released: string[]): Promise<PreparedPush> {
    // The call carries every city's price: they must be known before a preorder can keep them.
    const product = await this.ownCityPrices.ensure(given, store);
    try {
      return { product, store, push: preorderPush(product, store, { chosen, days, released }) };
    } catch (err) {
      if (err instanceof PricefeedBodyError) throw conflict(`The preorder cannot be sent to Kaspi: ${err.message}. Sync the shop to load its pickup points.`, 'not_pushable');
      throw err;
    }
  }

  /** Pushes a written preorder; a refusal marks it `failed` with the reason and is answered. */
  private async send(row: PreorderRow, prepared: PreparedPush): Promise<PreorderRow> {
    try {
      await this.pushToKaspi(prepared.store, prepared.push.body);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await this.repo.update(row.id, { status: 'failed', statusReason: `Kaspi did not take the preorder: ${reason}` });
      throw err;
    }
    // The preorder waits for the storefront and the product holds what Kaspi holds, together.
    const pushed = await this.db.transaction(async (tx) => {
      await this.products.recordAvailabilities(row.productId, prepared.push.availabilities, tx);
      return this.repo.markPushed(row.id, new Date(Date.now() + this.options.verifyTimeoutMs), tx);
    });
    if (!pushed) throw notFound('Preorder');
    try {
      await this.jobs.submit({ type: PREORDERS_VERIFY, userId: prepared.store.userId, storeId: row.storeId, payload: { preorder_id: row.id }, dedupeKey: verifyDedupeKey(row.id) });
    } catch (err) {
      // Kaspi has it; only the storefront check is missing. The row says so rather than the call failing.
      this.log.warn({ err, preorderId: row.id }, 'could not queue the preorder verification');
      return (await this.repo.update(row.id, { statusReason: 'Kaspi accepted it; the storefront check could not be queued.' })) ?? pushed;
    }
    return pushed;
  }

  private async pushToKaspi(store: StoreRow, body: StockPricefeedBody): Promise<void> {
    if (store.needsReauth) throw new KaspiError('kaspi_reauth_required', store.reauthReason ?? 'The shop needs a new Kaspi login.');
    try {
      await this.pricefeed.push({ storeId: store.id, merchantId: store.merchantId }, body, { maxWaitMs: this.options.maxBudgetWaitMs });
    } catch (err) {
      throw kaspiWriteError(err);
    }
  }
}

/** As the pricing module does: budget refusals and Kaspi's 429 become KaspiBusyError (come back later), the rest as it is. */
function kaspiWriteError(err: unknown): unknown {
  if (err instanceof BudgetExhaustedError) return busyFromBudget(err, "This shop's Kaspi writes", 'Kaspi rate-limited its price updates');
  if (err instanceof PricefeedRateLimitedError) return new KaspiBusyError('kaspi_rate_limited', `${err.message} Nothing was changed; try again later.`, err.pausedForMs);
  return err;
}
