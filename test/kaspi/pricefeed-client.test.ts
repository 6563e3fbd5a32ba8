import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../sim/server.ts';
import { MemoryBudgetStore } from '../../src/infra/budget/memory-budget-store.ts';
import { BudgetExhaustedError, RateBudget } from '../../src/infra/budget/rate-budget.ts';
import { ProxyDispatchers } from '../../src/infra/http/proxy-dispatchers.ts';
import { KaspiError, KaspiSessionExpiredError } from '../../src/kaspi/kaspi-errors.ts';
import { type CabinetSession, KaspiRateLimitedError, McClient } from '../../src/kaspi/mc-client.ts';
import { pricefeedBody } from '../../src/kaspi/pricefeed-body.ts';
import { type CabinetRunner, PricefeedClient, PricefeedRateLimitedError } from '../../src/kaspi/pricefeed-client.ts';
import { simControl } from '../helpers/sim.ts';

const UID = '30141222';
const EMAIL = 'feed@example.kz';

// The pricefeed client against the simulator, with a session issued directly and the budget in memory.
describe('pricefeed client', () => {
  let sim: RunningSimulator;
  let dispatchers: ProxyDispatchers;
  let mc: McClient;
  let session: CabinetSession;
  /** withCabinet as the session manager runs it: renew once on a dead session. */
  let renewals = 0;
  const runner: CabinetRunner = {
    async withCabinet(_storeId, call) {
      try {
        return await call(session);
      } catch (err) {
        if (!(err instanceof KaspiSessionExpiredError)) throw err;
        renewals++;
        session = newSession();
        return call(session);
      }
    },
  };

  function newSession(): CabinetSession {
    const s = sim.control.sessions.create(EMAIL, sim.control.clock.now(), 3_600_000);
    return {
      cookies: [
        { name: 'mc-session', value: s.token, domain: '127.0.0.1', path: '/', expires: -1 },
        { name: 'mc-sid', value: s.sid, domain: '127.0.0.1', path: '/', expires: -1 },
      ],
    };
  }

  const body = (price: number) => pricefeedBody({ merchantUid: UID, sku: 'SKU-1', model: 'Kettle', basePrice: price, points: [{ point: 'PP1', available: true, preorderDays: 2 }] });
  const client = (writes: RateBudget) => new PricefeedClient(runner, mc, writes, { banPauseMs: 60_000 });
  const budget = () => new RateBudget(new MemoryBudgetStore(), 'cabinet-writes', { ratePerSecond: 20, burst: 1 });

  before(async () => {
    sim = await startSimulator({
      clock: 'real',
      ingestDelayMs: 0,
      world: {
        merchants: [],
        products: [{ id: '500', title: 'Kettle' }],
        listings: [],
        ownMerchants: [{ uid: UID, name: 'Shop', points: [{ name: 'PP1', cityId: '750000000' }], offers: [{ sku: 'SKU-1', productId: '500', model: 'Kettle', price: 1000 }] }],
        accounts: [{ email: EMAIL, password: 'x', merchants: [UID] }],
      },
    });
    dispatchers = new ProxyDispatchers();
    mc = new McClient({ baseUrl: sim.urls.mc, timeoutMs: 3000 }, dispatchers);
    session = newSession();
  });
  after(async () => {
    await dispatchers?.close();
    await sim?.close();
  });

  const appliedPrice = async () => (await simControl(sim, 'GET', `/merchants/${UID}/prices?sku=SKU-1`)).offers[0];

  test('pushes the body; Kaspi applies it', async () => {
    await client(budget()).push({ storeId: 's', merchantId: UID }, body(1200));
    const offer = await appliedPrice();
    assert.equal(offer.price, 1200);
    assert.deepEqual(offer.availabilities.PP1, { available: true, stockCount: 1, preOrder: 2 });
  });

  test('a dead session is renewed and the call retried, each attempt taking a budget slot', async () => {
    await simControl(sim, 'POST', '/sessions/expire', { email: EMAIL });
    const writes = budget();
    let taken = 0;
    const take = writes.take.bind(writes);
    writes.take = async (key, wait) => {
      taken++;
      return take(key, wait);
    };
    await client(writes).push({ storeId: 's', merchantId: UID }, body(1250));
    assert.equal(renewals, 1);
    assert.equal(taken, 2);
    assert.equal((await appliedPrice()).price, 1250);
  });

  test('429: McClient reports KaspiRateLimitedError; the client pauses the merchant and says so', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'mc.pricefeed', kind: 'status', status: 429, times: 1 });
    await assert.rejects(mc.call(session, 'POST', '/pricefeed/upload/merchant/process', body(1300)), (err: unknown) => err instanceof KaspiRateLimitedError && err instanceof KaspiError);

    await simControl(sim, 'POST', '/faults', { route: 'mc.pricefeed', kind: 'status', status: 429, times: 1 });
    const writes = budget();
    await assert.rejects(client(writes).push({ storeId: 's', merchantId: UID }, body(1300)), (err: unknown) => err instanceof PricefeedRateLimitedError && err.pausedForMs === 60_000);
    assert.ok((await writes.pausedForMs(UID)) > 59_000);
    await assert.rejects(client(writes).push({ storeId: 's', merchantId: UID }, body(1300)), (err: unknown) => err instanceof BudgetExhaustedError && err.reason === 'paused');
    assert.equal(await writes.pausedForMs('someone-else'), 0, 'only that merchant pauses');
    assert.equal((await appliedPrice()).price, 1250);
  });

  test("Kaspi's refusals are KaspiErrors; a body for another merchant is a bug, caught before any call", async () => {
    const bad = { ...body(1400), sku: 'NO-SUCH-SKU' };
    await assert.rejects(client(budget()).push({ storeId: 's', merchantId: UID }, bad), (err: unknown) => err instanceof KaspiError && /400/.test(err.detail));
    await assert.rejects(client(budget()).push({ storeId: 's', merchantId: '999' }, body(1400)), /not 999/);
  });
});
