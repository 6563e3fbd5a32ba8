import { createHash, randomUUID } from 'node:crypto';
import type { Cache } from '../../infra/cache/cache.ts';
import type { Logger } from '../../infra/logger.ts';

/** A user's epoch outlives any count cached under it (see ListCounts). */
const EPOCH_TTL_MS = 24 * 3600_000;
/** A safety net only: counts are exact through the epoch, not through expiry. */
const COUNT_TTL_MS = 10 * 60_000;

/**
 * Exact product counts for list pages without a count(*) on every page turn. A count is cached per
 * user, filter and the user's list epoch: a random value replaced after every committed write that can
 * change what a filter matches (edits of filtered fields, creation, deletion, a sync, a store's
 * deletion). Readers take the epoch before counting and writers replace it after committing, so a
 * count read from a snapshot older than a write is always stored under an epoch that write retired.
 * A new epoch is random (never reused), so an evicted or expired epoch cannot revive old counts.
 * In Redis with several processes; in memory in the embedded mode. If the cache fails, lists count.
 */
export class ListCounts {
  constructor(
    private readonly cache: Cache,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  async count(userId: string, filter: Record<string, unknown>, compute: () => Promise<number>): Promise<number> {
    let key: string;
    try {
      key = `products:list-count:${userId}:${await this.epoch(userId)}:${filterKey(filter)}`;
      const hit = await this.cache.get<number>(key);
      if (typeof hit === 'number') return hit;
    } catch (err) {
      this.log.warn({ err }, 'product count cache unavailable; counting');
      return compute();
    }
    const value = await compute();
    await this.cache.set(key, value, COUNT_TTL_MS).catch((err: unknown) => this.log.warn({ err }, 'product count not cached'));
    return value;
  }

  /** After a write is committed: every cached count of the user is stale. */
  async changed(userId: string): Promise<void> {
    await this.cache.set(epochKey(userId), randomUUID(), EPOCH_TTL_MS).catch((err: unknown) => this.log.warn({ err, userId }, 'product count epoch not renewed'));
  }

  private async epoch(userId: string): Promise<string> {
    const current = await this.cache.get<string>(epochKey(userId));
    if (current) return current;
    // Set before counting: a write committed after this replaces it, retiring what we are about to count.
    const fresh = randomUUID();
    await this.cache.set(epochKey(userId), fresh, EPOCH_TTL_MS);
    return fresh;
  }
}

const epochKey = (userId: string) => `products:list-epoch:${userId}`;

/** Undefined fields dropped and keys sorted: the same filter always gives the same key. */
function filterKey(filter: Record<string, unknown>): string {
  const defined = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(defined)).digest('base64url').slice(0, 22);
}
