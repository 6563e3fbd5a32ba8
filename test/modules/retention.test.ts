import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../helpers/app.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * What a deployment keeps of its own history: finished jobs (JOB_RETENTION_DAYS), alerts with their
 * deliveries (NOTIFY_RETENTION_DAYS) and the demper's per-minute counts (a day) are deleted by the
 * workers, so those tables stop growing; what is still on its way is never deleted.
 */
describe('retention', () => {
  let t: TestApp;
  let user: TestUser;
  let storeId: string;

  before(async () => {
    t = await startTestApp({ env: { JOB_RETENTION_DAYS: '30', NOTIFY_RETENTION_DAYS: '90' } });
    user = await registerUser(t.app);
    storeId = (await createStore(t.app, user)).id;
  });
  after(() => t.close());

  const ago = (days: number) => `now() - interval '${days} days'`;
  const ids = async (table: string) => (await t.sql<{ id: string }>(`select id from ${table}`)).map((r) => r.id).sort();

  test('workers delete old finished jobs, old alerts and deliveries, and day-old demper counts; nothing still on its way', async () => {
    const job = async (state: string, days: number) =>
      (
        await t.sql<{ id: string }>(
          // A running job holds its lease (another worker runs it), so the workers started here leave it be.
          `insert into jobs (user_id, type, state, lease_until, created_at, updated_at) values ($1, 'system.ping', $2, now() + interval '1 hour', ${ago(days)}, now()) returning id`,
          [user.id, state],
        )
      )[0]!.id;
    const oldCompleted = await job('completed', 31);
    const oldFailed = await job('failed', 45);
    const oldRunning = await job('running', 45); // not finished: kept, whatever its age
    const recent = await job('completed', 29);

    const alert = async (telegram: string, days: number) =>
      (
        await t.sql<{ id: string }>(`insert into notification_alerts (user_id, store_id, kind, telegram, created_at) values ($1, $2, 'undercut', $3, ${ago(days)}) returning id`, [
          user.id,
          storeId,
          telegram,
        ])
      )[0]!.id;
    const oldAlert = await alert('grouped', 91);
    const oldWaiting = await alert('waiting', 91); // its message has not gone yet
    const recentAlert = await alert('grouped', 89);
    const delivery = async (status: string, days: number) =>
      (
        await t.sql<{ id: string }>(
          `insert into notification_deliveries (user_id, store_id, channel, alert_ids, kinds, status, created_at, updated_at) values ($1, $2, 'webhook', '[]', '["undercut"]', $3, ${ago(days)}, now()) returning id`,
          [user.id, storeId, status],
        )
      )[0]!.id;
    const oldSent = await delivery('sent', 100);
    const oldFailedDelivery = await delivery('failed', 91);
    const oldPending = await delivery('pending', 91); // still to be retried
    const recentDelivery = await delivery('failed', 89);

    await t.sql(`insert into demper_stats (store_id, minute, checks) values ($1, date_trunc('minute', now() - interval '25 hours'), 7), ($1, date_trunc('minute', now() - interval '2 hours'), 3)`, [
      storeId,
    ]);

    await t.container.startWorkers();

    await waitFor(async () => ((await ids('jobs')).length === 2 ? true : undefined), { what: 'the old finished jobs deleted', timeoutMs: 15_000 });
    assert.deepEqual(await ids('jobs'), [oldRunning, recent].sort());
    await waitFor(async () => ((await ids('notification_deliveries')).length === 2 ? true : undefined), { what: 'the old deliveries deleted', timeoutMs: 15_000 });
    assert.deepEqual(await ids('notification_deliveries'), [oldPending, recentDelivery].sort());
    assert.deepEqual(await ids('notification_alerts'), [oldWaiting, recentAlert].sort());
    // The repricer's first stats flush (every 5 s) prunes them.
    await waitFor(async () => ((await t.sql('select 1 from demper_stats')).length === 1 ? true : undefined), { what: 'the day-old demper counts deleted', timeoutMs: 20_000 });
    const [kept] = await t.sql<{ checks: number }>('select checks from demper_stats');
    assert.equal(kept?.checks, 3, "the last hours' counts stay: the status reads them");
    for (const gone of [oldCompleted, oldFailed, oldAlert, oldSent, oldFailedDelivery]) assert.ok(gone);
  });
});
