import { Type } from 'typebox';
import { msFromHours, msFromSeconds, section, variable } from './define.ts';

export const market = section('Product market data and cards', {
  market: {
    cacheTtlMs: variable(
      'MARKET_CACHE_SECONDS',
      Type.Integer({
        minimum: 0,
        maximum: 3600,
        default: 60,
        description:
          "One storefront read of a product's offers in a city serves every seller of it for this long (seconds); 0 turns the cache off. " +
          'The cache lives in Redis when REDIS_URL is set, else in memory.',
      }),
      { to: msFromSeconds },
    ),
    memoryCacheMaxEntries: variable(
      'MEMORY_CACHE_MAX_ENTRIES',
      Type.Integer({
        minimum: 100,
        default: 10_000,
        description: 'Entries of the in-memory cache (used without REDIS_URL); the least recently used go first.',
      }),
    ),
    cardMaxAgeMs: variable(
      'PRODUCT_CARD_MAX_AGE_HOURS',
      Type.Number({ exclusiveMinimum: 0, default: 24, description: 'A product card (title, brand, pictures, rating) older than this (hours) is read again.' }),
      { to: msFromHours },
    ),
    cardsAfterSync: variable('CARDS_AFTER_SYNC', Type.Boolean({ default: true, description: 'Queue a product card refresh (job catalogue.cards) after every catalogue sync.' })),
  },
});
