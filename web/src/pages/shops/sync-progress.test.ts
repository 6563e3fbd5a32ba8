import { describe, expect, test } from 'vitest';
import { type SyncJob, syncView } from './sync-progress.ts';

const job = (over: Partial<SyncJob>): SyncJob => ({ id: 'j', state: 'running', progress: {}, result: null, error: null, created_at: '2026-11-30T05:00:00Z', finished_at: null, ...over });

describe('syncView', () => {
  test('no job: never synced', () => {
    expect(syncView(null, 0)).toEqual({ kind: 'never' });
  });

  test('queued: indeterminate', () => {
    expect(syncView(job({ state: 'queued' }), 100)).toMatchObject({ kind: 'running', phase: 'queued', percent: null });
  });

  test('reading measures against the last known count, capped below the write', () => {
    expect(syncView(job({ progress: { phase: 'reading', pages: 2, offers_seen: 200 } }), 400)).toMatchObject({ phase: 'reading', pages: 2, offersSeen: 200, percent: 45 });
    expect(syncView(job({ progress: { phase: 'reading', pages: 9, offers_seen: 900 } }), 400)).toMatchObject({ percent: 90 });
  });

  test('a first sync has nothing to measure against', () => {
    expect(syncView(job({ progress: { phase: 'reading', pages: 1, offers_seen: 100 } }), 0)).toMatchObject({ percent: null, offersSeen: 100 });
  });

  test('writing is nearly done', () => {
    expect(syncView(job({ progress: { phase: 'writing', pages: 3, offers_seen: 250 } }), 0)).toMatchObject({ phase: 'writing', percent: 95 });
  });

  test('completed gives the result and when', () => {
    const view = syncView(job({ state: 'completed', finished_at: '2026-11-30T05:01:00Z', result: { products_count: 250, created: 10, updated: 240, removed: 2, not_repriceable: 3 } }), 0);
    expect(view).toEqual({ kind: 'completed', at: '2026-11-30T05:01:00Z', productsCount: 250, created: 10, updated: 240, removed: 2, notRepriceable: 3 });
  });

  test('failed keeps the reason', () => {
    expect(syncView(job({ state: 'failed', error: 'Kaspi is busy', finished_at: '2026-11-30T05:02:00Z' }), 0)).toEqual({ kind: 'failed', at: '2026-11-30T05:02:00Z', error: 'Kaspi is busy' });
  });
});
