// Webhooks for integrators: signed deliveries checked by a receiver written apart from the sender,
// retries with backoff, a failure reported on Telegram and listed; SSRF refusals; Telegram off.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { createStore, registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { type FakeTelegram, startFakeTelegram } from '../../helpers/fake-telegram.ts';
import { waitFor } from '../../helpers/wait.ts';
import { receiverAccepts, startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.ts';

let t: TestApp;
let tg: FakeTelegram;
let receiver: WebhookReceiver;

before(async () => {
  [tg, receiver] = await Promise.all([startFakeTelegram(), startWebhookReceiver()]);
  t = await startTestApp({
    redis: true,
    env: {
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_POLL_SECONDS: '1',
      NOTIFY_GROUP_SECONDS: '0.5',
      NOTIFY_RETRY_SECONDS: '0.3,0.3',
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
      DEMPER_RUN: 'false',
    },
  });
  await t.container.startWorkers();
});

after(async () => {
  await t?.close();
  await Promise.all([tg?.close(), receiver?.close()]);
});

async function addWebhook(user: TestUser, body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/webhooks/', headers: user.headers, payload: body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; url: string; events: string[]; enabled: boolean; secret: string };
}

interface DeliveryView {
  id: string;
  channel: string;
  status: string;
  attempts: number;
  last_error: string | null;
  last_error_code: string | null;
  last_error_detail: string | null;
  target: string | null;
  kinds: string[];
  sent_at: string | null;
}

async function deliveries(user: TestUser, query = ''): Promise<DeliveryView[]> {
  const res = await t.app.inject({ url: `/api/v1/notifications/deliveries/${query}`, headers: user.headers });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { results: DeliveryView[] }).results;
}

describe('webhooks', () => {
  test('a delivery is signed; the receiver verifies it and refuses a replay', async () => {
    const user = await registerUser(t.app);
    const shop = await createStore(t.app, user, { name: 'Hook Shop' });
    const hook = await addWebhook(user, { url: receiver.url, events: ['sync_failed', 'undercut'] });
    assert.match(hook.secret, /^whsec_/);
    receiver.secret = hook.secret;
    receiver.status = 200;
    const listed = (await t.app.inject({ url: '/api/v1/notifications/webhooks/', headers: user.headers })).json() as Record<string, unknown>[];
    assert.equal(listed.length, 1);
    assert.equal(listed[0]!['secret'], undefined, 'the secret is shown once, on create');
    const [sealed] = await t.sql<{ secret_encrypted: string }>('select secret_encrypted from notification_webhooks where id = $1', [hook.id]);
    assert.ok(!sealed!.secret_encrypted.includes(hook.secret), 'sealed at rest');

    const before = receiver.received.length;
    const { alerts } = t.container.services;
    await alerts.raise({ userId: user.id, storeId: shop.id, kind: 'sync_failed', data: { error: 'Kaspi answered 502.' } });
    // A kind the webhook did not ask for is not sent to it.
    await alerts.raise({ userId: user.id, storeId: shop.id, kind: 'store_paused', data: { until: new Date().toISOString(), error: '429' } });
    const got = await waitFor(() => receiver.received.slice(before).find((r) => r.json['kind'] === 'sync_failed'), { what: 'the delivery', timeoutMs: 15_000 });
    assert.equal(got.verified, true);
    assert.deepEqual(Object.keys(got.json).sort(), ['created_at', 'data', 'id', 'kind', 'store_id', 'user_id']);
    assert.equal(got.json['store_id'], shop.id);
    assert.equal(got.json['user_id'], user.id);
    assert.deepEqual(got.json['data'], { error: 'Kaspi answered 502.' });
    assert.match(got.signature ?? '', /^t=\d+,v1=[0-9a-f]{64}$/);
    // The same body and signature replayed six minutes later, or with one byte changed, is refused.
    assert.equal(receiverAccepts(hook.secret, got.body, got.signature, Date.now() / 1000 + 360), false);
    assert.equal(receiverAccepts(hook.secret, got.body.replace('502', '503'), got.signature), false);
    assert.equal(receiverAccepts('whsec_wrong', got.body, got.signature), false);

    const sent = await waitFor(async () => (await deliveries(user, '?channel=webhook')).find((d) => d.status === 'sent'), { what: 'the sent delivery' });
    assert.equal(sent.attempts, 1);
    assert.equal(sent.target, receiver.url);
    assert.deepEqual(sent.kinds, ['sync_failed']);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(receiver.received.slice(before).filter((r) => r.json['kind'] === 'store_paused').length, 0);
  });

  test('a failing webhook is retried with backoff, then failed, listed and reported on Telegram', async () => {
    const user = await registerUser(t.app);
    const shop = await createStore(t.app, user, { name: 'Broken Hook Shop' });
    // Telegram linked, so the failure has another channel to be reported on.
    const link = (await t.app.inject({ url: '/api/v1/notifications/telegram/link/', headers: user.headers })).json() as { code: string };
    tg.sendStart(9101, link.code);
    await waitFor(() => tg.sent.find((m) => m.chat_id === '9101'), { what: 'the link', timeoutMs: 15_000 });

    const hook = await addWebhook(user, { url: receiver.url, events: ['undercut'] });
    receiver.secret = hook.secret;
    receiver.status = 500;
    const before = receiver.received.length;
    await t.container.services.alerts.raise({
      userId: user.id,
      storeId: shop.id,
      kind: 'undercut',
      data: { product_id: 'p9', product_name: 'Пылесос', cities: [{ city_id: '750000000', our_price: 90000, competitor_price: 80000, percent: 11.1 }] },
    });
    const failed = await waitFor(async () => (await deliveries(user, '?channel=webhook&status=failed'))[0], { what: 'the failed delivery', timeoutMs: 20_000 });
    assert.equal(failed.attempts, 3, 'the first attempt and two retries (NOTIFY_RETRY_SECONDS)');
    assert.match(failed.last_error ?? '', /HTTP 500/);
    assert.equal(failed.last_error_code, 'webhook_status', 'a code the app says in the seller’s language');
    assert.equal(failed.last_error_detail, 'HTTP 500');
    const attempts = receiver.received.slice(before);
    assert.equal(attempts.length, 3);
    assert.ok(attempts.every((a) => a.verified && a.json['kind'] === 'undercut'));
    assert.equal(new Set(attempts.map((a) => a.json['id'])).size, 1, 'every retry carries the alert id, so a receiver can recognise it');

    const report = await waitFor(() => tg.sent.find((m) => m.chat_id === '9101' && m.text.includes('не доставлено')), { what: 'the report on Telegram', timeoutMs: 15_000 });
    assert.match(report.text, /после всех попыток: вебхук ответил ошибкой \(HTTP 500\)/, 'the reason in the user’s language, not the server’s English');
    assert.ok(report.text.includes(receiver.url));
    // The report never goes back to the webhook that failed.
    assert.equal(receiver.received.slice(before).filter((r) => r.json['kind'] === 'delivery_failed').length, 0);
    receiver.status = 200;
  });

  test('a Telegram outage is retried until Telegram takes the message', async () => {
    const user = await registerUser(t.app);
    const shop = await createStore(t.app, user, { name: 'Flaky Telegram Shop' });
    const link = (await t.app.inject({ url: '/api/v1/notifications/telegram/link/', headers: user.headers })).json() as { code: string };
    tg.sendStart(9201, link.code);
    await waitFor(() => tg.sent.find((m) => m.chat_id === '9201'), { what: 'the link', timeoutMs: 15_000 });
    tg.failNext('sendMessage', 1, 502, 'Bad Gateway');
    await t.container.services.alerts.raise({ userId: user.id, storeId: shop.id, kind: 'sync_failed', data: { error: 'x' } });
    await waitFor(() => tg.sent.find((m) => m.chat_id === '9201' && m.text.includes('Flaky Telegram Shop')), { what: 'the retried message', timeoutMs: 15_000 });
    // The message is out; the delivery row says so right after.
    const delivery = await waitFor(async () => (await deliveries(user, '?channel=telegram&status=sent'))[0], { what: 'the delivery marked sent' });
    assert.equal(delivery.attempts, 2);
    assert.match(delivery.last_error ?? '', /502/, 'the failed attempt is remembered');
    assert.equal(delivery.last_error_code, 'telegram_status');
    assert.equal(delivery.last_error_detail, '502: Bad Gateway');
  });

  test('URLs into private networks, or not http(s), are refused; webhooks are their owner’s only', async () => {
    const user = await registerUser(t.app);
    for (const url of ['http://10.0.0.7/hook', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:8080/x', 'ftp://example.kz/hook', 'http://user:pw@127.0.0.1/x']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/webhooks/', headers: user.headers, payload: { url, events: ['undercut'] } });
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.equal(res.json().code, 'validation_error');
      assert.ok(res.json().fields.url, url);
    }
    const empty = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/webhooks/', headers: user.headers, payload: { url: receiver.url, events: [] } });
    assert.equal(empty.statusCode, 400);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/webhooks/', headers: user.headers, payload: { url: receiver.url, events: ['everything'] } });
    assert.equal(unknown.statusCode, 400);

    const hook = await addWebhook(user, { url: receiver.url, events: ['undercut'] });
    const stranger = await registerUser(t.app);
    for (const method of ['PATCH', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: `/api/v1/notifications/webhooks/${hook.id}/`, headers: stranger.headers, ...(method === 'PATCH' && { payload: { enabled: false } }) });
      assert.equal(res.statusCode, 404, `${method}: ${res.body}`);
    }
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/notifications/webhooks/${hook.id}/`, headers: user.headers, payload: { enabled: false, events: ['undercut', 'proposal'] } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual(patched.json().events, ['undercut', 'proposal']);
    assert.equal(patched.json().enabled, false);
    const refusedUrl = await t.app.inject({ method: 'PATCH', url: `/api/v1/notifications/webhooks/${hook.id}/`, headers: user.headers, payload: { url: 'http://192.168.1.1/' } });
    assert.equal(refusedUrl.statusCode, 400);
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/notifications/webhooks/${hook.id}/`, headers: user.headers })).statusCode, 204);
    assert.deepEqual((await t.app.inject({ url: '/api/v1/notifications/webhooks/', headers: user.headers })).json(), []);
  });
});

describe('without a bot token', () => {
  test('Telegram is off: the link endpoint says so in the error shape, settings show it, webhooks still work', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const off = await startTestApp({ log, env: { NOTIFY_GROUP_SECONDS: '0', WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8', DEMPER_RUN: 'false' } });
    try {
      assert.equal(lines.filter((line) => line.includes('Telegram alerts are off')).length, 1, 'said once, at start');
      const user = await registerUser(off.app);
      const res = await off.app.inject({ url: '/api/v1/notifications/telegram/link/', headers: user.headers });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().code, 'telegram_off');
      assert.match(res.json().detail, /TELEGRAM_BOT_TOKEN/);
      const settings = (await off.app.inject({ url: '/api/v1/notifications/settings/', headers: user.headers })).json() as {
        channels: { telegram: { available: boolean } };
        kinds: Record<string, boolean>;
        summary_hour: null;
      };
      assert.equal(settings.channels.telegram.available, false);
      assert.equal(settings.summary_hour, null, 'no summary by default');
      assert.equal(Object.values(settings.kinds).every(Boolean), true, 'everything on by default');
      await off.container.startWorkers();
      const shop = await createStore(off.app, user);
      const res2 = await off.app.inject({ method: 'POST', url: '/api/v1/notifications/webhooks/', headers: user.headers, payload: { url: receiver.url, events: ['sync_failed'] } });
      receiver.secret = (res2.json() as { secret: string }).secret;
      const before = receiver.received.length;
      await off.container.services.alerts.raise({ userId: user.id, storeId: shop.id, kind: 'sync_failed', data: { error: 'off' } });
      const got = await waitFor(() => receiver.received.slice(before).find((r) => r.json['store_id'] === shop.id), { what: 'the webhook delivery', timeoutMs: 15_000 });
      assert.equal(got.verified, true);
    } finally {
      await off.close();
    }
  });
});

describe('one process (in-process queue and locks, as the embedded server runs)', () => {
  test('the bot polls, links a chat and delivers an alert', async () => {
    // A bot of its own: the file's app polls the other fake, and two pollers of one bot would take each other's updates.
    const soloTg = await startFakeTelegram();
    const solo = await startTestApp({ env: { TELEGRAM_BOT_TOKEN: soloTg.token, TELEGRAM_API_ROOT: soloTg.apiRoot, TELEGRAM_POLL_SECONDS: '1', NOTIFY_GROUP_SECONDS: '0', DEMPER_RUN: 'false' } });
    try {
      await solo.container.startWorkers();
      const user = await registerUser(solo.app);
      const shop = await createStore(solo.app, user, { name: 'Solo Shop' });
      const link = (await solo.app.inject({ url: '/api/v1/notifications/telegram/link/', headers: user.headers })).json() as { code: string };
      soloTg.sendStart(9301, link.code);
      await waitFor(() => soloTg.sent.find((m) => m.chat_id === '9301'), { what: 'the link', timeoutMs: 15_000 });
      await solo.container.services.alerts.raise({ userId: user.id, storeId: shop.id, kind: 'sync_failed', data: { error: 'solo' } });
      await waitFor(() => soloTg.sent.find((m) => m.chat_id === '9301' && m.text.includes('Solo Shop')), { what: 'the alert', timeoutMs: 15_000 });
    } finally {
      await solo.close();
      await soloTg.close();
    }
  });
});
