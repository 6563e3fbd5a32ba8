import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';

export type ProductDetail = paths['/api/v1/products/{id}/']['get']['responses'][200]['content']['application/json'];
export type HistoryRow = paths['/api/v1/products/{id}/price_history/']['get']['responses'][200]['content']['application/json']['results'][number];
export type OffersAnswer = paths['/api/v1/products/{id}/offers/']['get']['responses'][200]['content']['application/json'];

export function useProduct(id: string) {
  return useQuery({
    queryKey: ['products', 'one', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/products/{id}/', { params: { path: { id } }, signal })),
  });
}

/** The last 500 changes (the API's largest page): months of a busy product, enough for a chart. */
export function usePriceHistory(id: string) {
  return useQuery({
    queryKey: ['products', 'history', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/products/{id}/price_history/', { params: { path: { id }, query: { page_size: 500 } }, signal })),
  });
}
