import { Type } from 'typebox';
import { section, variable } from './define.ts';

export const pricing = section('Manual prices', {
  pricing: {
    manualMaxWaitMs: variable(
      'MANUAL_PRICE_MAX_WAIT_MS',
      Type.Integer({
        minimum: 0,
        maximum: 60_000,
        default: 10_000,
        description: "How long a manual price change waits for the merchant's pricefeed budget before answering 503 (ms).",
      }),
    ),
    cityPricesMaxAgeMs: variable(
      'CITY_PRICES_MAX_AGE_MS',
      Type.Integer({
        minimum: 0,
        maximum: 7 * 24 * 3_600_000,
        default: 3_600_000,
        description: "How old an offer's known city prices may be when a push (manual price, preorder, demper) is built from them; older or never seen, they are read from the storefront first (ms).",
      }),
    ),
  },
});
