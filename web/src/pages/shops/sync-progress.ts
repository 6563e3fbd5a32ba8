/** A sync job as GET /kaspi/stores/{id}/sync/ and the `job` events give it (only the fields the card reads). */
export interface SyncJob {
  id: string;
  state: string;
  progress: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

export type SyncView =
  | { kind: 'never' }
  | { kind: 'running'; phase: 'queued' | 'reading' | 'writing'; pages: number; offersSeen: number; percent: number | null }
  | { kind: 'completed'; at: string; productsCount: number | null; created: number; updated: number; removed: number; notRepriceable: number }
  | { kind: 'failed'; at: string; error: string };

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * What the card says about a shop's sync. The cabinet's offer list has no total, so while reading the bar
 * measures against the products the shop had after its last sync (`knownCount`); on a first sync there is
 * nothing to measure against and the bar is indeterminate (percent null). Writing is one transaction: 95%.
 */
export function syncView(job: SyncJob | null | undefined, knownCount: number): SyncView {
  if (!job) return { kind: 'never' };
  if (job.state === 'completed') {
    const r = job.result ?? {};
    return {
      kind: 'completed',
      at: job.finished_at ?? job.created_at,
      productsCount: typeof r['products_count'] === 'number' ? r['products_count'] : null,
      created: num(r['created']),
      updated: num(r['updated']),
      removed: num(r['removed']),
      notRepriceable: num(r['not_repriceable']),
    };
  }
  if (job.state === 'failed') return { kind: 'failed', at: job.finished_at ?? job.created_at, error: job.error ?? '' };
  const phase = job.progress['phase'];
  const pages = num(job.progress['pages']);
  const offersSeen = num(job.progress['offers_seen']);
  if (job.state === 'queued' || (phase !== 'reading' && phase !== 'writing')) {
    return { kind: 'running', phase: job.state === 'queued' ? 'queued' : 'reading', pages, offersSeen, percent: null };
  }
  if (phase === 'writing') return { kind: 'running', phase, pages, offersSeen, percent: 95 };
  const percent = knownCount > 0 ? Math.min(90, Math.round((offersSeen / knownCount) * 90)) : null;
  return { kind: 'running', phase, pages, offersSeen, percent };
}
