import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../errors/domain-error.ts';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;
/** Far past any real list, and keeps the row offset a safe integer. */
export const MAX_PAGE = 1_000_000;

/** Query parameters every list accepts (DRF style). */
export const listQueryProperties = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, description: '1-based page number' })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: `Items per page; values above ${MAX_PAGE_SIZE} are capped` })),
  search: Type.Optional(Type.String({ maxLength: 200 })),
  user_id: Type.Optional(Type.String({ format: 'uuid', description: 'Compatibility: must be the caller (admins: any user)' })),
};

export interface PageRequest {
  page: number;
  pageSize: number;
  offset: number;
}

export function pageRequest(query: { page?: number; page_size?: number }): PageRequest {
  const page = query.page ?? 1;
  const pageSize = Math.min(query.page_size ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** The rows a page covers, as services and repositories take them. */
export function pageWindow(pageReq: PageRequest): { limit: number; offset: number } {
  return { limit: pageReq.pageSize, offset: pageReq.offset };
}

export function pageSchema<T extends import('typebox').TSchema>(item: T) {
  return Type.Object({
    count: Type.Integer(),
    next: Type.Union([Type.String(), Type.Null()]),
    previous: Type.Union([Type.String(), Type.Null()]),
    results: Type.Array(item),
  });
}

/**
 * `{count, next, previous, results}` with absolute links, as Django REST framework answers. The links
 * start with the configured public URL (PUBLIC_URL), never with the request's Host header, which the
 * client chooses: a forged Host would otherwise put someone else's address in our answers (and caches).
 */
export function pageResponse<T>(request: FastifyRequest, pageReq: PageRequest, count: number, results: T[]) {
  const lastPage = Math.max(1, Math.ceil(count / pageReq.pageSize));
  if (pageReq.page > lastPage) throw new DomainError('not_found', 'Invalid page.');
  const base = new URL(request.server.appConfig.publicUrl);
  const link = (page: number) => {
    // request.url is a path (Fastify answers only origin-form requests), so only its path and query are kept.
    const asked = new URL(request.url, 'http://placeholder');
    const url = new URL(base.origin);
    url.pathname = `${base.pathname.replace(/\/+$/, '')}${asked.pathname}`;
    url.search = asked.search;
    url.searchParams.set('page', String(page));
    url.searchParams.set('page_size', String(pageReq.pageSize));
    return url.toString();
  };
  return {
    count,
    next: pageReq.page < lastPage ? link(pageReq.page + 1) : null,
    previous: pageReq.page > 1 ? link(pageReq.page - 1) : null,
    results,
  };
}

/** `-price` -> {field: 'price', descending: true}; unknown fields are rejected by the route schema. */
export function parseOrdering<F extends string>(ordering: F | `-${F}` | undefined, fallback: F | `-${F}`) {
  const value: string = ordering ?? fallback;
  const descending = value.startsWith('-');
  return { field: (descending ? value.slice(1) : value) as F, descending };
}

export function orderingSchema<const F extends readonly string[]>(fields: F) {
  const values = fields.flatMap((f) => [f, `-${f}`]) as Array<F[number] | `-${F[number]}`>;
  return Type.Optional(Type.Enum(values, { description: `One of ${fields.join(', ')}; prefix with - for descending` }));
}
