import type { Static } from 'typebox';
import { conflict, DomainError, invalid, notFound } from '../../errors/domain-error.ts';
import type { Database } from '../../infra/db/database.ts';
import type { ApprovalMode, KaspiStatus, ProductAvailability, ProductCard, ProductRow, RepricingStrategy, StoreDemperSettingsRow } from '../../infra/db/schema.ts';
import type { StoresService } from '../stores/index.ts';
import { type Actor, canAccess, listScope } from '../users/index.ts';
import type { ListCounts } from './list-counts.ts';
import { railProperties } from './pricing-rules.schemas.ts';
import { foreignStrategyParams, productRuleErrors } from './pricing-rules.ts';
import {
  type CatalogueApplied,
  type NewProduct,
  NO_SHOP_LINK,
  type ProductFilter,
  type ProductListRow,
  type ProductOrdering,
  type ProductRulesRow,
  type ProductsRepository,
  type SyncedOffer,
} from './products.repository.ts';
import type { BatchBody, BatchUpdateBody, CreateProductBody, Product, ProductFilterBody, ProductListItem, UpdateProductBody } from './products.schemas.ts';
import { toScheduleView } from './schedule-view.ts';

export type ProductView = Static<typeof Product>;
export type ProductListView = Static<typeof ProductListItem>;

/** Which products a list shows: `userId` (someone else's only for an admin) defaults to the actor. */
export interface ProductListFilter {
  userId?: string | undefined;
  storeId?: string | undefined;
  botActive?: boolean | undefined;
  category?: string | undefined;
  kaspiStatus?: KaspiStatus | undefined;
  repriceable?: boolean | undefined;
  search?: string | undefined;
}

/** A filter as a bulk edit's body gives it (API names). */
function filterOfBody(userId: string, body: Static<typeof ProductFilterBody>): ProductFilter {
  return {
    userId,
    storeId: body.store_id,
    botActive: body.bot_active,
    category: body.category,
    kaspiStatus: body.kaspi_status,
    repriceable: body.repriceable,
    search: body.search,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A list row: the columns a catalogue table shows. */
/** The not-repriceable reason as a code the web app words in the seller's language. */
function notRepriceableCode(externalKaspiId: string | null, reason: string | null): 'no_product_id' | 'no_shop_link' | 'other' | null {
  if (reason === NO_SHOP_LINK) return 'no_shop_link';
  if (externalKaspiId === null) return reason === null ? 'no_product_id' : 'other';
  return reason === null ? null : 'other';
}

export function toProductListView(row: ProductListRow): ProductListView {
  return {
    id: row.id,
    store_id: row.storeId,
    kaspi_product_id: row.kaspiProductId,
    kaspi_sku: row.kaspiSku,
    external_kaspi_id: row.externalKaspiId,
    name: row.name,
    category: row.category,
    brand: row.brand,
    image_url: row.imageUrl,
    price: row.price,
    min_price: row.minPrice,
    max_price: row.maxPrice,
    step: row.step,
    strategy: row.strategy,
    bot_active: row.botActive,
    priority: row.priority,
    approval_mode: row.approvalMode,
    kaspi_status: row.kaspiStatus,
    repriceable: row.externalKaspiId !== null && row.notRepriceableReason === null,
    not_repriceable_reason: row.externalKaspiId === null ? (row.notRepriceableReason ?? 'No public Kaspi product id (external_kaspi_id).') : row.notRepriceableReason,
    not_repriceable_code: notRepriceableCode(row.externalKaspiId, row.notRepriceableReason),
    city_prices: row.cityPrices,
    market: row.market,
    best_place: row.bestPlace,
    last_check_time: row.lastCheckTime?.toISOString() ?? null,
    next_check_at: row.nextCheckAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** With the store's approval mode, the view says which mode the demper applies (`effective_approval_mode`). */
export function toProductView(row: ProductRow, storeApprovalMode: ApprovalMode): ProductView;
export function toProductView(row: ProductRow): ProductListView;
export function toProductView(row: ProductRow, storeApprovalMode?: ApprovalMode): ProductListView {
  return {
    ...toProductListView(row),
    strategy_params: row.strategyParams,
    availabilities: row.availabilities,
    shop_link: row.shopLink,
    last_synced_at: row.lastSyncedAt?.toISOString() ?? null,
    city_rules: row.cityRules,
    rules: row.rules as Record<string, unknown>,
    demper_state: (row.demperState as Record<string, unknown> | null) ?? null,
    schedule: toScheduleView(row.schedule ?? null, row.nextCheckAt),
    card: row.card ?? null,
    ...(storeApprovalMode && { effective_approval_mode: row.approvalMode ?? storeApprovalMode }),
  };
}

type EditableBody = Static<typeof UpdateProductBody>;

/** API field names -> columns, for the fields a seller may set. Undefined means "leave as is". */
function editableColumns(body: EditableBody): Partial<NewProduct> {
  return {
    name: body.name,
    kaspiProductId: body.kaspi_product_id,
    externalKaspiId: body.external_kaspi_id,
    category: body.category,
    brand: body.brand,
    imageUrl: body.image_url,
    price: body.price,
    minPrice: body.min_price,
    maxPrice: body.max_price,
    step: body.step,
    strategy: body.strategy,
    strategyParams: body.strategy_params,
    botActive: body.bot_active,
    priority: body.priority,
    approvalMode: body.approval_mode,
    cityRules: body.city_rules,
    rules: body.rules,
  };
}

/** Fields whose change the demper should act on at once (the product becomes due now). */
const ruleFields = ['min_price', 'max_price', 'step', 'strategy', 'strategy_params', 'city_rules', 'rules'] as const;
/** Fields a list filters on (`repriceable` follows external_kaspi_id): changing one changes the counts. */
const listedFields = ['name', 'category', 'bot_active', 'external_kaspi_id'] as const;

const railNames = new Set(Object.keys(railProperties));
const productRuleNames = new Set(['min_price', 'max_price', 'step', 'strategy']);

/** Which API field an engine message about the product's own rules is about (messages start with it). */
function fieldOfRuleMessage(message: string): string {
  const first = message.split(' ')[0] ?? '';
  if (message.includes('strategy_params')) return 'strategy_params';
  if (productRuleNames.has(first)) return first;
  if (railNames.has(first)) return `rules.${first}`;
  if (first === 'cost' || first === 'commission') return 'rules.cost';
  return 'rules';
}

type RulesOfProduct = Parameters<typeof productRuleErrors>[0];

/** The product's rules as the demper would run them, over the store's rails: a validation_error naming the fields when unusable. */
function checkRules(product: RulesOfProduct, settings: StoreDemperSettingsRow | undefined): void {
  const fields: Record<string, string> = {};
  for (const [key, message] of Object.entries(productRuleErrors(product, settings))) {
    if (key !== 'rules') {
      // `city_rules.<id>` -> `city_rules[<id>]`, as schema errors name a city (numeric keys are bracketed).
      fields[key.replace(/^city_rules\.(.*)$/, 'city_rules[$1]')] = message;
      continue;
    }
    for (const part of message.split('; ')) {
      const field = fieldOfRuleMessage(part);
      fields[field] = fields[field] ? `${fields[field]}; ${part}` : part;
    }
  }
  if (Object.keys(fields).length) throw invalid(fields);
}

/**
 * The strategy_params a request gives must be those of the strategy in force where they are given:
 * the product's (this request's or the stored one) or, in a city override, the city's own strategy
 * over the product's. Stored params are left alone, so changing only the strategy keeps working.
 */
function checkStrategyParams(body: Pick<EditableBody, 'strategy_params' | 'city_rules'>, strategy: RepricingStrategy): void {
  const fields = body.strategy_params ? foreignStrategyParams(strategy, body.strategy_params, 'strategy_params') : {};
  for (const [city, override] of Object.entries(body.city_rules ?? {})) {
    if (override.strategy_params) Object.assign(fields, foreignStrategyParams(override.strategy ?? strategy, override.strategy_params, `city_rules[${city}].strategy_params`));
  }
  if (Object.keys(fields).length) throw invalid(fields);
}

/** min <= max; the error names the field the edit changed (min_price when it changed both or neither). */
function checkBounds(minPrice: number | null | undefined, maxPrice: number | null | undefined, onlyMaxChanged = false): void {
  if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
    throw invalid(onlyMaxChanged ? { max_price: `Must not be less than min_price (${minPrice}).` } : { min_price: `Must not be greater than max_price (${maxPrice}).` });
  }
}

type RuleEdit = Pick<EditableBody, 'min_price' | 'max_price' | 'step' | 'strategy' | 'strategy_params' | 'city_rules' | 'rules' | 'bot_active' | 'priority' | 'approval_mode'>;
type RulesNow = Pick<ProductRulesRow, 'minPrice' | 'maxPrice' | 'step' | 'strategy' | 'strategyParams' | 'rules' | 'cityRules' | 'botActive' | 'priority' | 'approvalMode' | 'storeId'>;

/**
 * The checks of an edit of a product's rules, for PATCH and bulk edits alike: min <= max, params of
 * the strategy in force, and, when rules change or the demper is turned on, the whole rule set as the
 * demper would run it over the store's rails. Says whether the product becomes due for a check now.
 */
async function checkEdit(
  current: RulesNow,
  body: RuleEdit,
  settings: () => Promise<StoreDemperSettingsRow | undefined>,
): Promise<{ dueNow: boolean; minPrice: number | null; maxPrice: number | null }> {
  const minPrice = body.min_price === undefined ? current.minPrice : body.min_price;
  const maxPrice = body.max_price === undefined ? current.maxPrice : body.max_price;
  checkBounds(minPrice, maxPrice, body.max_price !== undefined && body.min_price === undefined);
  checkStrategyParams(body, body.strategy ?? current.strategy);
  const rulesChange = ruleFields.some((field) => body[field] !== undefined);
  const turnsOn = body.bot_active === true && !current.botActive;
  if (rulesChange || turnsOn) {
    checkRules(
      {
        minPrice,
        maxPrice,
        step: body.step ?? current.step,
        strategy: body.strategy ?? current.strategy,
        strategyParams: body.strategy_params ?? current.strategyParams,
        rules: body.rules ?? current.rules,
        cityRules: body.city_rules ?? current.cityRules,
      },
      await settings(),
    );
  }
  // The demper acts on the change at once: the product is due now.
  // Another approval mode acts at once too: a product put under approval shows its proposal soon.
  const modeChanges = body.approval_mode !== undefined && body.approval_mode !== current.approvalMode;
  return { dueNow: rulesChange || turnsOn || modeChanges || (body.priority === true && !current.priority), minPrice, maxPrice };
}

/** What pushes a manual price to Kaspi (the pricing module); PATCH `price` goes through it. */
export interface ManualPricer {
  applyManualPrice(product: ProductRow, price: number, bounds: { minPrice: number | null; maxPrice: number | null }): Promise<ProductRow>;
}

export class ProductsService {
  constructor(
    private readonly repo: ProductsRepository,
    private readonly stores: StoresService,
    private readonly pricer: ManualPricer,
    private readonly counts: ListCounts,
  ) {}

  /** A product by id, for work that is not a user's request (jobs); no access check. */
  async findById(id: string): Promise<ProductRow | undefined> {
    return this.repo.findById(id);
  }

  /** A whole catalogue from Kaspi (see ProductsRepository.applyCatalogue); `tx` is the import's transaction. */
  async applyCatalogue(storeId: string, ownerId: string, offers: SyncedOffer[], syncedAt: Date, tx: Database): Promise<CatalogueApplied> {
    return this.repo.applyCatalogue(storeId, ownerId, offers, syncedAt, tx);
  }

  async activeCount(storeId: string): Promise<number> {
    return this.repo.activeCount(storeId);
  }

  /** Public product ids of the store whose card is missing or older than `staleBefore`. */
  async idsNeedingCards(storeId: string, staleBefore: Date): Promise<string[]> {
    return this.repo.idsNeedingCards(storeId, staleBefore);
  }

  /** A public product card, saved on every product with this public id; returns how many. */
  async saveCard(externalId: string, card: ProductCard, refreshedAt: Date): Promise<number> {
    return this.repo.saveCard(externalId, card, refreshedAt);
  }

  /** What Kaspi holds per pickup point after our push; `tx` keeps it with the caller's own write. */
  async recordAvailabilities(productId: string, availabilities: ProductAvailability[], tx?: Database): Promise<void> {
    await this.repo.recordAvailabilities(productId, availabilities, tx);
  }

  async getOwned(actor: Actor, id: string): Promise<ProductRow> {
    const found = await this.repo.findWithOwner(id);
    if (!found || !canAccess(actor, found.ownerId)) throw notFound('Product');
    return found.product;
  }

  /**
   * A page of the user's products and how many the filter matches (cached, exact: see ListCounts).
   * A page past the middle is read from the other end (the reverse ordering, then turned round), so
   * no page skips more than half the list. `full`: every field, as GET /products/{id}/ gives them.
   */
  async list(
    actor: Actor,
    filter: ProductListFilter,
    order: { field: ProductOrdering; descending: boolean },
    page: { limit: number; offset: number },
    options: { full: boolean } = { full: false },
  ): Promise<{ count: number; results: ProductListView[] }> {
    const scoped: ProductFilter = {
      userId: listScope(actor, filter.userId),
      storeId: filter.storeId,
      botActive: filter.botActive,
      category: filter.category,
      kaspiStatus: filter.kaspiStatus,
      repriceable: filter.repriceable,
      search: filter.search,
    };
    const total = await this.counts.count(scoped.userId, { ...scoped }, () => this.repo.count(scoped));
    if (page.offset >= total) return { count: total, results: [] };
    const end = Math.min(total, page.offset + page.limit);
    const fromEnd = total - end < page.offset;
    const window = fromEnd ? { limit: end - page.offset, offset: total - end } : page;
    const ordering = fromEnd ? { field: order.field, descending: !order.descending } : order;
    const results = options.full
      ? (await this.repo.listPage(scoped, ordering, window, true)).map((r) => toProductView(r))
      : (await this.repo.listPage(scoped, ordering, window, false)).map(toProductListView);
    return { count: total, results: fromEnd ? results.reverse() : results };
  }

  async get(actor: Actor, id: string): Promise<ProductView> {
    return this.view(await this.getOwned(actor, id));
  }

  async create(actor: Actor, body: Static<typeof CreateProductBody>): Promise<ProductView> {
    const store = await this.stores.getOwned(actor, body.store_id);
    checkBounds(body.min_price, body.max_price);
    // Step and strategy the seller leaves out come from the store's demper defaults.
    const settings = await this.repo.storeRepricerSettings(store.id);
    const step = body.step ?? settings?.defaultStep ?? 1;
    const strategy = body.strategy ?? settings?.defaultStrategy ?? 'beat_first';
    checkStrategyParams(body, strategy);
    checkRules(
      {
        minPrice: body.min_price ?? null,
        maxPrice: body.max_price ?? null,
        step,
        strategy,
        strategyParams: body.strategy_params ?? {},
        rules: body.rules ?? {},
        cityRules: body.city_rules ?? {},
      },
      settings,
    );
    const row = await this.repo.insert({
      ...editableColumns(body),
      step,
      strategy,
      storeId: store.id,
      userId: store.userId,
      kaspiSku: body.kaspi_sku,
      name: body.name,
      botActive: false,
    });
    if (!row) throw conflict('This store already has a product with this kaspi_sku or kaspi_product_id.', 'product_exists');
    await this.counts.changed(row.userId);
    return this.view(row);
  }

  async update(actor: Actor, id: string, body: EditableBody): Promise<ProductView> {
    const current = await this.getOwned(actor, id);
    const { dueNow, minPrice, maxPrice } = await checkEdit(current, body, () => this.repo.storeRepricerSettings(current.storeId));
    const relisted = listedFields.some((field) => body[field] !== undefined);
    if (body.price == null) {
      const row = await this.repo.update(id, editableColumns(body), { dueNow });
      if (!row) throw notFound('Product');
      if (relisted) await this.counts.changed(row.userId);
      return this.view(row);
    }
    // A new price is Kaspi's to accept first (within the bounds this PATCH sets); the other fields
    // are saved only once it did, so a refused price leaves the product as it was.
    let row: ProductRow | undefined = await this.pricer.applyManualPrice(current, body.price, { minPrice, maxPrice });
    const others = editableColumns({ ...body, price: undefined });
    if (Object.values(others).some((v) => v !== undefined)) row = await this.repo.update(id, others, { dueNow });
    if (!row) throw notFound('Product');
    if (relisted) await this.counts.changed(row.userId);
    return this.view(row);
  }

  /** One product as GET /products/{id}/ shows it, with the approval mode in force (its own or its store's). */
  private async view(row: ProductRow): Promise<ProductView> {
    const settings = await this.repo.storeRepricerSettings(row.storeId);
    return toProductView(row, settings?.approvalMode ?? 'auto');
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const product = await this.getOwned(actor, id);
    if (!(await this.repo.delete(id))) throw notFound('Product');
    await this.counts.changed(product.userId);
  }

  /**
   * After a committed write outside this service that changes what lists match (a catalogue sync, a
   * store deleted with its products): the user's cached counts are dropped.
   */
  async listsChanged(userId: string): Promise<void> {
    await this.counts.changed(userId);
  }

  /**
   * batch_enable / batch_disable: each id is our product id or a Kaspi offer id of `store_id`, as in
   * the original API; or every product a list `filter` matches.
   */
  async setBotActive(actor: Actor, body: Static<typeof BatchBody>, active: boolean) {
    const verb = active ? 'enabled' : 'disabled';
    if (body.filter !== undefined) {
      if (body.product_ids !== undefined || body.store_id !== undefined) {
        throw invalid({ filter: 'Give either filter, or store_id and product_ids, not both.' });
      }
      const userId = listScope(actor, body.user_id);
      const updated = await this.repo.setBotActiveMatching(filterOfBody(userId, body.filter), active);
      if (updated.length) await this.counts.changed(userId);
      return { success: true, updated_count: updated.length, failed_ids: [], message: `${updated.length} product(s) ${verb}.` };
    }
    if (body.store_id === undefined || body.product_ids === undefined) {
      const missing = body.store_id === undefined ? 'store_id' : 'product_ids';
      throw invalid({ [missing]: 'This field is required (or give filter).' });
    }
    if (body.user_id !== undefined) throw invalid({ user_id: 'Only with filter: store_id names the products.' });
    const store = await this.stores.getOwned(actor, body.store_id);
    const requested = [...new Set(body.product_ids)];
    const updated = await this.repo.setBotActive(store.id, { uuids: requested.filter((id) => UUID.test(id)), offerIds: requested }, active);
    if (updated.length) await this.counts.changed(store.userId);
    const matched = new Set(updated.flatMap((p) => [p.id, p.kaspiProductId]));
    const failedIds = requested.filter((id) => !matched.has(id));
    return {
      success: failedIds.length === 0,
      updated_count: updated.length,
      failed_ids: failedIds,
      message: failedIds.length ? `${updated.length} product(s) ${verb}; ${failedIds.length} id(s) not found in this store.` : `${updated.length} product(s) ${verb}.`,
    };
  }

  /**
   * batch_update: the same values on many products (by id, or every one a filter matches), each
   * checked as PATCH checks it. A product whose rules the values would break is left as it was and
   * listed in `failed` with the fields at fault, as is an id that is missing or not the caller's;
   * the rest are written in one transaction, their rows locked from the check to the write.
   */
  async batchUpdate(actor: Actor, body: Static<typeof BatchUpdateBody>) {
    if ((body.product_ids === undefined) === (body.filter === undefined)) {
      throw invalid({ product_ids: 'Give either product_ids or filter.' }, 'Give either product_ids or filter (not both).');
    }
    const userId = listScope(actor, body.user_id);
    const { set } = body;
    if (set.min_price != null && set.max_price != null && set.min_price > set.max_price) {
      throw invalid({ 'set.min_price': `Must not be greater than set.max_price (${set.max_price}).` });
    }
    if (set.strategy && set.strategy_params) {
      const foreign = foreignStrategyParams(set.strategy, set.strategy_params, 'set.strategy_params');
      if (Object.keys(foreign).length) throw invalid(foreign);
    }
    const columns: Partial<NewProduct> = {
      minPrice: set.min_price,
      maxPrice: set.max_price,
      step: set.step,
      strategy: set.strategy,
      strategyParams: set.strategy_params,
      priority: set.priority,
      approvalMode: set.approval_mode,
      botActive: set.bot_active,
    };
    const requested = body.product_ids ? [...new Set(body.product_ids)] : [];
    const failed: { id: string; detail: string; fields?: Record<string, string> }[] = [];
    const updatedCount = await this.repo.inTransaction(async (tx) => {
      const rows = await this.repo.lockRules(tx, body.filter ? { filter: filterOfBody(userId, body.filter) } : { userId, ids: requested });
      if (body.product_ids) {
        const found = new Set(rows.map((r) => r.id));
        for (const id of requested) if (!found.has(id)) failed.push({ id, detail: 'Product not found.' });
      }
      const settings = new Map<string, Promise<StoreDemperSettingsRow | undefined>>();
      const settingsOf = (storeId: string) => {
        if (!settings.has(storeId)) settings.set(storeId, this.repo.storeRepricerSettings(storeId, tx));
        return settings.get(storeId)!;
      };
      const due: string[] = [];
      const notDue: string[] = [];
      for (const row of rows) {
        try {
          const { dueNow } = await checkEdit(row, set, () => settingsOf(row.storeId));
          (dueNow ? due : notDue).push(row.id);
        } catch (err) {
          if (!(err instanceof DomainError) || err.code !== 'validation_error') throw err;
          failed.push({ id: row.id, detail: err.detail, ...(err.fields && { fields: err.fields }) });
        }
      }
      return (await this.repo.updateMany(tx, due, columns, { dueNow: true })) + (await this.repo.updateMany(tx, notDue, columns, { dueNow: false }));
    });
    if (updatedCount && set.bot_active !== undefined) await this.counts.changed(userId);
    return { updated_count: updatedCount, failed };
  }
}
