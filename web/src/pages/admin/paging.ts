/** Page size of every admin list: a phone screen or two of rows, and cheap for the API. */
export const PAGE_SIZE = 20;

/** How many pages `count` rows fill (at least one, so "page 1 of 1" reads right on an empty list). */
export function pageCount(count: number, pageSize: number = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

/** A page number from the address bar: a positive integer, else the first page. */
export function parsePage(value: string | null | undefined): number {
  if (!value || !/^\d{1,6}$/.test(value)) return 1;
  const page = Number(value);
  return Math.max(page, 1);
}

/** A uuid from the address bar, or undefined (so a typo never reaches the API as a 400). */
export function parseUuid(value: string | null | undefined): string | undefined {
  return value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : undefined;
}

/**
 * The address bar's query after a change: empty values are dropped (a clean URL to share), and any change
 * other than the page itself goes back to page 1, since page 7 of another filter means nothing.
 */
export function nextParams(current: URLSearchParams, change: Record<string, string | number | null | undefined>): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(change)) {
    if (value === null || value === undefined || value === '' || (key === 'page' && value === 1)) next.delete(key);
    else next.set(key, String(value));
  }
  if (!('page' in change)) next.delete('page');
  return next;
}
