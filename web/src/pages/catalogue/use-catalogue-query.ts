import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type CatalogueQuery, parseQuery, serializeQuery, withChange } from './catalogue-query.ts';

/** The view and a setter that writes it back to the URL (replacing, so Back leaves the page, not a filter). */
export function useCatalogueQuery(): [CatalogueQuery, (change: Partial<CatalogueQuery>) => void] {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseQuery(params), [params]);
  const change = useCallback((next: Partial<CatalogueQuery>) => setParams((current) => serializeQuery(withChange(parseQuery(current), next)), { replace: true }), [setParams]);
  return [query, change];
}
