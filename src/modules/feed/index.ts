import type { AppModule, Infra } from '../module.ts';
import type { StoresService } from '../stores/index.ts';
import { FeedRepository } from './feed.repository.ts';
import { feedOpenRoutes, feedRoutes } from './feed.routes.ts';
import { FeedService } from './feed.service.ts';

export type { FeedPullView, FeedService } from './feed.service.ts';

export interface FeedModuleServices {
  /** Each store's XML price list (served to Kaspi), its secret URL and its pulls. */
  feed: FeedService;
}

/**
 * The XML price list Kaspi pulls (kaspi-protocol.md 5; tables store_feeds and store_feed_pulls):
 * the store's whole assortment as the pricefeed builder sees it, at a secret URL per store.
 */
export function createFeedModule(infra: Infra, deps: { stores: StoresService }): AppModule<FeedModuleServices> {
  const feed = new FeedService(new FeedRepository(infra.db), deps.stores, { batchSize: 1000 });
  return { name: 'feed', services: { feed }, routes: feedRoutes, openRoutes: feedOpenRoutes };
}
