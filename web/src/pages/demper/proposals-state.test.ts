import { describe, expect, it } from 'vitest';
import { outcomeTone, type Proposal, visibleProposals, withOutcome } from './proposals-state.ts';

const proposal = (id: string, status: Proposal['status'] = 'open'): Proposal => ({
  id,
  store_id: 's',
  product_id: `p-${id}`,
  product_name: `Product ${id}`,
  product_sku: `SKU-${id}`,
  status,
  cities: [],
  market: [],
  created_at: '2026-11-30T10:00:00Z',
  confirmed_at: '2026-11-30T10:00:00Z',
  decided_at: null,
  decided_by: null,
  decided_via: null,
  stale_reason: null,
  detail: null,
});

describe('proposals section', () => {
  it('shows outcomes first and each proposal once', () => {
    const waiting = [proposal('a'), proposal('b'), proposal('c')];
    const decided = withOutcome([], proposal('b', 'pushed'));
    expect(visibleProposals(waiting, decided).map((p) => `${p.id}:${p.status}`)).toEqual(['b:pushed', 'a:open', 'c:open']);
  });

  it('a newer outcome of the same proposal replaces the older one', () => {
    const decided = withOutcome(withOutcome([], proposal('a', 'failed')), proposal('a', 'stale'));
    expect(decided.map((p) => p.status)).toEqual(['stale']);
  });

  it('tones', () => {
    expect(outcomeTone('pushed')).toBe('done');
    expect(outcomeTone('stale')).toBe('refused');
    expect(outcomeTone('rejected')).toBe('refused');
    expect(outcomeTone('failed')).toBe('failed');
    expect(outcomeTone('open')).toBe('waiting');
  });
});
