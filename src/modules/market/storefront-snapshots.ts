import type { ReadThroughCache } from '../../infra/cache/read-through-cache.ts';
import type { MarketOffer } from '../../kaspi/parsers/storefront-offers.parser.ts';

/** What the storefront showed for one product in one city, and when it was read. */
export interface StorefrontSnapshot {
  offers: MarketOffer[];
  /** Offers Kaspi counts for the product in the city (may exceed `offers` on long lists). */
  total: number;
  /** Epoch milliseconds of the read. */
  fetchedAt: number;
}

/**
 * One cache of storefront reads per (product, city) for every reader: the market API and the
 * repricer share each read, each taking it while it is young enough for its purpose (`maxAgeMs`)
 * and reading Kaspi again otherwise. Entries are kept `keepMs`, the longest any reader accepts.
 */
export class StorefrontSnapshots {
  constructor(
    private readonly cache: ReadThroughCache,
    private readonly keepMs: number,
  ) {}

  get(externalId: string, cityId: string, maxAgeMs: number, read: () => Promise<{ offers: MarketOffer[]; total: number }>): Promise<StorefrontSnapshot> {
    const keepMs = maxAgeMs > 0 ? this.keepMs : 0;
    return this.cache.getOrLoad<StorefrontSnapshot>(
      `storefront:offers:${externalId}:${cityId}`,
      keepMs,
      async () => ({ ...(await read()), fetchedAt: Date.now() }),
      (snapshot) => Date.now() - snapshot.fetchedAt <= maxAgeMs,
    );
  }
}
