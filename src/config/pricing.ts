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
  },
});
