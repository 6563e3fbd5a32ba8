import { Type } from 'typebox';

export const FeedFileParams = Type.Object({ file: Type.String({ description: '<token>.xml, as in the store’s feed_url' }) });

export const FeedUrl = Type.Object({ feed_url: Type.String({ description: 'The new URL of the XML price list; the old one answers 404 from now on' }) });

const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

export const FeedPull = Type.Object({
  pulled_at: Type.String({ format: 'date-time' }),
  status: Type.Integer({ description: '200: the list was sent; 304: unchanged since the puller’s copy' }),
  bytes: Type.Integer({ description: 'bytes sent (gzipped when asked for)' }),
  offers: Nullable(Type.Integer()),
});

export const FeedInfo = Type.Object({
  feed_url: Nullable(Type.String()),
  last_pulled_at: Nullable(Type.String({ format: 'date-time' })),
  last_pull_bytes: Nullable(Type.Integer()),
  pulls: Type.Array(FeedPull, { description: 'the latest 20 pulls, newest first' }),
});
