import { Type } from 'typebox';
import { msFromSeconds, section, variable } from './define.ts';

export const feed = section('XML price list (the feed Kaspi pulls)', {
  feed: {
    rateLimitPerMinute: variable(
      'FEED_RATE_LIMIT_PER_MINUTE',
      Type.Integer({
        minimum: 1,
        maximum: 100_000,
        default: 60,
        description: 'Pulls of XML price lists a client IP may make per minute (Kaspi pulls each shop every 30-60 min); past it 429 with Retry-After.',
      }),
    ),
    verifyMs: variable(
      'FEED_VERIFY_SECONDS',
      Type.Integer({
        minimum: 60,
        maximum: 86_400,
        default: 7_200,
        description:
          'How long a demper change published through the XML feed may take to show on the storefront before it counts as failed (seconds): Kaspi pulls the feed every 30-60 minutes, then ingests it.',
      }),
      { to: msFromSeconds },
    ),
  },
});
