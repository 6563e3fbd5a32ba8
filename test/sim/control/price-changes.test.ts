// GET /_sim/price-changes: the storefront's price changes by simulated time, from the simulator's own log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../sim/server.ts';
import { advance, simControl, startTestSim } from '../../helpers/sim.ts';
import { loginCookies, pricefeed } from '../../helpers/sim-http.ts';
import { OWN_UID, tinyWorld } from '../../helpers/sim-worlds.ts';

const A = '750000000';

describe('control: price changes', () => {
  let sim: RunningSimulator;
  let t0: number;
  before(async () => {
    const world = tinyWorld();
    world.merchants.push({ id: '900', name: 'Bot', rating: 4 });
    world.listings.push({ productId: '501', merchantId: '900', cityId: A, price: 4990, behaviour: { kind: 'answerer', step: 50, delay: 2, floor: 4000 } });
    sim = await startTestSim({ world, ingestDelayMs: 3000 });
    t0 = (await simControl(sim, 'GET', '/time')).now;
  });
  after(() => sim.close());

  it('lists competitor moves (bot and control) and our accepted prices at the time the storefront shows them, without anyone reading the storefront', async () => {
    const cookie = await loginCookies(sim);
    assert.equal((await pricefeed(sim, cookie, { merchantUid: OWN_UID, sku: 'SKU-2', price: 4900 })).status, 200);
    await simControl(sim, 'POST', '/competitors/price', { productId: '500', merchantId: '222', cityId: A, price: 980 });
    await advance(sim, 10_000);
    const all = await simControl(sim, 'GET', `/price-changes?from=${t0}`);
    assert.equal(all.dropped, 0);
    const rows = all.changes.map((c: any) => [c.productId, c.merchantId, c.own, c.price, c.previous, c.cause, c.at - t0]);
    // The bot sits below our 5000; our 4900 shows at 3 s; the bot answers it 2 ticks later (tick 5) with 4850.
    assert.deepEqual(rows, [
      ['500', '222', false, 980, 1000, 'control', 0],
      ['501', OWN_UID, true, 4900, 5000, 'accepted', 3000],
      ['501', '900', false, 4850, 4990, 'behaviour', 5000],
    ]);
    const ours = await simControl(sim, 'GET', `/price-changes?own=true&productId=501`);
    assert.equal(ours.count, 1);
    assert.equal(ours.changes[0].acceptedAt, t0);
    const later = await simControl(sim, 'GET', `/price-changes?from=${t0 + 4000}`);
    assert.deepEqual(
      later.changes.map((c: any) => c.merchantId),
      ['900'],
    );
  });

  it('refuses a time that is not a number', async () => {
    const res = await fetch(`${sim.controlUrl}/price-changes?from=yesterday`);
    assert.equal(res.status, 400);
  });
});
