import type { Static } from 'typebox';
import { conflict, invalid, notFound } from '../../http/errors.ts';
import { parseOrdering, type PageRequest } from '../../http/pagination.ts';
import type { PreorderRow, PreorderWarehouse } from '../../infra/db/schema.ts';
import type { ProductsService } from '../products/products.service.ts';
import { canAccess, listScope, type Actor } from '../users/actor.ts';
import type { PreordersRepository } from './preorders.repository.ts';
import type { CreatePreorderBody, ListPreordersQuery, Preorder, UpdatePreorderBody } from './preorders.schemas.ts';

export type PreorderView = Static<typeof Preorder>;

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
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

function checkWarehouses(warehouses: PreorderWarehouse[] | undefined): void {
  if (!warehouses) return;
  const seen = new Set<string>();
  warehouses.forEach((w, i) => {
    if (seen.has(w.point)) throw invalid({ [`warehouses[${i}].point`]: `Pickup point ${w.point} is listed twice.` });
    seen.add(w.point);
  });
}

export class PreordersService {
  constructor(
    private readonly repo: PreordersRepository,
    private readonly products: ProductsService,
  ) {}

  async getOwned(actor: Actor, id: string): Promise<PreorderRow> {
    const found = await this.repo.findWithOwner(id);
    if (!found || !canAccess(actor, found.ownerId)) throw notFound('Preorder');
    return found.preorder;
  }

  async list(actor: Actor, query: Static<typeof ListPreordersQuery>, page: PageRequest) {
    const userId = listScope(actor, query.user_id);
    const { rows, count } = await this.repo.list(
      { userId, storeId: query.store_id, status: query.status, search: query.search },
      parseOrdering(query.ordering, '-created_at'),
      { limit: page.pageSize, offset: page.offset },
    );
    return { count, results: rows.map(toPreorderView) };
  }

  async get(actor: Actor, id: string): Promise<PreorderView> {
    return toPreorderView(await this.getOwned(actor, id));
  }

  /** Article, name and brand are copied from the product, as the original did. */
  async create(actor: Actor, body: Static<typeof CreatePreorderBody>): Promise<PreorderView> {
    const product = await this.products.getOwned(actor, body.product_id);
    if (body.store_id && body.store_id !== product.storeId) {
      throw invalid({ store_id: 'Must be the store of the product.' });
    }
    checkWarehouses(body.warehouses);
    const row = await this.repo.insert({
      productId: product.id,
      storeId: product.storeId,
      article: product.kaspiSku,
      name: product.name,
      brand: product.brand,
      price: body.price ?? product.price,
      warehouses: body.warehouses ?? [],
      deliveryDays: body.delivery_days ?? 30,
    });
    if (!row) throw conflict('This product already has a preorder; change it instead.', 'preorder_exists');
    return toPreorderView(row);
  }

  async update(actor: Actor, id: string, body: Static<typeof UpdatePreorderBody>): Promise<PreorderView> {
    await this.getOwned(actor, id);
    checkWarehouses(body.warehouses);
    const row = await this.repo.update(id, { warehouses: body.warehouses, deliveryDays: body.delivery_days, price: body.price });
    if (!row) throw notFound('Preorder');
    return toPreorderView(row);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.getOwned(actor, id);
    if (!(await this.repo.delete(id))) throw notFound('Preorder');
  }
}
