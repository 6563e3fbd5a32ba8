import type { Static } from 'typebox';
import { conflict, invalid, notFound } from '../../http/errors.ts';
import { parseOrdering, type PageRequest } from '../../http/pagination.ts';
import type { ProductRow } from '../../infra/db/schema.ts';
import type { StoresService } from '../stores/stores.service.ts';
import { canAccess, listScope, type Actor } from '../users/actor.ts';
import type { NewProduct, ProductsRepository } from './products.repository.ts';
import type { BatchBody, CreateProductBody, ListProductsQuery, Product, UpdateProductBody } from './products.schemas.ts';

export type ProductView = Static<typeof Product>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toProductView(row: ProductRow): ProductView {
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
    strategy_params: row.strategyParams,
    bot_active: row.botActive,
    last_check_time: row.lastCheckTime?.toISOString() ?? null,
    city_prices: row.cityPrices,
    availabilities: row.availabilities,
    shop_link: row.shopLink,
    kaspi_status: row.kaspiStatus,
    repriceable: row.externalKaspiId !== null && row.notRepriceableReason === null,
    not_repriceable_reason: row.externalKaspiId === null ? (row.notRepriceableReason ?? 'No public Kaspi product id (external_kaspi_id).') : row.notRepriceableReason,
    last_synced_at: row.lastSyncedAt?.toISOString() ?? null,
    card: row.card ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
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
  };
}

function checkBounds(minPrice: number | null | undefined, maxPrice: number | null | undefined): void {
  if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
    throw invalid({ min_price: 'Must not be greater than max_price.' });
  }
}

/** What pushes a manual price to Kaspi (the pricing module); PATCH `price` goes through it. */
export interface ManualPricer {
  applyManualPrice(product: ProductRow, price: number, bounds: { minPrice: number | null; maxPrice: number | null }): Promise<ProductRow>;
}

export class ProductsService {
  constructor(
    private readonly repo: ProductsRepository,
    private readonly stores: StoresService,
    private readonly pricer?: ManualPricer,
  ) {}

  async getOwned(actor: Actor, id: string): Promise<ProductRow> {
    const found = await this.repo.findWithOwner(id);
    if (!found || !canAccess(actor, found.ownerId)) throw notFound('Product');
    return found.product;
  }

  async list(actor: Actor, query: Static<typeof ListProductsQuery>, page: PageRequest) {
    const userId = listScope(actor, query.user_id);
    const { rows, count } = await this.repo.list(
      {
        userId,
        storeId: query.store_id ?? query.store,
        botActive: query.bot_active,
        category: query.category,
        kaspiStatus: query.kaspi_status,
        search: query.search,
      },
      parseOrdering(query.ordering, '-created_at'),
      { limit: page.pageSize, offset: page.offset },
    );
    return { count, results: rows.map(toProductView) };
  }

  async get(actor: Actor, id: string): Promise<ProductView> {
    return toProductView(await this.getOwned(actor, id));
  }

  async create(actor: Actor, body: Static<typeof CreateProductBody>): Promise<ProductView> {
    const store = await this.stores.getOwned(actor, body.store_id);
    checkBounds(body.min_price, body.max_price);
    const row = await this.repo.insert({
      ...editableColumns(body),
      storeId: store.id,
      userId: store.userId,
      kaspiSku: body.kaspi_sku,
      name: body.name,
      botActive: false,
    });
    if (!row) throw conflict('This store already has a product with this kaspi_sku or kaspi_product_id.', 'product_exists');
    return toProductView(row);
  }

  async update(actor: Actor, id: string, body: EditableBody): Promise<ProductView> {
    const current = await this.getOwned(actor, id);
    const minPrice = body.min_price === undefined ? current.minPrice : body.min_price;
    const maxPrice = body.max_price === undefined ? current.maxPrice : body.max_price;
    checkBounds(minPrice, maxPrice);
    if (body.price == null || !this.pricer) {
      const row = await this.repo.update(id, editableColumns(body));
      if (!row) throw notFound('Product');
      return toProductView(row);
    }
    // A new price is Kaspi's to accept first (within the bounds this PATCH sets); the other fields
    // are saved only once it did, so a refused price leaves the product as it was.
    let row: ProductRow | undefined = await this.pricer.applyManualPrice(current, body.price, { minPrice, maxPrice });
    const others = editableColumns({ ...body, price: undefined });
    if (Object.values(others).some((v) => v !== undefined)) row = await this.repo.update(id, others);
    if (!row) throw notFound('Product');
    return toProductView(row);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.getOwned(actor, id);
    if (!(await this.repo.delete(id))) throw notFound('Product');
  }

  /** batch_enable / batch_disable: each id is our product id or a Kaspi offer id, as in the original API. */
  async setBotActive(actor: Actor, body: Static<typeof BatchBody>, active: boolean) {
    const store = await this.stores.getOwned(actor, body.store_id);
    const requested = [...new Set(body.product_ids)];
    const updated = await this.repo.setBotActive(
      store.id,
      { uuids: requested.filter((id) => UUID.test(id)), offerIds: requested },
      active,
    );
    const matched = new Set(updated.flatMap((p) => [p.id, p.kaspiProductId]));
    const failedIds = requested.filter((id) => !matched.has(id));
    const verb = active ? 'enabled' : 'disabled';
    return {
      success: failedIds.length === 0,
      updated_count: updated.length,
      failed_ids: failedIds,
      message: failedIds.length
        ? `${updated.length} product(s) ${verb}; ${failedIds.length} id(s) not found in this store.`
        : `${updated.length} product(s) ${verb}.`,
    };
  }
}
