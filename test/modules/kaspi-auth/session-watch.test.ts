import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSimulator } from '../../../sim/server.ts';
import type { BrowserPool } from '../../../src/infra/browser/browser-pool.ts';
import { registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { addAccount, passwordLoginsSince, simControl, simSeq, startTestSim } from '../../helpers/sim.ts';
import { linkingWorld, PASSWORD } from '../../helpers/sim-worlds.ts';
import { waitFor } from '../../helpers/wait.ts';

// A dead session is noticed without any cabinet work for the shop: by the session watch in the
// workers, or by the session endpoint, which starts the renewal instead of just reporting it.
describe('dead sessions are noticed and handled at once', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let watched: TestApp;
  let unwatched: TestApp;
  before(async () => {
    sim = await startTestSim({ world: linkingWorld() });
    pool = sharedBrowserPool(2);
    // No scheduled sync: nothing but the watch (or the endpoint) may find the dead sessions.
    watched = await startTestApp({ sim, browserPool: pool, env: { SESSION_WATCH_SECONDS: '1', SYNC_INTERVAL_HOURS: '0' } });
    await watched.container.startWorkers();
    unwatched = await startTestApp({ sim, browserPool: pool, env: { SESSION_WATCH_SECONDS: '0', SYNC_INTERVAL_HOURS: '0' } });
  });
  after(async () => {
    await watched?.close();
    await unwatched?.close();
    await pool?.close();
    await sim?.close();
  });

  async function link(t: TestApp, user: TestUser, merchant: number) {
    const account = await addAccount(sim, [merchant]);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/kaspi/auth/authenticate/', headers: user.headers, payload: { email: account.email, password: PASSWORD } });
    assert.equal(res.statusCode, 200, res.body);
    return { account, storeId: res.json().store_id as string };
  }

  const sessionOf = async (t: TestApp, user: TestUser, storeId: string) => {
    const res = await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/session/`, headers: user.headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  const versionOf = async (t: TestApp, storeId: string) => (await t.sql<{ session_version: number }>('select session_version from kaspi_stores where id = $1', [storeId]))[0]!.session_version;

  /** A password shop and a shop whose account Kaspi now asks for SMS codes, both with dead sessions. */
  async function twoDeadShops(t: TestApp, merchants: [number, number]) {
    const user = await registerUser(t.app);
    const password = await link(t, user, merchants[0]);
    const sms = await link(t, user, merchants[1]);
    await simControl(sim, 'PUT', '/accounts', { ...sms.account, smsRequired: true });
    const versions = [await versionOf(t, password.storeId), await versionOf(t, sms.storeId)] as const;
    const since = await simSeq(sim);
    await simControl(sim, 'POST', '/sessions/expire', { email: password.account.email });
    await simControl(sim, 'POST', '/sessions/expire', { email: sms.account.email });
    return { user, password, sms, versions, since };
  }

  test('the watch renews the password shop and marks the SMS shop needs_reauth, one login each', async () => {
    const { user, password, sms, versions, since } = await twoDeadShops(watched, [1, 2]);
    const started = Date.now();
    await waitFor(async () => ((await versionOf(watched, password.storeId)) > versions[0] ? true : undefined), { timeoutMs: 60_000, intervalMs: 200, what: 'the renewal' });
    const status = await waitFor(
      async () => {
        const s = await sessionOf(watched, user, sms.storeId);
        return s.needs_reauth ? s : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'needs_reauth' },
    );
    assert.match(status.reason, /SMS/);
    assert.equal(status.is_valid, false);
    assert.equal(status.renewing, false, 'a store waiting for its user has nothing under way');
    const renewed = await sessionOf(watched, user, password.storeId);
    assert.deepEqual([renewed.is_valid, renewed.needs_reauth, renewed.renewing], [true, false, false]);
    assert.equal(await passwordLoginsSince(sim, since, password.account.email), 1);
    assert.equal(await passwordLoginsSince(sim, since, sms.account.email), 1);
    assert.equal(await versionOf(watched, sms.storeId), versions[1]);
    // A few more watch periods: the SMS shop is not tried again, the renewed one stays renewed.
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal(await passwordLoginsSince(sim, since, password.account.email), 1);
    assert.equal(await passwordLoginsSince(sim, since, sms.account.email), 1);
    assert.ok(Date.now() - started < 60_000);
  });

  test('with the watch off, the session endpoint starts the renewal and says so', async () => {
    const { user, password, sms, versions, since } = await twoDeadShops(unwatched, [3, 4]);
    const first = await sessionOf(unwatched, user, password.storeId);
    assert.deepEqual([first.is_valid, first.renewing, first.needs_reauth], [false, true, false]);
    const smsFirst = await sessionOf(unwatched, user, sms.storeId);
    assert.deepEqual([smsFirst.is_valid, smsFirst.renewing], [false, true]);

    // Asking again and again while the renewals run starts no second login.
    const renewed = await waitFor(
      async () => {
        const s = await sessionOf(unwatched, user, password.storeId);
        return s.is_valid ? s : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the renewed session' },
    );
    assert.deepEqual([renewed.needs_reauth, renewed.renewing], [false, false]);
    assert.equal(await versionOf(unwatched, password.storeId), versions[0] + 1);
    const status = await waitFor(
      async () => {
        const s = await sessionOf(unwatched, user, sms.storeId);
        return s.needs_reauth ? s : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'needs_reauth' },
    );
    assert.match(status.reason, /SMS/);
    assert.equal(status.renewing, false);
    assert.equal(await passwordLoginsSince(sim, since, password.account.email), 1);
    assert.equal(await passwordLoginsSince(sim, since, sms.account.email), 1);
  });
});
