import { describe, expect, it } from 'vitest';
import { addMove, direction, type PriceMove, statusTone } from './price-feed-state.ts';
import { reasonKey } from './reasons.ts';

const STORE = 's1';
const move = (id: string, extra: Partial<PriceMove> = {}): PriceMove => ({
  id,
  store_id: STORE,
  product_id: 'p1',
  product_name: 'Phone',
  city_id: '750000000',
  old_price: 1000,
  new_price: 999,
  source: 'demper',
  reason: 'undercut_leader',
  status: 'pushed',
  at: '2026-11-30T06:00:00Z',
  ...extra,
});

describe('the live feed of price moves', () => {
  it('puts the newest move on top', () => {
    const feed = addMove(addMove([], move('a'), STORE), move('b'), STORE);
    expect(feed.map((m) => m.id)).toEqual(['b', 'a']);
  });

  it('updates a move in place when its status changes', () => {
    let feed = addMove([], move('a'), STORE);
    feed = addMove(feed, move('b'), STORE);
    feed = addMove(feed, move('a', { status: 'applied' }), STORE);
    expect(feed.map((m) => [m.id, m.status])).toEqual([
      ['b', 'pushed'],
      ['a', 'applied'],
    ]);
  });

  it("ignores other shops' moves", () => {
    const feed = addMove([], move('a', { store_id: 'other' }), STORE);
    expect(feed).toEqual([]);
  });

  it('keeps only the last moves', () => {
    let feed: PriceMove[] = [];
    for (let i = 0; i < 7; i++) feed = addMove(feed, move(String(i)), STORE, 5);
    expect(feed.map((m) => m.id)).toEqual(['6', '5', '4', '3', '2']);
  });

  it('tells the direction and the tone of a move', () => {
    expect(direction({ old_price: 1000, new_price: 999 })).toBe('down');
    expect(direction({ old_price: 1000, new_price: 1001 })).toBe('up');
    expect(direction({ old_price: null, new_price: 1001 })).toBe('new');
    expect(statusTone('pushed')).toBe('pending');
    expect(statusTone('applied')).toBe('done');
    expect(statusTone('failed')).toBe('failed');
    expect(statusTone('superseded')).toBe('other');
  });

  it('knows the engine reasons and leaves unknown ones as they are', () => {
    expect(reasonKey('undercut_leader')).toBe('undercut_leader');
    expect(reasonKey('something_new')).toBeNull();
  });
});
