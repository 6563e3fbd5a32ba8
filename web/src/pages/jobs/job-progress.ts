/** How far a job is, when its progress says it in a countable way: {done, total}, or the cards job's {due, refreshed, failed}. */
export function jobFraction(progress: Record<string, unknown> | null | undefined): { done: number; total: number } | null {
  if (!progress) return null;
  const n = (key: string) => (typeof progress[key] === 'number' ? (progress[key] as number) : undefined);
  const total = n('total') ?? n('due');
  if (total === undefined || total <= 0) return null;
  const done = n('done') ?? (n('refreshed') ?? 0) + (n('failed') ?? 0);
  return { done: Math.min(done, total), total };
}

/** The progress or result as short "key: value" pairs for the seller (numbers and words only, no nested objects). */
export function progressPairs(value: Record<string, unknown> | null | undefined): [string, string | number][] {
  if (!value) return [];
  return Object.entries(value).filter((entry): entry is [string, string | number] => typeof entry[1] === 'number' || (typeof entry[1] === 'string' && entry[1].length <= 80));
}

export const jobStateTones: Record<string, 'neutral' | 'info' | 'ok' | 'bad'> = { queued: 'neutral', running: 'info', completed: 'ok', failed: 'bad' };
