import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SchedulePlanRow } from '../../../../src/modules/products/index.ts';
import { ProbeAdmission } from '../../../../src/modules/repricer/scheduler/probe-admission.ts';
import { allocate, expectedAge, intervalAt, type RefreshItem, readsPerSecondAt } from '../../../../src/modules/repricer/scheduler/refresh-allocation.ts';
import { buildPlan, longestWaitSeconds } from '../../../../src/modules/repricer/scheduler/schedule-plan.ts';

const item = (rate: number, weight = 1, extra: Partial<RefreshItem> = {}): RefreshItem => ({ rate, weight, cost: 1, minSeconds: 5, maxSeconds: 3600, ...extra });

/** A plan row: an adaptive, quiet product unless `over` says otherwise. */
const row = (over: Partial<SchedulePlanRow>): SchedulePlanRow => ({
  storeId: 's',
  egress: 'pool',
  scheduler: 'adaptive',
  priority: false,
  price: 10_000,
  stock: 3,
  cost: 1,
  rate: 1 / 10_800,
  warPeriodSeconds: null,
  probeSeconds: null,
  pushedRecently: false,
  checkIntervalSeconds: 300,
  priorityIntervalSeconds: 60,
  maxIntervalSeconds: 3600,
  ...over,
});

describe('refresh allocation (age-optimal, Cho and Garcia-Molina)', () => {
  test('expected age: 0 when read constantly, I/2 when the product moves at every read', () => {
    assert.ok(expectedAge(1 / 3600, 1) < 1e-3);
    assert.ok(Math.abs(expectedAge(10, 600) - 300) < 1);
    // The series and the closed form agree where they meet.
    assert.ok(Math.abs(expectedAge(1e-5, 9.99) - expectedAge(1e-5, 10.01)) < 1e-6);
  });

  test('the planned reads never exceed the budget, and use it when products want more', () => {
    const items = [...Array.from({ length: 200 }, (_, i) => item(1 / (60 + i), 1 + (i % 7))), ...Array.from({ length: 1800 }, () => item(1 / 10_800))];
    for (const budget of [0.5, 2, 3.2, 10]) {
      const a = allocate(items, budget);
      assert.ok(a.plannedReadsPerSecond <= Math.max(budget, a.guaranteedReadsPerSecond) * 1.0001, `budget ${budget}: planned ${a.plannedReadsPerSecond}`);
      assert.ok(a.plannedReadsPerSecond >= Math.min(budget, a.guaranteedReadsPerSecond) * 0.99 || a.plannedReadsPerSecond >= budget * 0.99, `budget ${budget} unused`);
      assert.ok(Math.abs(readsPerSecondAt(items, a.level) - a.plannedReadsPerSecond) < 1e-9);
    }
  });

  test('a quiet product stays at its longest interval; a busy one and a valuable one get shorter ones', () => {
    const quiet = item(1 / 604_800);
    const busy = item(1 / 120);
    const dearBusy = item(1 / 120, 100);
    const items = [quiet, ...Array.from({ length: 99 }, () => busy), dearBusy];
    const { level } = allocate(items, 0.3);
    assert.equal(intervalAt(quiet, level), 3600);
    assert.ok(intervalAt(busy, level) < 600, `busy ${intervalAt(busy, level)}`);
    assert.ok(intervalAt(dearBusy, level) < intervalAt(busy, level) / 3, 'worth buys reads');
  });

  test('everything fits at the shortest interval: no rationing', () => {
    const a = allocate([item(1 / 60), item(1 / 60)], 10);
    assert.equal(a.level, 0);
    assert.equal(intervalAt(item(1 / 60), a.level), 5);
  });

  test('the plan: wars and uniform stores are paid first, adaptive products share the rest, demand over budget is flagged', () => {
    const rows = [
      ...Array.from({ length: 1000 }, () => row({})),
      ...Array.from({ length: 10 }, () => row({ warPeriodSeconds: 100 })),
      ...Array.from({ length: 30 }, () => row({ scheduler: 'uniform', storeId: 'u', checkIntervalSeconds: 60 })),
    ];
    const plan = buildPlan(rows, { readsPerSecond: 8, poolSize: 1, share: 0.95, minSeconds: 5 }, 0);
    const pool = plan.egress['pool']!;
    assert.equal(pool.budgetReadsPerSecond, 7.6);
    assert.equal(pool.productsInWar, 10);
    assert.ok(pool.plannedReadsPerSecond <= 7.6 + 0.01, `${pool.plannedReadsPerSecond}`);
    assert.ok(pool.plannedReadsPerSecond >= 7.5, 'the budget is used');
    assert.equal(pool.overloaded, false);
    // 40,000 products cannot all be read hourly on 7.6 reads/s: overloaded, and the status says so.
    const big = buildPlan(
      Array.from({ length: 40_000 }, () => row({})),
      { readsPerSecond: 8, poolSize: 1, share: 0.95, minSeconds: 5 },
      0,
    ).egress['pool']!;
    assert.equal(big.overloaded, true);
    assert.ok(big.demandReadsPerSecond / big.budgetReadsPerSecond > 1.4);
    assert.ok(big.plannedReadsPerSecond <= 7.61);
    // Their guarantees stretch just enough to fit: 11.1 reads/s asked of 7.6, so 1.46 × an hour.
    assert.equal(big.guaranteeStretch, 1.46);
  });

  test('overloaded, non-priority guarantees stretch in proportion (priority keeps its own); a short overload does not send products away for a day', () => {
    const options = { readsPerSecond: 8, poolSize: 1, share: 0.95, minSeconds: 5 };
    // 24 products read hourly while wars and probes ask 8 reads/s, more than the whole budget: the
    // reads paid first count at most 0.8 of it, so the guarantees still fit and are kept (every read
    // runs a little late instead).
    const quiet = Array.from({ length: 24 }, () => row({ maxIntervalSeconds: 3600 }));
    const wars = buildPlan([...quiet, ...Array.from({ length: 40 }, () => row({ probeSeconds: 5 }))], options, 0).egress['pool']!;
    assert.equal(wars.overloaded, true);
    assert.equal(wars.guaranteeStretch, 1);
    // Guarantees beyond what is left after the reads paid first and priority: stretched to fit.
    const crowd = Array.from({ length: 10_000 }, () => row({ maxIntervalSeconds: 3600 }));
    const both = buildPlan([...crowd, ...Array.from({ length: 40 }, () => row({ probeSeconds: 5 }))], options, 0).egress['pool']!;
    assert.ok(Math.abs(both.guaranteeStretch - 10_000 / 3600 / (7.6 * 0.2)) < 0.01, `${both.guaranteeStretch}`);
    // Priority guarantees alone over the rest: the others wait up to a day.
    const priority = Array.from({ length: 6_000 }, () => row({ maxIntervalSeconds: 3600, priorityIntervalSeconds: 3600, priority: true }));
    const starved = buildPlan([...quiet, ...priority, ...Array.from({ length: 40 }, () => row({ probeSeconds: 5 }))], options, 0).egress['pool']!;
    assert.equal(longestWaitSeconds(3600, false, starved.guaranteeStretch), 86_400);
    assert.equal(longestWaitSeconds(3600, true, starved.guaranteeStretch), 3600, 'priority keeps its guarantee');
    // A burst of verification reads over a budget nearly spent on hourly guarantees: a small stretch.
    const busy = Array.from({ length: 26_000 }, (_, i) => row({ maxIntervalSeconds: 3600, priorityIntervalSeconds: 3600, priority: i < 1000, pushedRecently: i < 60 }));
    const tight = buildPlan(busy, options, 0).egress['pool']!;
    assert.equal(tight.overloaded, true);
    assert.ok(tight.guaranteeStretch > 1 && tight.guaranteeStretch <= 1.1, `${tight.guaranteeStretch}`);
    assert.ok(longestWaitSeconds(3600, false, tight.guaranteeStretch) < 4000);
    assert.equal(longestWaitSeconds(3600, true, tight.guaranteeStretch), 3600, 'priority keeps its guarantee');
    assert.ok(tight.plannedReadsPerSecond <= 7.61, `${tight.plannedReadsPerSecond}`);
    assert.equal(buildPlan(quiet, options, 0).egress['pool']!.guaranteeStretch, 1);
  });

  test('probes are paid first too, within their share of the budget; new ones are admitted only into the room left', () => {
    const options = { readsPerSecond: 8, poolSize: 1, share: 0.95, minSeconds: 5 };
    const quiet = Array.from({ length: 1000 }, () => row({}));
    const calm = buildPlan(quiet, options, 0).egress['pool']!;
    // 0.3 of 7.6 reads/s.
    assert.equal(calm.probeReadsRoom, 2.28);
    assert.equal(calm.productsProbing, 0);
    const probing = buildPlan([...quiet, ...Array.from({ length: 40 }, () => row({ probeSeconds: 30 }))], options, 1).egress['pool']!;
    assert.equal(probing.productsProbing, 40);
    assert.equal(probing.probeReadsRoom, 0.95);
    assert.ok(probing.level > calm.level, "the probes' reads leave less for the rest");
    assert.ok(probing.plannedReadsPerSecond <= 7.61);
    const full = buildPlan([...quiet, ...Array.from({ length: 100 }, () => row({ probeSeconds: 30 }))], options, 2);
    assert.equal(full.egress['pool']!.probeReadsRoom, 0);

    const admission = new ProbeAdmission();
    // 40 probes at a read per 20 s leave 0.28 reads/s: two more slow probes, not three; and no fast one
    // (a probe reading two cities every second takes 2 reads/s).
    const plan = buildPlan([...quiet, ...Array.from({ length: 40 }, () => row({ probeSeconds: 20 }))], options, 3);
    assert.equal(admission.admit(plan, 'pool', 2), false);
    assert.deepEqual([admission.admit(plan, 'pool', 0.1), admission.admit(plan, 'pool', 0.1), admission.admit(plan, 'pool', 0.1)], [true, true, false]);
    assert.equal(admission.admit(plan, 'own:other', 2), true, 'a budget the plan does not know admits');
    assert.equal(admission.admit(null, 'pool', 2), true, 'before the first plan');
    // The next plan counts the probes that started and gives the room anew.
    const next = buildPlan([...quiet, ...Array.from({ length: 38 }, () => row({ probeSeconds: 20 }))], options, 4);
    assert.equal(admission.admit(next, 'pool', 0.1), true);

    // The verification reads of the last minute's pushes are paid first too: 120 pushes a minute
    // leave 2 reads/s less for the allocation.
    const pushing = buildPlan(
      quiet.map((r, i) => ({ ...r, pushedRecently: i < 120 })),
      options,
      5,
    ).egress['pool']!;
    assert.ok(pushing.level > calm.level, 'less left for the rest');
    assert.ok(pushing.plannedReadsPerSecond <= 7.61 && pushing.plannedReadsPerSecond >= 7.5, `${pushing.plannedReadsPerSecond}`);
    assert.ok(pushing.demandReadsPerSecond >= calm.demandReadsPerSecond + 1.99, 'the demand counts them');
  });
});
