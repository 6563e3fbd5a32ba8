/**
 * What the catalogue shows (page, size, search, ordering, filters) lives in the URL query, so a refresh or a
 * shared link opens the same view. This file is the one translation between the URL, the list request and
 * the bulk edits' `filter` (the API reads the same filters in both).
 */

export const orderings = ['-created_at', 'created_at', 'name', '-name', 'price', '-price', '-updated_at', 'updated_at', '-place', 'place'] as const;
export type Ordering = (typeof orderings)[number];
export const pageSizes = [25, 50, 100] as const;
export const kaspiStatuses = ['active', 'removed'] as const;
export type KaspiStatus = (typeof kaspiStatuses)[number];

export interface CatalogueFilters {
  search: string;
  store_id: string | undefined;
  bot_active: boolean | undefined;
  kaspi_status: KaspiStatus | undefined;
  category: string | undefined;
  repriceable: boolean | undefined;
}

export interface CatalogueQuery extends CatalogueFilters {
  page: number;
  page_size: number;
  ordering: Ordering;
}

export const defaultQuery: CatalogueQuery = {
  page: 1,
  page_size: 50,
  ordering: '-created_at',
  search: '',
  store_id: undefined,
  bot_active: undefined,
  kaspi_status: undefined,
  category: undefined,
  repriceable: undefined,
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function bool(value: string | null): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

/** Reads the view from a URL query; anything malformed (a hand-edited link) falls back to the default. */
export function parseQuery(params: URLSearchParams): CatalogueQuery {
  const ordering = params.get('ordering');
  const size = Number(params.get('page_size'));
  const status = params.get('kaspi_status');
  const store = params.get('store_id');
  const category = params.get('category')?.trim().slice(0, 300);
  return {
    page: Math.min(positive(params.get('page'), 1), 1_000_000),
    page_size: (pageSizes as readonly number[]).includes(size) ? size : defaultQuery.page_size,
    ordering: (orderings as readonly string[]).includes(ordering ?? '') ? (ordering as Ordering) : defaultQuery.ordering,
    search: (params.get('search') ?? '').slice(0, 200),
    store_id: store && uuid.test(store) ? store : undefined,
    bot_active: bool(params.get('bot_active')),
    kaspi_status: (kaspiStatuses as readonly string[]).includes(status ?? '') ? (status as KaspiStatus) : undefined,
    category: category || undefined,
    repriceable: bool(params.get('repriceable')),
  };
}

/** The URL query of a view: only what differs from the default, in a stable order. */
export function serializeQuery(query: CatalogueQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(defaultQuery) as (keyof CatalogueQuery)[]) {
    const value = query[key];
    if (value === undefined || value === '' || value === defaultQuery[key]) continue;
    params.set(key, String(value));
  }
  return params;
}

/** A changed filter, search or ordering starts again at page 1 (page 40 of the old view means nothing). */
export function withChange(query: CatalogueQuery, change: Partial<CatalogueQuery>): CatalogueQuery {
  const resetsPage = Object.keys(change).some((key) => key !== 'page');
  return { ...query, ...change, ...(resetsPage && !('page' in change) ? { page: 1 } : {}) };
}

/** Just the filters, as `GET /products/` and the bulk edits' `filter` take them (empty ones left out). */
export function filterOf(query: CatalogueFilters): Partial<Omit<CatalogueFilters, 'search'>> & { search?: string } {
  const filter: Partial<Omit<CatalogueFilters, 'search'>> & { search?: string } = {};
  const search = query.search.trim();
  if (search) filter.search = search;
  if (query.store_id) filter.store_id = query.store_id;
  if (query.bot_active !== undefined) filter.bot_active = query.bot_active;
  if (query.kaspi_status) filter.kaspi_status = query.kaspi_status;
  if (query.category) filter.category = query.category;
  if (query.repriceable !== undefined) filter.repriceable = query.repriceable;
  return filter;
}

/** The list request of a view. */
export function listParams(query: CatalogueQuery) {
  return { page: query.page, page_size: query.page_size, ordering: query.ordering, ...filterOf(query) };
}

/** How many filters narrow the view (shown on the phone's filter button). */
export function activeFilterCount(query: CatalogueFilters): number {
  return Object.keys(filterOf(query)).filter((key) => key !== 'search').length;
}

export function lastPage(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}
