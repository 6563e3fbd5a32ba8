import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ProxyAgent, request } from 'undici';
import { type EgressProxyPool, startEgressProxies } from '../../../sim/proxy/egress-proxy.ts';
import type { RunningSimulator } from '../../../sim/server.ts';
import { MemoryBudgetStore } from '../../../src/infra/budget/memory-budget-store.ts';
import { RateBudget } from '../../../src/infra/budget/rate-budget.ts';
import { ProxyDispatchers } from '../../../src/infra/http/proxy-dispatchers.ts';
import { ProxyAddressPolicy } from '../../../src/infra/http/proxy-guard.ts';
import { StorefrontClient } from '../../../src/kaspi/storefront-client.ts';
import { simControl, startTestSim } from '../../helpers/sim.ts';
import { tinyWorld } from '../../helpers/sim-worlds.ts';

describe('egress proxy pool', () => {
  let sim: RunningSimulator;
  let proxies: EgressProxyPool;
  let dispatchers: ProxyDispatchers;
  let storefront: StorefrontClient;
  const agents: ProxyAgent[] = [];

  before(async () => {
    sim = await startTestSim({ world: tinyWorld() });
    proxies = await startEgressProxies(2);
    dispatchers = new ProxyDispatchers({ pool: proxies.urls, policy: new ProxyAddressPolicy({ allowedNetworks: ['127.0.0.0/8'] }) });
    const budget = new RateBudget(new MemoryBudgetStore(), 'storefront-reads', { ratePerSecond: 1000, burst: 100 });
    storefront = new StorefrontClient({ baseUrl: sim.urls.shop, timeoutMs: 5000, banPauseMs: 1000 }, dispatchers, budget);
  });
  after(async () => {
    await Promise.all(agents.map((a) => a.close()));
    await dispatchers?.close();
    await proxies?.close();
    await sim?.close();
  });
  beforeEach(async () => {
    await simControl(sim, 'DELETE', '/bans');
    await simControl(sim, 'DELETE', '/requests');
    await simControl(sim, 'PATCH', '/limits', { storefront: { enabled: true, limit: 15 } });
  });

  /** A raw storefront read through one proxy, status only. */
  async function readThrough(proxyUrl: string): Promise<number> {
    const agent = new ProxyAgent(proxyUrl);
    agents.push(agent);
    const res = await request(`${sim.urls.shop}/yml/offer-view/offers/500`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ cityId: '750000000', id: '500', limit: 64, page: 0 }),
    });
    await res.body.dump();
    return res.statusCode;
  }

  it('gives each proxy its own loopback egress address', () => {
    assert.deepEqual(proxies.egressAddresses, ['127.0.0.2', '127.0.0.3']);
    assert.equal(new Set(proxies.urls).size, 2);
    for (const url of proxies.urls) assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("the simulator sees the project's storefront reads through two proxies as two client IPs", async () => {
    const a = await storefront.offers('500', '750000000', proxies.urls[0]);
    const b = await storefront.offers('500', '750000000', proxies.urls[1]);
    assert.equal(a.offers.length, 5);
    assert.deepEqual(
      b.offers.map((o) => o.price),
      a.offers.map((o) => o.price),
    );
    const log = await simControl<{ requests: { ip: string; status: number }[] }>(sim, 'GET', '/requests?route=storefront.offers');
    assert.deepEqual(
      log.requests.map((r) => r.ip),
      ['127.0.0.2', '127.0.0.3'],
    );
    assert.ok(log.requests.every((r) => r.status === 200));
  });

  it('one IP over its limit is banned; the other proxy keeps reading', async () => {
    await simControl(sim, 'PATCH', '/limits', { storefront: { limit: 3 } });
    // The clock stands still, so all four reads fall in one window: the fourth is the offence.
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await readThrough(proxies.urls[0]!));
    assert.deepEqual(first, [200, 200, 200, 403]);
    assert.equal(await readThrough(proxies.urls[0]!), 403, 'the first IP stays banned');
    assert.equal(await readThrough(proxies.urls[1]!), 200, 'the second IP is not');
    await assert.rejects(storefront.offers('500', '750000000', proxies.urls[0]), /403/);
    assert.equal((await storefront.offers('500', '750000000', proxies.urls[1])).offers.length, 5);

    const bans = await simControl<{ counts: { storefront: number }; active: { kind: string; key: string }[] }>(sim, 'GET', '/bans');
    assert.equal(bans.counts.storefront, 1);
    assert.deepEqual(
      bans.active.map((b) => [b.kind, b.key]),
      [['storefront', 'ip:127.0.0.2']],
    );
    const log = await simControl<{ requests: { ip: string; status: number }[] }>(sim, 'GET', '/requests?route=storefront.offers');
    assert.deepEqual([...new Set(log.requests.filter((r) => r.status === 403).map((r) => r.ip))], ['127.0.0.2']);
    assert.ok(log.requests.filter((r) => r.ip === '127.0.0.3').every((r) => r.status === 200));
  });

  it('answers 502 to a CONNECT whose target does not listen, and close() ends open tunnels', async () => {
    const extra = await startEgressProxies(1);
    const agent = new ProxyAgent(extra.urls[0]!);
    agents.push(agent);
    await assert.rejects(request('http://127.0.0.1:1/', { dispatcher: agent }));
    // An idle keep-alive tunnel to the simulator is open after this read; close() must not wait for it.
    const res = await request(`${sim.urls.shop}/yml/offer-view/offers/500`, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json' }, body: '{"cityId":"750000000"}' });
    await res.body.dump();
    assert.equal(res.statusCode, 200);
    const started = Date.now();
    await extra.close();
    assert.ok(Date.now() - started < 2000, 'close() does not wait for idle tunnels');
  });
});
