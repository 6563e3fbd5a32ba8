/**
 * Which products a bulk action applies to: rows ticked one by one (kept across pages), or everything the
 * filter matches (then the API applies the filter itself: nothing is listed in the browser).
 */
export type Selection = { kind: 'ids'; ids: ReadonlySet<string> } | { kind: 'all' };

export const noSelection: Selection = { kind: 'ids', ids: new Set() };

export function toggleRow(selection: Selection, id: string, pageIds: readonly string[]): Selection {
  // Unticking one row out of "all matching" leaves the other rows of this page ticked: a set we can list.
  const ids = new Set(selection.kind === 'all' ? pageIds : selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { kind: 'ids', ids };
}

/** The page checkbox: ticks every row of the page, or unticks them when all are ticked already. */
export function togglePage(selection: Selection, pageIds: readonly string[]): Selection {
  if (selection.kind === 'all') return noSelection;
  const ids = new Set(selection.ids);
  const allTicked = pageIds.length > 0 && pageIds.every((id) => ids.has(id));
  for (const id of pageIds) {
    if (allTicked) ids.delete(id);
    else ids.add(id);
  }
  return { kind: 'ids', ids };
}

export function isSelected(selection: Selection, id: string): boolean {
  return selection.kind === 'all' || selection.ids.has(id);
}

export function pageState(selection: Selection, pageIds: readonly string[]): 'none' | 'some' | 'all' {
  if (selection.kind === 'all') return pageIds.length ? 'all' : 'none';
  const ticked = pageIds.filter((id) => selection.ids.has(id)).length;
  if (ticked === 0) return 'none';
  return ticked === pageIds.length ? 'all' : 'some';
}

/** How many products an action would touch. */
export function selectedCount(selection: Selection, matching: number): number {
  return selection.kind === 'all' ? matching : selection.ids.size;
}

/** The API takes at most 5000 ids in one call; more than that goes by filter. */
export const MAX_IDS = 5000;
