import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { nextParams, parsePage } from './paging.ts';

/**
 * A list's page and filters live in the address bar: a reload, the back button or a link from another tab
 * (the shops of one user) land on the same view.
 */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const set = useCallback((change: Record<string, string | number | null | undefined>) => setParams((current) => nextParams(current, change), { replace: true }), [setParams]);
  return { params, page: parsePage(params.get('page')), get: (key: string) => params.get(key) ?? '', set };
}
