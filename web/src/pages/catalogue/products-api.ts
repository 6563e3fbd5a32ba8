import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import { type CatalogueFilters, type CatalogueQuery, filterOf, lastPage, listParams } from './catalogue-query.ts';

export type ProductPage = paths['/api/v1/products/']['get']['responses'][200]['content']['application/json'];
export type ProductRow = ProductPage['results'][number];
export type ProductPatch = paths['/api/v1/products/{id}/']['patch']['requestBody']['content']['application/json'];
export type BatchSet = paths['/api/v1/products/batch_update/']['post']['requestBody']['content']['application/json']['set'];
export type BatchUpdateAnswer = paths['/api/v1/products/batch_update/']['post']['responses'][200]['content']['application/json'];

const listKey = (query: CatalogueQuery) => ['products', 'list', listParams(query)] as const;

function fetchPage(query: CatalogueQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/products/', { params: { query: listParams(query) }, signal }));
}

/**
 * One page of the catalogue, from the server (50,000 products are never all in the browser). While the next
 * page loads the table keeps showing the previous one (dimmed), and the page after the one shown is fetched
 * in the background so "next" is instant.
 */
export function useProductPage(query: CatalogueQuery) {
  const queryClient = useQueryClient();
  const result = useQuery({
    queryKey: listKey(query),
    queryFn: ({ signal }) => fetchPage(query, signal),
    placeholderData: keepPreviousData,
  });
  const count = result.data?.count;
  useEffect(() => {
    if (result.isPlaceholderData || count === undefined || query.page >= lastPage(count, query.page_size)) return;
    const next = { ...query, page: query.page + 1 };
    void queryClient.prefetchQuery({ queryKey: listKey(next), queryFn: ({ signal }) => fetchPage(next, signal) });
  }, [queryClient, query, count, result.isPlaceholderData]);
  return result;
}

/** The user's shops, for the shop filter and to name a row's shop. */
export function useShops() {
  return useQuery({
    queryKey: ['stores', 'list', 'all'],
    queryFn: () => unwrap(api.GET('/api/v1/kaspi/stores/', { params: { query: { page_size: 500, ordering: 'name' } } })),
    staleTime: 60_000,
  });
}

/** A single product's field edit from the table (PATCH); the page refetches after it. */
export function useUpdateProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ProductPatch }) => unwrap(api.PATCH('/api/v1/products/{id}/', { params: { path: { id } }, body: patch })),
    onSuccess: (product) => {
      // The row changes at once; the list is refetched for orderings and counts the edit may change.
      queryClient.setQueriesData<ProductPage>({ queryKey: ['products', 'list'] }, (page) =>
        page ? { ...page, results: page.results.map((row) => (row.id === product.id ? { ...row, ...product } : row)) } : page,
      );
      queryClient.setQueryData(['products', 'one', product.id], product);
      void queryClient.invalidateQueries({ queryKey: ['products', 'list'] });
    },
  });
}

/** What a bulk action applies to: chosen rows, or everything the current filter matches. */
export type Target = { kind: 'ids'; ids: string[] } | { kind: 'filter'; filter: CatalogueFilters };

export interface BulkResult {
  updated: number;
  failed: { id: string; detail: string }[];
}

/** Bulk enable / disable / rule edits. Chosen rows may span shops, so they go through batch_update. */
export function useBulkAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ target, set }: { target: Target; set: BatchSet }): Promise<BulkResult> => {
      const onlyToggle = Object.keys(set).length === 1 && typeof set.bot_active === 'boolean';
      if (target.kind === 'filter' && onlyToggle) {
        const path = set.bot_active ? '/api/v1/products/batch_enable/' : '/api/v1/products/batch_disable/';
        const answer = await unwrap(api.POST(path, { body: { filter: filterOf(target.filter) } }));
        return { updated: answer.updated_count, failed: answer.failed_ids.map((id) => ({ id, detail: answer.message })) };
      }
      const body = target.kind === 'ids' ? { product_ids: target.ids, set } : { filter: filterOf(target.filter), set };
      const answer = await unwrap(api.POST('/api/v1/products/batch_update/', { body }));
      return { updated: answer.updated_count, failed: answer.failed };
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['products'] }),
  });
}
