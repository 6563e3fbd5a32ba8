import { describe, expect, it } from 'vitest';
import { isSelected, noSelection, pageState, selectedCount, togglePage, toggleRow } from './selection.ts';

const page = ['a', 'b', 'c'];

describe('selecting rows for a bulk action', () => {
  it('ticks and unticks rows one by one, across pages', () => {
    let s = toggleRow(noSelection, 'a', page);
    s = toggleRow(s, 'x', ['x', 'y']);
    expect(selectedCount(s, 100)).toBe(2);
    expect(pageState(s, page)).toBe('some');
    s = toggleRow(s, 'a', page);
    expect(isSelected(s, 'a')).toBe(false);
    expect(isSelected(s, 'x')).toBe(true);
  });

  it('ticks the whole page, then unticks it', () => {
    const ticked = togglePage(toggleRow(noSelection, 'b', page), page);
    expect(pageState(ticked, page)).toBe('all');
    expect(pageState(togglePage(ticked, page), page)).toBe('none');
  });

  it('counts everything the filter matches when all are chosen', () => {
    const all = { kind: 'all' } as const;
    expect(selectedCount(all, 50_000)).toBe(50_000);
    expect(isSelected(all, 'anything')).toBe(true);
    // Unticking one row out of "all" keeps the rest of the page, not 49,999 unknown rows.
    const s = toggleRow(all, 'b', page);
    expect(selectedCount(s, 50_000)).toBe(2);
    expect(togglePage(all, page)).toEqual(noSelection);
  });
});
