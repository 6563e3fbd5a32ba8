import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../sim/server.ts';
import { startTestSim } from '../../helpers/sim.ts';

const DAY = 24 * 3600_000;

describe('Shop API v2 orders', () => {
  let sim: RunningSimulator;
  let now: number;
  before(async () => {
    sim = await startTestSim({ world: { seed: 5, products: 50, ownOffers: 20, orders: 60 } });
    now = sim.control.clock.now();
  });
  after(() => sim.close());

  const get = (query: string, headers: Record<string, string>) => fetch(`${sim.urls.api}/orders?${query}`, { headers });
  const auth = { 'x-auth-token': 'sim-token-30141222', 'content-type': 'application/vnd.api+json', accept: 'application/vnd.api+json' };
  const window = (days: number) => `page[number]=0&page[size]=100&filter[orders][creationDate][$ge]=${now - days * DAY}&filter[orders][creationDate][$le]=${now}`;

  it('answers an HTML 404 without Accept: application/vnd.api+json', async () => {
    const res = await get(window(7), { 'x-auth-token': auth['x-auth-token'], accept: 'application/json' });
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.equal((await get(window(7), { 'x-auth-token': auth['x-auth-token'] })).status, 404);
  });

  it('answers 401 without a valid X-Auth-Token', async () => {
    assert.equal((await get(window(7), { accept: auth.accept })).status, 401);
    assert.equal((await get(window(7), { ...auth, 'x-auth-token': 'wrong' })).status, 401);
  });

  it('returns JSON:API order documents inside the window, filtered by state', async () => {
    const res = await get(window(14), auth);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/vnd\.api\+json/);
    const doc = (await res.json()) as any;
    assert.ok(doc.data.length > 0);
    assert.equal(doc.meta.totalCount, doc.data.length);
    for (const o of doc.data) {
      assert.equal(o.type, 'orders');
      assert.ok(o.attributes.creationDate >= now - 14 * DAY && o.attributes.creationDate <= now);
    }
    const onlyNew = (await (await get(`${window(14)}&filter[orders][state]=NEW`, auth)).json()) as any;
    assert.ok(onlyNew.data.every((o: any) => o.attributes.state === 'NEW'));
    assert.ok(onlyNew.data.length < doc.data.length);
    const entries = await fetch(`${sim.urls.api}/orders/${doc.data[0].id}/entries`, { headers: auth });
    assert.equal(((await entries.json()) as any).data[0].type, 'orderentries');
  });

  it('refuses a creation window over 14 days with 400', async () => {
    const res = await get(window(15), auth);
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as any).errors[0].status, '400');
  });

  it('does not answer data calls from non-Kazakhstani IPs when an allow-list is set', async () => {
    const res = await fetch(`${sim.controlUrl}/limits`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shopApiAllowedIps: ['10.77.0.1'] }) });
    assert.equal(res.status, 200);
    try {
      const kz = await fetch(`${sim.urls.api}/orders?${window(7)}`, { headers: { ...auth, 'x-forwarded-for': '10.77.0.1' } });
      assert.equal(kz.status, 200);
      await assert.rejects(
        fetch(`${sim.urls.api}/orders?${window(7)}`, { headers: { ...auth, 'x-forwarded-for': '8.8.8.8' }, signal: AbortSignal.timeout(300) }),
        (err: Error) => err.name === 'TimeoutError',
      );
    } finally {
      await fetch(`${sim.controlUrl}/limits`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shopApiAllowedIps: null }) });
    }
  });
});
