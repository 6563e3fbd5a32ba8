import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';

describe('GET /api/v1/jobs/', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let admin: TestUser;
  let storeId: string;
  const ids: Record<string, string> = {};

  const list = (user: TestUser, query = '') => t.app.inject({ url: `/api/v1/jobs/${query}`, headers: user.headers });

  before(async () => {
    // No workers: the jobs stay as written, so their states are the test's to set.
    t = await startTestApp({ env: { RUN_WORKERS: 'false' } });
    alice = await registerUser(t.app);
    bob = await registerUser(t.app);
    admin = await registerUser(t.app);
    await t.sql('update users set is_admin = true where id = $1', [admin.id]);
    storeId = (await createStore(t.app, alice)).id;
    const insert = async (name: string, values: { userId: string; storeId?: string; type: string; state: string; minutesAgo: number }) => {
      const [row] = await t.sql<{ id: string }>(
        `insert into jobs (user_id, store_id, type, state, created_at, updated_at) values ($1, $2, $3, $4, now() - $5::int * interval '1 minute', now()) returning id`,
        [values.userId, values.storeId ?? null, values.type, values.state, values.minutesAgo],
      );
      ids[name] = row!.id;
    };
    await insert('oldSync', { userId: alice.id, storeId, type: 'catalogue.sync', state: 'completed', minutesAgo: 30 });
    await insert('ping', { userId: alice.id, type: 'system.ping', state: 'failed', minutesAgo: 20 });
    await insert('newSync', { userId: alice.id, storeId, type: 'catalogue.sync', state: 'running', minutesAgo: 10 });
    await insert('bobs', { userId: bob.id, type: 'system.ping', state: 'completed', minutesAgo: 5 });
  });
  after(() => t.close());

  test("a page of the caller's jobs, newest first, with the store and the last change", async () => {
    const res = await list(alice);
    assert.equal(res.statusCode, 200);
    const page = res.json();
    assert.equal(page.count, 3);
    assert.equal(page.next, null);
    assert.deepEqual(
      page.results.map((j: { id: string }) => j.id),
      [ids['newSync'], ids['ping'], ids['oldSync']],
    );
    assert.equal(page.results[0].store_id, storeId);
    assert.equal(page.results[1].store_id, null);
    assert.match(page.results[0].updated_at, /^\d{4}-\d\d-\d\dT/);
  });

  test('filters: store_id, state, type; paging', async () => {
    const ofStore = (await list(alice, `?store_id=${storeId}`)).json();
    assert.deepEqual(
      ofStore.results.map((j: { id: string }) => j.id),
      [ids['newSync'], ids['oldSync']],
    );
    const running = (await list(alice, '?state=running')).json();
    assert.deepEqual(
      running.results.map((j: { id: string }) => j.id),
      [ids['newSync']],
    );
    const pings = (await list(alice, '?type=system.ping')).json();
    assert.deepEqual(
      pings.results.map((j: { id: string }) => j.id),
      [ids['ping']],
    );
    const first = (await list(alice, '?page_size=2')).json();
    assert.equal(first.count, 3);
    assert.equal(first.results.length, 2);
    assert.match(first.next, /page=2/);
    const bad = await list(alice, '?state=sleeping');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'validation_error');
  });

  test("another user's jobs stay out of sight; an admin reads anyone's with user_id", async () => {
    const bobs = (await list(bob)).json();
    assert.deepEqual(
      bobs.results.map((j: { id: string }) => j.id),
      [ids['bobs']],
    );
    const snoop = await list(bob, `?user_id=${alice.id}`);
    assert.equal(snoop.statusCode, 403);
    const asAdmin = (await list(admin, `?user_id=${alice.id}`)).json();
    assert.equal(asAdmin.count, 3);
    assert.equal((await list(admin)).json().count, 0, "an admin's own list is their own jobs");
  });
});
