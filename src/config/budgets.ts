import { Type } from 'typebox';
import { msFromSeconds, section, variable } from './define.ts';

export const budgets = section(
  'Kaspi request budgets',
  {
    budgets: {
      cabinetReadsPerSecond: variable(
        'KASPI_CABINET_READS_PER_SECOND',
        Type.Number({ exclusiveMinimum: 0, maximum: 100, default: 1, description: 'Offer-list pages per merchant account per second.' }),
      ),
      cabinetWritesPerSecond: variable(
        'KASPI_WRITES_PER_SECOND',
        Type.Number({ exclusiveMinimum: 0, maximum: 2.5, default: 1.5, description: 'Pricefeed calls per merchant account per second (Kaspi bans at ~3/s).' }),
      ),
      storefrontReadsPerSecond: variable(
        'STOREFRONT_READS_PER_SECOND',
        Type.Number({ exclusiveMinimum: 0, maximum: 14, default: 8, description: 'Storefront reads per egress IP per second (Kaspi answers 403 at ~15/s).' }),
      ),
      storefrontBanPauseMs: variable('STOREFRONT_BAN_PAUSE_SECONDS', Type.Number({ minimum: 1, default: 15, description: 'An egress IP rests this long (seconds) after a storefront 403.' }), {
        to: msFromSeconds,
      }),
      pricefeedBanPauseMs: variable('PRICEFEED_BAN_PAUSE_SECONDS', Type.Number({ minimum: 1, default: 1800, description: 'A merchant account rests this long (seconds) after a pricefeed 429.' }), {
        to: msFromSeconds,
      }),
      restartHoldMs: variable(
        'BUDGET_RESTART_HOLD_SECONDS',
        Type.Number({
          minimum: 0,
          default: 60,
          description:
            "A Redis that restarts loses the budgets' schedule while slots granted before are still waiting; every budget then holds " +
            'this long (seconds) before granting again (no burst). Longer than any taker waits for a slot.',
        }),
        { to: msFromSeconds },
      ),
    },
  },
  'Per merchant account for cabinet calls, per egress IP for storefront reads; shared by every process (in Redis when REDIS_URL is set).',
);
