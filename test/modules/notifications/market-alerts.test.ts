import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pino from 'pino';
import { MemoryCache } from '../../../src/infra/cache/memory-cache.ts';
import type { AlertsService } from '../../../src/modules/notifications/alerts.service.ts';
import { MarketAlerts, marketFindings } from '../../../src/modules/notifications/market-alerts.ts';
import { waitFor } from '../../helpers/wait.ts';

const city = (c: Partial<{ city_id: string; action: string; reason: string; price: number; actual_position: number | null; cheapest_competitor_price: number | null }>) => ({
  city_id: '750000000',
  action: 'hold',
  price: 10_000,
  reason: 'target_held',
  expected_position: 1,
  competitor_price: null,
  actual_position: 1,
  cheapest_competitor_price: null,
  ...c,
});

describe('market findings', () => {
  test('at the floor with a competitor ahead (or not listed) is a place lost; at the floor and first is not', () => {
    const { atFloor } = marketFindings(
      {
        cities: [
          city({ city_id: 'a', reason: 'at_floor_hold', actual_position: 2, cheapest_competitor_price: 9_500 }),
          city({ city_id: 'b', reason: 'best_reachable', actual_position: null }),
          city({ city_id: 'c', reason: 'at_floor_hold', actual_position: 1 }),
          city({ city_id: 'd', reason: 'undercut_leader', actual_position: 3 }),
        ],
      },
      5,
    );
    assert.deepEqual(
      atFloor.map((c) => [c.city_id, c.place]),
      [
        ['a', 2],
        ['b', null],
      ],
    );
  });

  test('undercut: a competitor cheaper than our price by more than the threshold, while the demper holds', () => {
    const { undercut } = marketFindings(
      {
        cities: [
          city({ city_id: 'a', price: 10_000, cheapest_competitor_price: 9_400 }), // 6 %
          city({ city_id: 'b', price: 10_000, cheapest_competitor_price: 9_500 }), // exactly 5 %: not more
          city({ city_id: 'c', price: 10_000, cheapest_competitor_price: 10_500 }),
          city({ city_id: 'd', price: 10_000, cheapest_competitor_price: null }),
          // The demper is on its way down (a capped step): nothing for the seller to do yet.
          city({ city_id: 'e', action: 'set', reason: 'max_drop_capped', price: 10_000, cheapest_competitor_price: 8_000 }),
        ],
      },
      5,
    );
    assert.deepEqual(undercut, [{ city_id: 'a', our_price: 10_000, competitor_price: 9_400, percent: 6 }]);
  });
});

describe('market alerts are raised once per condition', () => {
  test('not at every check; again once the condition cleared and came back', async () => {
    const raised: { kind: string; storeId: string | null }[] = [];
    const alerts = {
      raise: async (a: { kind: string; storeId: string | null }) => void raised.push(a),
      preferences: async () => ({ undercutPercent: 5 }),
    } as unknown as AlertsService;
    const market = new MarketAlerts(alerts, new MemoryCache({ maxEntries: 100 }), { repeatMs: 3_600_000 }, pino({ level: 'silent' }));
    const store = { id: 's1', userId: 'u1' };
    const product = { id: 'p1', name: 'Чайник' };
    const undercutState = { cities: [city({ price: 10_000, cheapest_competitor_price: 8_000 })] };
    const check = async (state: typeof undercutState, expected: number) => {
      market.checked(store, product, state);
      await waitFor(() => (raised.length === expected ? true : undefined), { what: `${expected} alerts` });
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(raised.length, expected);
    };
    await check(undercutState, 1);
    await check(undercutState, 1);
    await check({ cities: [city({ price: 10_000, cheapest_competitor_price: 9_900 })] }, 1);
    await check(undercutState, 2);
    assert.deepEqual(
      raised.map((a) => a.kind),
      ['undercut', 'undercut'],
    );

    market.storePaused(store, new Date(Date.now() + 60_000), '429');
    market.storePaused(store, new Date(Date.now() + 60_000), '429');
    market.egressRested(store, 10_000);
    market.egressRested(store, 10_000);
    await waitFor(() => (raised.length === 4 ? true : undefined), { what: 'pause and rest alerts' });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      raised.slice(2).map((a) => a.kind),
      ['store_paused', 'egress_resting'],
    );
  });
});
