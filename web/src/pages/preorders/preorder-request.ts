import type { paths } from '../../api/schema.d.ts';

export type Preorder = paths['/api/v1/preorders/{id}/']['get']['responses'][200]['content']['application/json'];
export type PreorderStatus = 'pending' | 'active' | 'failed';
export const preorderStatuses: PreorderStatus[] = ['pending', 'active', 'failed'];
type CreateBody = paths['/api/v1/preorders/']['post']['requestBody'] extends { content: { 'application/json': infer B } } ? B : never;
type BatchBody = paths['/api/v1/preorders/batch/']['post']['requestBody'] extends { content: { 'application/json': infer B } } ? B : never;

/** The batch endpoint's cap: each item is one Kaspi write within the shop's budget. */
export const BATCH_LIMIT = 50;

/** What the create form holds: the shop, the products chosen, the ticked points with their quantities. */
export interface CreateForm {
  storeId: string;
  productIds: string[];
  /** Point name -> quantity ('' while the field is empty, read as 0). */
  points: Record<string, number | ''>;
  deliveryDays: number | '';
}

export type CreateRequest = { kind: 'single'; body: CreateBody } | { kind: 'batch'; body: BatchBody };

/** One product: POST /preorders/ (answers the preorder); several: POST /preorders/batch/ (one shop, up to 50). */
export function createRequest(form: CreateForm): CreateRequest {
  const warehouses = Object.entries(form.points).map(([point, quantity]) => ({ point, quantity: quantity === '' ? 0 : quantity }));
  const days = form.deliveryDays === '' ? undefined : form.deliveryDays;
  if (form.productIds.length === 1) {
    return { kind: 'single', body: { product_id: form.productIds[0]!, store_id: form.storeId, warehouses, ...(days !== undefined && { delivery_days: days }) } };
  }
  return {
    kind: 'batch',
    body: { store_id: form.storeId, items: form.productIds.map((product_id) => ({ product_id, warehouses, ...(days !== undefined && { delivery_days: days }) })) },
  };
}

/** What the form refuses before asking the API (which checks everything again). */
export function createProblems(form: CreateForm): ('chooseProducts' | 'choosePoints')[] {
  const problems: ('chooseProducts' | 'choosePoints')[] = [];
  if (form.productIds.length === 0) problems.push('chooseProducts');
  if (Object.keys(form.points).length === 0) problems.push('choosePoints');
  return problems;
}

/**
 * The API names the faulty point by its index in `warehouses` (`warehouses[1].point`, or
 * `items[3].warehouses[1].point` in a batch): the message goes next to that point's row.
 */
export function pointErrors(fields: Record<string, string>, pointNames: string[]): Record<string, string> {
  const byPoint: Record<string, string> = {};
  for (const [name, message] of Object.entries(fields)) {
    const match = /(?:^|\.)warehouses\[(\d+)\]/.exec(name);
    const point = match ? pointNames[Number(match[1])] : undefined;
    if (point) byPoint[point] ??= message;
  }
  return byPoint;
}

/** The list's query string from the filters. */
export function listQuery(filter: { storeId: string | null; status: PreorderStatus | 'all'; search: string; page: number; pageSize: number }) {
  return {
    page: filter.page,
    page_size: filter.pageSize,
    ordering: '-updated_at' as const,
    ...(filter.storeId && { store_id: filter.storeId }),
    ...(filter.status !== 'all' && { status: filter.status }),
    ...(filter.search.trim() && { search: filter.search.trim() }),
  };
}
