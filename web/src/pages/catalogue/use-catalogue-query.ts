import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type CatalogueQuery, parseQuery, serializeQuery, withChange } from './catalogue-query.ts';

/** The view and a setter that writes it back to the URL (replacing, so Back leaves the page, not a filter). */
export function useCatalogueQuery(): [CatalogueQuery, (change: Partial<CatalogueQuery>) => void] {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseQuery(params), [params]);
  // Built from the address bar, not from the last render: two changes in a row (a page size, then an
  // ordering, before the router re-renders) must both land.
  const change = useCallback((next: Partial<CatalogueQuery>) => setParams(serializeQuery(withChange(parseQuery(new URLSearchParams(window.location.search)), next)), { replace: true }), [setParams]);
  return [query, change];
}
