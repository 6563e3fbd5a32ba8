import { Type } from 'typebox';
import { msFromSeconds, section, variable } from './define.ts';

export const preorders = section('Preorders', {
  preorders: {
    verifyTimeoutMs: variable(
      'PREORDER_VERIFY_TIMEOUT_SECONDS',
      Type.Number({
        exclusiveMinimum: 0,
        default: 600,
        description:
          'A pushed preorder that the storefront does not show (our offer with preorder > 0 in the cities of its pickup points) ' +
          'within this many seconds becomes failed, with what the storefront showed.',
      }),
      { to: msFromSeconds },
    ),
    verifyIntervalMs: variable(
      'PREORDER_VERIFY_INTERVAL_SECONDS',
      Type.Number({
        exclusiveMinimum: 0,
        default: 30,
        description:
          "Seconds between storefront checks of a pending preorder; the first check waits this long too (Kaspi's ingest delay). " +
          "Each check is one storefront read per city, within the egress IP's budget.",
      }),
      { to: msFromSeconds },
    ),
  },
});
