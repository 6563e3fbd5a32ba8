import crypto from 'node:crypto';
import type { StoreFeedPullRow, StoreRow } from '../../infra/db/schema.ts';
import type { StoresService } from '../stores/index.ts';
import type { Actor } from '../users/index.ts';
import type { FeedRepository } from './feed.repository.ts';
import { feedOffer } from './feed-offer.ts';
import { feedChunks } from './feed-xml.ts';

/** Bumped when the XML's layout changes, so every puller's cached copy is stale at once. */
const FORMAT_VERSION = '1';

/** What a pull's conditional headers say the puller already has. */
export interface PullConditions {
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
}

export type FeedAnswer =
  | { kind: 'missing' }
  | { kind: 'not-modified'; storeId: string; etag: string; lastModified: Date }
  | { kind: 'list'; storeId: string; etag: string; lastModified: Date; offers: number; chunks: AsyncIterable<string> };

export interface FeedPullView {
  pulled_at: string;
  status: number;
  bytes: number;
  offers: number | null;
}

export interface FeedOptions {
  /** Offers read from the database at a time while the list streams. */
  batchSize: number;
}

function pullView(row: StoreFeedPullRow): FeedPullView {
  return { pulled_at: row.pulledAt.toISOString(), status: row.status, bytes: row.bytes, offers: row.offers };
}

/** Does an If-None-Match list name this entity tag? Weak and strong forms match alike (RFC 9110 13.1.2). */
function matches(ifNoneMatch: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * Each store's XML price list (kaspi-protocol.md 5), served at a secret URL to whoever holds the
 * token (Kaspi pulls it every 30-60 minutes). An unchanged list is answered from a fingerprint of its
 * offers without being built; a changed one is streamed from the database batch by batch.
 */
export class FeedService {
  constructor(
    private readonly repo: FeedRepository,
    private readonly stores: StoresService,
    private readonly options: FeedOptions,
  ) {}

  async pull(token: string, conditions: PullConditions, now = new Date()): Promise<FeedAnswer> {
    const store = await this.stores.findByFeedToken(token);
    if (!store) return { kind: 'missing' };
    const { offers, hash } = await this.repo.contentHash(store.id);
    const fingerprint = crypto
      .createHash('sha256')
      .update(JSON.stringify([FORMAT_VERSION, store.merchantId, store.name, store.points, offers, hash]))
      .digest('base64url')
      .slice(0, 32);
    const lastModified = await this.repo.touch(store.id, fingerprint, now);
    const etag = `"${fingerprint}"`;
    const fresh =
      conditions.ifNoneMatch !== undefined
        ? matches(conditions.ifNoneMatch, etag)
        : conditions.ifModifiedSince !== undefined && Math.floor(lastModified.getTime() / 1000) * 1000 <= Date.parse(conditions.ifModifiedSince);
    if (fresh) return { kind: 'not-modified', storeId: store.id, etag, lastModified };
    return { kind: 'list', storeId: store.id, etag, lastModified, offers, chunks: this.chunks(store, lastModified) };
  }

  /** Records a pull once its answer has been sent (or the puller went away). */
  async recordPull(storeId: string, status: number, bytes: number, offers: number | null): Promise<void> {
    await this.repo.recordPull({ storeId, status, bytes, offers });
  }

  /** The owner's view: the URL, and the latest pulls (when Kaspi last fetched the list, and how much). */
  async info(actor: Actor, storeId: string): Promise<{ feed_url: string | null; last_pulled_at: string | null; last_pull_bytes: number | null; pulls: FeedPullView[] }> {
    const store = await this.stores.getOwned(actor, storeId);
    const [view, pulls] = await Promise.all([this.stores.view(store), this.repo.pulls(store.id, 20)]);
    return { feed_url: view.feed_url, last_pulled_at: pulls[0]?.pulledAt.toISOString() ?? null, last_pull_bytes: pulls[0]?.bytes ?? null, pulls: pulls.map(pullView) };
  }

  /** The latest pull of a store (the demper status shows it). */
  async lastPull(storeId: string): Promise<FeedPullView | null> {
    const [row] = await this.repo.pulls(storeId, 1);
    return row ? pullView(row) : null;
  }

  async rotate(actor: Actor, storeId: string): Promise<{ feed_url: string }> {
    return { feed_url: await this.stores.rotateFeedToken(actor, storeId) };
  }

  private async *chunks(store: StoreRow, date: Date): AsyncGenerator<string> {
    const repo = this.repo;
    const batchSize = this.options.batchSize;
    async function* offers() {
      for await (const batch of repo.offers(store.id, batchSize)) yield batch.map((p) => feedOffer(p, store));
    }
    yield* feedChunks({ date, company: store.name, merchantId: store.merchantId }, offers());
  }
}
