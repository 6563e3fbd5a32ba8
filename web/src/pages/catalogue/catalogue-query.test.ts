import { describe, expect, it } from 'vitest';
import { defaultQuery, filterOf, lastPage, listParams, parseQuery, serializeQuery, withChange } from './catalogue-query.ts';

const store = '0b9e2f4c-4c1e-4d0c-9a57-1f1f0e4b2a11';

describe('the catalogue view in the URL', () => {
  it('round-trips every field through the query string', () => {
    const query = {
      ...defaultQuery,
      page: 7,
      page_size: 100,
      ordering: '-price' as const,
      search: 'iPhone 15',
      store_id: store,
      bot_active: false,
      kaspi_status: 'removed' as const,
      category: 'Смартфоны',
      repriceable: true,
    };
    expect(parseQuery(new URLSearchParams(serializeQuery(query).toString()))).toEqual(query);
  });

  it('keeps the default view out of the URL', () => {
    expect(serializeQuery(defaultQuery).toString()).toBe('');
  });

  it('falls back to the default for malformed values instead of sending them to the API', () => {
    const parsed = parseQuery(new URLSearchParams('page=-3&page_size=7&ordering=drop&store_id=42&bot_active=yes&kaspi_status=gone&repriceable=1'));
    expect(parsed).toEqual(defaultQuery);
  });

  it('starts again at page 1 when a filter changes, not when the page does', () => {
    const on40 = { ...defaultQuery, page: 40 };
    expect(withChange(on40, { search: 'x' }).page).toBe(1);
    expect(withChange(on40, { bot_active: true }).page).toBe(1);
    expect(withChange(on40, { page: 41 }).page).toBe(41);
  });

  it('gives the bulk edits the same filter as the list, without paging', () => {
    const query = { ...defaultQuery, page: 3, search: '  case ', bot_active: false, repriceable: false };
    expect(filterOf(query)).toEqual({ search: 'case', bot_active: false, repriceable: false });
    expect(listParams(query)).toEqual({ page: 3, page_size: 50, ordering: '-created_at', search: 'case', bot_active: false, repriceable: false });
  });

  it('counts pages', () => {
    expect(lastPage(0, 50)).toBe(1);
    expect(lastPage(50_000, 50)).toBe(1000);
    expect(lastPage(50_001, 50)).toBe(1001);
  });
});
