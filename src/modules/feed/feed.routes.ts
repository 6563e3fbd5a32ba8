import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { StoreParams } from '../stores/index.ts';
import { FeedFileParams, FeedInfo, FeedUrl } from './feed.schemas.ts';
import { feedBody } from './feed-stream.ts';

const tags = ['feed'];
const NOT_FOUND = { detail: 'Not found.', code: 'not_found' };

/**
 * The XML price list Kaspi pulls: open (no bearer; the token in the path is the secret), rate-limited
 * per client IP. A wrong, malformed or rotated token is the same bare 404.
 */
export const feedOpenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const feed = app.services.feed;

  app.get(
    '/kaspi/feeds/:file',
    {
      config: { rateLimit: { max: app.appConfig.feed.rateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: "A store's XML price list (Kaspi's format), at the secret URL the store shows as feed_url",
        description: 'No bearer token: Kaspi fetches it. Sends ETag and Last-Modified and answers 304 to If-None-Match / If-Modified-Since; gzip when asked.',
        params: FeedFileParams,
      },
    },
    async (request, reply) => {
      const token = request.params.file.endsWith('.xml') ? request.params.file.slice(0, -4) : '';
      const answer = await feed.pull(token, { ifNoneMatch: request.headers['if-none-match'], ifModifiedSince: request.headers['if-modified-since'] });
      if (answer.kind === 'missing') return reply.code(404).send(NOT_FOUND);
      reply.header('etag', answer.etag).header('last-modified', answer.lastModified.toUTCString()).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
      reply.header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
      if (answer.kind === 'not-modified') {
        await feed.recordPull(answer.storeId, 304, 0, null);
        return reply.code(304).send();
      }
      const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
      const out = feedBody(answer.chunks, gzip, (bytes, err) => {
        if (err) request.log.warn({ err: err.message }, 'feed stream ended early');
        feed.recordPull(answer.storeId, 200, bytes, answer.offers).catch((e: unknown) => request.log.warn({ err: e }, 'could not record a feed pull'));
      });
      if (gzip) reply.header('content-encoding', 'gzip');
      return reply.code(200).type('application/xml; charset=utf-8').send(out);
    },
  );
};

/** The owner's side: the feed's URL and pulls, and a new URL. */
export const feedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const feed = app.services.feed;
  const security = bearerSecurity;

  app.get(
    '/kaspi/stores/:id/feed/',
    { schema: { tags, security, summary: "The store's XML price list: its URL and Kaspi's latest pulls", params: StoreParams, response: { 200: FeedInfo } } },
    async (request) => feed.info(request.actor, request.params.id),
  );

  app.post(
    '/kaspi/stores/:id/feed/rotate/',
    { schema: { tags, security, summary: 'A new secret URL for the XML price list; the old one stops working at once', params: StoreParams, response: { 200: FeedUrl } } },
    async (request) => feed.rotate(request.actor, request.params.id),
  );
};
