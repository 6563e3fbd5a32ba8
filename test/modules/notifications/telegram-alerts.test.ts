// Alerts to Telegram end to end: the API, the jobs on BullMQ/Redis, PostgreSQL, and grammY talking to
// a fake Bot API (long polling, sendMessage, button presses).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createProduct, createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { type FakeTelegram, type SentMessage, startFakeTelegram } from '../../helpers/fake-telegram.ts';
import { waitFor } from '../../helpers/wait.ts';

let t: TestApp;
let tg: FakeTelegram;
let chatCounter = 5000;

/** Links a fresh chat to the user through the API's code and the bot's /start; returns the chat id. */
async function linkChat(user: TestUser): Promise<string> {
  const chatId = ++chatCounter;
  const res = await t.app.inject({ url: '/api/v1/notifications/telegram/link/', headers: user.headers });
  assert.equal(res.statusCode, 200, res.body);
  const link = res.json() as { code: string; deep_link: string };
  tg.sendStart(chatId, link.code);
  await waitFor(() => tg.sent.find((m) => m.chat_id === String(chatId) && m.text.includes('Чат подключён')), { what: 'the link confirmation', timeoutMs: 15_000 });
  return String(chatId);
}

const messagesTo = (chatId: string) => tg.sent.filter((m) => m.chat_id === chatId);
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hhmm = (date: Date) => new Date(date.getTime() + 5 * 3_600_000).toISOString().slice(11, 16);

const redisPrefix = `test-notify-${process.pid}`;
const env = (tg: FakeTelegram) => ({
  TELEGRAM_BOT_TOKEN: tg.token,
  TELEGRAM_API_ROOT: tg.apiRoot,
  TELEGRAM_POLL_SECONDS: '1',
  NOTIFY_GROUP_SECONDS: '1',
  NOTIFY_RETRY_SECONDS: '0.2,0.2',
  WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
  DEMPER_RUN: 'false',
});

before(async () => {
  tg = await startFakeTelegram();
  t = await startTestApp({
    redis: true,
    redisPrefix,
    env: {
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_POLL_SECONDS: '1',
      NOTIFY_GROUP_SECONDS: '1',
      NOTIFY_RETRY_SECONDS: '0.2,0.2',
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
      DEMPER_RUN: 'false',
    },
  });
  await t.container.startWorkers();
});

after(async () => {
  await t?.close();
  await tg?.close();
});

describe('linking a Telegram chat', () => {
  test('the one-time code of the deep link links the chat, once; the code is stored hashed', async () => {
    const user = await registerUser(t.app);
    const res = await t.app.inject({ url: '/api/v1/notifications/telegram/link/', headers: user.headers });
    assert.equal(res.statusCode, 200, res.body);
    const link = res.json() as { linked: boolean; chat: unknown; code: string; deep_link: string; bot_username: string; expires_at: string };
    assert.equal(link.linked, false);
    assert.equal(link.chat, null);
    assert.equal(link.deep_link, `https://t.me/${tg.botUsername}?start=${link.code}`);
    assert.match(link.code, /^[A-Za-z0-9_-]{16,64}$/);
    assert.ok(new Date(link.expires_at).getTime() > Date.now());
    const stored = await t.sql<{ code_hash: string }>('select code_hash from telegram_link_codes where user_id = $1', [user.id]);
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]!.code_hash, link.code);

    tg.sendStart(7001, link.code, 'aigerim_shop');
    await waitFor(() => tg.sent.find((m) => m.chat_id === '7001' && m.text.includes('Чат подключён')), { what: 'the confirmation', timeoutMs: 15_000 });
    const after = (await t.app.inject({ url: '/api/v1/notifications/telegram/link/', headers: user.headers })).json() as { linked: boolean; chat: { username: string } };
    assert.equal(after.linked, true);
    assert.equal(after.chat.username, 'aigerim_shop');

    // The used code links nothing else: another chat sending it is told to open the app's link.
    tg.sendStart(7002, link.code);
    await waitFor(() => tg.sent.find((m) => m.chat_id === '7002'), { what: 'the refusal', timeoutMs: 15_000 });
    assert.doesNotMatch(tg.sent.find((m) => m.chat_id === '7002')!.text, /подключён/);
    const chats = await t.sql<{ chat_id: string }>('select chat_id from telegram_chats where user_id = $1', [user.id]);
    assert.deepEqual(
      chats.map((c) => c.chat_id),
      ['7001'],
    );

    const unlinked = await t.app.inject({ method: 'DELETE', url: '/api/v1/notifications/telegram/', headers: user.headers });
    assert.equal(unlinked.statusCode, 204);
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/notifications/telegram/', headers: user.headers })).statusCode, 404);
  });
});

describe('alerts reach the right chat', () => {
  test("each user's alert goes to that user's chat only", async () => {
    const alice = await registerUser(t.app);
    const bob = await registerUser(t.app);
    const aliceShop = await createStore(t.app, alice, { name: 'Alice Electronics' });
    const bobShop = await createStore(t.app, bob, { name: 'Bob Phones' });
    const [aliceChat, bobChat] = [await linkChat(alice), await linkChat(bob)];
    const { alerts } = t.container.services;
    await alerts.raise({ userId: alice.id, storeId: aliceShop.id, kind: 'sync_failed', data: { error: 'Kaspi answered 502.' } });
    await alerts.raise({ userId: bob.id, storeId: bobShop.id, kind: 'sync_failed', data: { error: 'Kaspi timed out.' } });
    const toAlice = await waitFor(() => messagesTo(aliceChat).find((m) => m.text.includes('Синхронизация')), { what: "Alice's alert", timeoutMs: 15_000 });
    const toBob = await waitFor(() => messagesTo(bobChat).find((m) => m.text.includes('Синхронизация')), { what: "Bob's alert", timeoutMs: 15_000 });
    assert.match(toAlice.text, /Alice Electronics/);
    assert.match(toAlice.text, /Kaspi answered 502/);
    assert.match(toBob.text, /Bob Phones/);
    assert.equal(toAlice.parse_mode, 'HTML');
    for (const m of messagesTo(aliceChat)) assert.doesNotMatch(m.text, /Bob Phones|timed out/);
    for (const m of messagesTo(bobChat)) assert.doesNotMatch(m.text, /Alice Electronics|502/);

    // What went where is listed, to its owner only.
    const list = (await t.app.inject({ url: '/api/v1/notifications/deliveries/?channel=telegram', headers: alice.headers })).json() as {
      count: number;
      results: { store_id: string; status: string; kinds: string[] }[];
    };
    assert.equal(list.count, 1);
    assert.equal(list.results[0]!.store_id, aliceShop.id);
    assert.deepEqual(list.results[0]!.kinds, ['sync_failed']);
    await waitFor(async () => {
      const rows = (await t.app.inject({ url: '/api/v1/notifications/deliveries/', headers: alice.headers })).json() as { results: { status: string }[] };
      return rows.results[0]?.status === 'sent' ? true : undefined;
    });
  });

  test('a kind switched off for one shop is not sent for it, and still is for the other shop', async () => {
    const user = await registerUser(t.app);
    const quiet = await createStore(t.app, user, { name: 'Quiet Shop' });
    const loud = await createStore(t.app, user, { name: 'Loud Shop' });
    const chat = await linkChat(user);
    const patch = await t.app.inject({ method: 'PATCH', url: '/api/v1/notifications/settings/', headers: user.headers, payload: { stores: { [quiet.id]: { sync_failed: false } } } });
    assert.equal(patch.statusCode, 200, patch.body);
    const settings = patch.json() as { kinds: Record<string, boolean>; stores: Record<string, Record<string, boolean>> };
    assert.equal(settings.kinds['sync_failed'], true, 'still on for the user');
    assert.deepEqual(settings.stores[quiet.id], { sync_failed: false });

    const { alerts } = t.container.services;
    await alerts.raise({ userId: user.id, storeId: quiet.id, kind: 'sync_failed', data: { error: 'E1' } });
    await alerts.raise({ userId: user.id, storeId: loud.id, kind: 'sync_failed', data: { error: 'E2' } });
    await waitFor(() => messagesTo(chat).find((m) => m.text.includes('Loud Shop')), { what: 'the loud shop alert', timeoutMs: 15_000 });
    await settle(1500);
    assert.equal(messagesTo(chat).filter((m) => m.text.includes('Quiet Shop')).length, 0);
    const recorded = await t.sql<{ n: number }>('select count(*)::int as n from notification_alerts where store_id = $1', [quiet.id]);
    assert.equal(recorded[0]!.n, 0, 'an alert switched off is not even recorded');

    // Someone else's shop cannot be configured (it looks like no shop).
    const other = await registerUser(t.app);
    const refused = await t.app.inject({ method: 'PATCH', url: '/api/v1/notifications/settings/', headers: other.headers, payload: { stores: { [quiet.id]: { undercut: false } } } });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().code, 'validation_error');
  });

  test('a burst of alerts for one shop becomes one message', async () => {
    const user = await registerUser(t.app);
    const shop = await createStore(t.app, user, { name: 'Storm Shop' });
    const chat = await linkChat(user);
    const { alerts } = t.container.services;
    const names = ['Чайник', 'Утюг', 'Фен', 'Миксер', 'Блендер'];
    await Promise.all(
      names.map((name, i) =>
        alerts.raise({
          userId: user.id,
          storeId: shop.id,
          kind: 'undercut',
          data: { product_id: `p${i}`, product_name: name, cities: [{ city_id: '750000000', our_price: 12990, competitor_price: 11000, percent: 15.3 }] },
        }),
      ),
    );
    const message = await waitFor(() => messagesTo(chat).find((m) => m.text.includes('Storm Shop')), { what: 'the grouped message', timeoutMs: 15_000 });
    await settle(2000);
    assert.equal(messagesTo(chat).filter((m) => m.text.includes('Storm Shop')).length, 1, 'one message for the storm');
    for (const name of names) assert.match(message.text, new RegExp(name));
    assert.match(message.text, /5 событий/);
    assert.match(message.text, /Алматы/, 'cities by name');
    assert.match(message.text, /12\s990\s₸/, 'prices in tenge, grouped');
  });

  test('alerts raised in quiet hours are held, then sent together when they end', async () => {
    const user = await registerUser(t.app);
    const shop = await createStore(t.app, user, { name: 'Night Shop' });
    const chat = await linkChat(user);
    const now = new Date();
    const quiet = { start: hhmm(new Date(now.getTime() - 3_600_000)), end: hhmm(new Date(now.getTime() + 3_600_000)) };
    const patch = await t.app.inject({ method: 'PATCH', url: '/api/v1/notifications/settings/', headers: user.headers, payload: { quiet_hours: quiet } });
    assert.equal(patch.statusCode, 200, patch.body);
    const { alerts, alertDispatcher } = t.container.services;
    await alerts.raise({ userId: user.id, storeId: shop.id, kind: 'sync_failed', data: { error: 'night 1' } });
    await alerts.raise({ userId: user.id, storeId: shop.id, kind: 'preorder_failed', data: { product_name: 'Лампа', reason: 'night 2' } });

    // The shop's group job waits for the end of the quiet hours, with nothing sent.
    const held = await waitFor(
      async () => {
        const [job] = await t.sql<{ state: string; progress: { held_until?: string } }>("select state, progress from jobs where type = 'notifications.group' and payload->>'user_id' = $1", [user.id]);
        return job?.progress.held_until ? job : undefined;
      },
      { what: 'the held group job', timeoutMs: 15_000 },
    );
    assert.equal(held.state, 'queued');
    const heldUntil = new Date(held.progress.held_until!);
    assert.equal(hhmm(heldUntil), quiet.end);
    assert.ok(Math.abs(heldUntil.getTime() - (now.getTime() + 3_600_000)) < 61_000);
    await settle(1500);
    assert.equal(messagesTo(chat).filter((m) => m.text.includes('Night Shop')).length, 0);

    // The quiet hours end (here: switched off, and the held run comes back): one message with both.
    await t.app.inject({ method: 'PATCH', url: '/api/v1/notifications/settings/', headers: user.headers, payload: { quiet_hours: null } });
    const result = await alertDispatcher.group(user.id, shop.id);
    assert.equal((result as { messages?: number }).messages, 1);
    const message = await waitFor(() => messagesTo(chat).find((m) => m.text.includes('Night Shop')), { what: 'the held message', timeoutMs: 15_000 });
    assert.match(message.text, /night 1/);
    assert.match(message.text, /night 2/);
  });
});

describe('buttons and links in messages', () => {
  test('a proposal has approve and reject buttons; a press is answered by the registered handler as the chat’s user', async () => {
    const user = await registerUser(t.app);
    const shop = await createStore(t.app, user, { name: 'Approve Shop' });
    const chat = await linkChat(user);
    const pressed: { userId: string; data: string }[] = [];
    const { alerts } = t.container.services;
    alerts.onAction('proposal', async (userId, data) => {
      pressed.push({ userId, data });
      return data.includes(':approve:') ? 'Одобрено: цена отправлена' : 'Отклонено';
    });
    const proposalId = '0b8f9f3e-2a6c-4c1e-9a53-5f0b6c2d7e11';
    await alerts.raise({
      userId: user.id,
      storeId: shop.id,
      kind: 'proposal',
      data: { proposal_id: proposalId, product_id: 'p1', product_name: 'Смартфон X', cities: [{ city_id: '710000000', old_price: 150000, new_price: 149990 }] },
    });
    const message: SentMessage = await waitFor(() => messagesTo(chat).find((m) => m.text.includes('Смартфон X')), { what: 'the proposal', timeoutMs: 15_000 });
    assert.match(message.text, /Астана: 150\s000\s₸ → 149\s990\s₸/);
    const buttons = message.reply_markup?.inline_keyboard.flat() ?? [];
    assert.deepEqual(
      buttons.map((b) => b.callback_data),
      [`proposal:approve:${proposalId}`, `proposal:reject:${proposalId}`],
    );

    const callbackId = tg.pressButton(message, `proposal:approve:${proposalId}`);
    const answer = await waitFor(() => tg.answers.find((a) => a.callback_query_id === callbackId), { what: 'the answer', timeoutMs: 15_000 });
    assert.equal(answer.text, 'Одобрено: цена отправлена');
    assert.deepEqual(pressed, [{ userId: user.id, data: `proposal:approve:${proposalId}` }]);
    const edit = await waitFor(() => tg.edits.find((e) => e.message_id === message.message_id), { what: 'the edited message' });
    assert.match(edit.text ?? '', /Одобрено: цена отправлена$/);
    assert.deepEqual(edit.reply_markup, { inline_keyboard: [] }, 'the answered proposal keeps no buttons');
  });

  test('a shop that starts needing a login is told once, with a button to the login step', async () => {
    const user = await registerUser(t.app);
    const shop = await createStore(t.app, user, { name: 'Reauth Shop' });
    const chat = await linkChat(user);
    const { storeSessions } = t.container.services;
    await storeSessions.markNeedsReauth(shop.id, 'Kaspi asks for an SMS code.');
    await storeSessions.markNeedsReauth(shop.id, 'Kaspi asks for an SMS code.');
    const message = await waitFor(() => messagesTo(chat).find((m) => m.text.includes('Reauth Shop')), { what: 'the reauth alert', timeoutMs: 15_000 });
    await settle(1500);
    assert.equal(messagesTo(chat).filter((m) => m.text.includes('Reauth Shop')).length, 1);
    assert.doesNotMatch(message.text, /2 события/, 'the second mark was no transition');
    const button = message.reply_markup?.inline_keyboard[0]?.[0];
    assert.equal(button?.url, `${t.container.config.publicUrl}/shops/link`);
    assert.match(message.text, /SMS/);
  });
});

describe('daily summary', () => {
  test("at the user's hour each shop's day is sent once, whatever the number of ticks", async () => {
    const user = await registerUser(t.app);
    const shop = await createStore(t.app, user, { name: 'Summary Shop' });
    const chat = await linkChat(user);
    const product = await createProduct(t.app, user, shop.id, { price: 5000 });
    await t.sql(
      `insert into price_history (product_id, store_id, city_id, old_price, new_price, source, reason, status, actual_position, created_at)
       values ($1, $2, '750000000', 5000, 4990, 'demper', 'undercut_leader', 'applied', 3, now() - interval '2 hours'),
              ($1, $2, '750000000', 4990, 4980, 'demper', 'undercut_leader', 'pushed', null, now() - interval '1 hour'),
              ($1, $2, '750000000', 6000, 5000, 'demper', 'undercut_leader', 'applied', 1, now() - interval '30 hours')`,
      [product.id, shop.id],
    );
    // Now first where the first verified change of the day left it third: one place won.
    await t.sql('update products set best_place = 1 where id = $1', [product.id]);
    const hour = Number(hhmm(new Date()).slice(0, 2));
    const patch = await t.app.inject({ method: 'PATCH', url: '/api/v1/notifications/settings/', headers: user.headers, payload: { summary_hour: hour } });
    assert.equal(patch.statusCode, 200, patch.body);
    const { dailySummaries } = t.container.services;
    await dailySummaries.tick();
    await dailySummaries.tick();
    const message = await waitFor(() => messagesTo(chat).find((m) => m.text.includes('Итоги дня')), { what: 'the summary', timeoutMs: 15_000 });
    assert.match(message.text, /Summary Shop/);
    assert.match(message.text, /изменений цен — 2/);
    assert.match(message.text, /мест выиграно — 1, потеряно — 0/);
    await settle(1500);
    assert.equal(messagesTo(chat).filter((m) => m.text.includes('Итоги дня')).length, 1);
  });
});

describe('several worker processes', () => {
  test('one of them polls the bot at a time (Telegram refuses a second getUpdates), and linking still works', async () => {
    const second = await startTestApp({ database: t.database, redis: true, redisPrefix, env: env(tg) });
    try {
      await second.container.startWorkers();
      const polls = tg.polls();
      await settle(3000);
      assert.ok(tg.polls() > polls, 'someone polls');
      assert.equal(tg.conflicts(), 0, 'never two pollers at once');
      const user = await registerUser(t.app);
      await linkChat(user);
    } finally {
      await second.stop();
    }
    assert.equal(tg.conflicts(), 0);
  });
});
