import { expect, test } from 'vitest';
import { nextParams, pageCount, parsePage, parseUuid } from './paging.ts';

test('pages: at least one, rounding up', () => {
  expect(pageCount(0)).toBe(1);
  expect(pageCount(20)).toBe(1);
  expect(pageCount(21)).toBe(2);
  expect(pageCount(101, 50)).toBe(3);
});

test('a page from the address bar is a positive integer or 1', () => {
  expect(parsePage('3')).toBe(3);
  expect(parsePage(null)).toBe(1);
  expect(parsePage('0')).toBe(1);
  expect(parsePage('-2')).toBe(1);
  expect(parsePage('2.5')).toBe(1);
  expect(parsePage('abc')).toBe(1);
});

test('a uuid from the address bar, or nothing', () => {
  expect(parseUuid('0b6c8f4e-1a2b-4c3d-8e9f-0123456789ab')).toBe('0b6c8f4e-1a2b-4c3d-8e9f-0123456789ab');
  expect(parseUuid('not-a-uuid')).toBeUndefined();
  expect(parseUuid(null)).toBeUndefined();
});

test('changing a filter goes back to page 1; empty values leave the URL', () => {
  const current = new URLSearchParams('search=shop&page=4');
  expect(nextParams(current, { page: 5 }).toString()).toBe('search=shop&page=5');
  expect(nextParams(current, { page: 1 }).toString()).toBe('search=shop');
  expect(nextParams(current, { search: 'other' }).toString()).toBe('search=other');
  expect(nextParams(current, { search: '' }).toString()).toBe('');
  expect(nextParams(new URLSearchParams('action=user.disable'), { action: null }).toString()).toBe('');
});
