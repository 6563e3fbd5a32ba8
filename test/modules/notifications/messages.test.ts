import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { almatyDate, almatyDateTime, almatyHour, quietUntil } from '../../../src/modules/notifications/almaty-time.ts';
import { formatPrice, renderMessage } from '../../../src/modules/notifications/messages.ts';
import { wants } from '../../../src/modules/notifications/preferences.ts';

const store = { name: 'Magnum <Plus>', kaspiLogin: 'seller@example.kz', points: [{ city_id: '999', city_name: 'Конаев' }] };
const ctx = (language: 'ru' | 'kk' | 'en') => ({ language, store, publicUrl: 'https://demper.example.kz' });

describe('message text', () => {
  test('prices are whole tenge grouped by thousands, the sign after', () => {
    assert.equal(formatPrice(12990), '12\u00a0990\u00a0₸');
    assert.equal(formatPrice(1_250_000), '1\u00a0250\u00a0000\u00a0₸');
    assert.equal(formatPrice(990), '990\u00a0₸');
  });

  test('each language names the kind, the shop and the cities in its own words; HTML is escaped', () => {
    const alert = {
      kind: 'price_pushed' as const,
      createdAt: new Date('2026-11-30T09:05:00Z'),
      data: {
        product_name: 'Кабель <USB>',
        cities: [
          { city_id: '710000000', old_price: 5000, new_price: 4990 },
          { city_id: '999', old_price: 10, new_price: 11 },
        ],
      },
    };
    const ru = renderMessage([alert], ctx('ru')).text;
    assert.match(ru, /Магазин «Magnum &lt;Plus&gt;»/);
    assert.match(ru, /Демпер изменил цену<\/b>: Кабель &lt;USB&gt;/);
    assert.match(ru, /Астана: 5\u00a0000\u00a0₸ → 4\u00a0990\u00a0₸/);
    assert.match(ru, /Конаев/, "a city missing from the list takes the pickup point's name");
    assert.match(renderMessage([alert], ctx('kk')).text, /Демпер бағаны өзгертті/);
    assert.match(renderMessage([alert], ctx('en')).text, /The repricer changed a price.*\n• Astana/);
  });

  test('several alerts: a count, and each with its Almaty time', () => {
    const at = new Date('2026-11-30T19:30:00Z'); // 00:30 on 1 December in Almaty
    const alerts = [1, 2, 3].map((i) => ({ kind: 'sync_failed' as const, createdAt: at, data: { error: `E${i}` } }));
    const text = renderMessage(alerts, ctx('ru')).text;
    assert.match(text, /3 события/);
    assert.equal(text.match(/00:30 · /g)?.length, 3);
    assert.match(renderMessage([...alerts, ...alerts], ctx('ru')).text, /6 событий/);
    assert.match(renderMessage(alerts, ctx('en')).text, /3 events/);
  });

  test('reauth carries a button to the login step of the shop; proposals their approve and reject buttons', () => {
    const reauth = renderMessage([{ kind: 'reauth_needed', createdAt: new Date(), data: { reason: 'SMS' } }], ctx('ru'));
    assert.deepEqual(reauth.buttons, [[{ text: 'Войти в Kaspi', url: 'https://demper.example.kz/shops/link?login=seller%40example.kz' }]]);
    const id = '0b8f9f3e-2a6c-4c1e-9a53-5f0b6c2d7e11';
    const proposal = renderMessage([{ kind: 'proposal', createdAt: new Date(), data: { proposal_id: id, product_name: 'X', cities: [] } }], ctx('en'));
    assert.deepEqual(
      proposal.buttons[0]?.map((b) => ('callback_data' in b ? b.callback_data : null)),
      [`proposal:approve:${id}`, `proposal:reject:${id}`],
    );
    assert.ok(Buffer.byteLength(`proposal:approve:${id}`) <= 64, "within Telegram's callback data limit");
  });

  test("a failed delivery says why in the user's language, from its code; an alert raised before the codes keeps its English text", () => {
    const failed = (data: Record<string, unknown>) => [{ kind: 'delivery_failed' as const, createdAt: new Date(), data: { channel: 'webhook', target: 'https://hooks.example.kz/x', ...data } }];
    const coded = failed({ error: 'The webhook answered HTTP 500.', error_code: 'webhook_status', error_detail: 'HTTP 500' });
    assert.match(renderMessage(coded, ctx('ru')).text, /\(вебхук: https:\/\/hooks\.example\.kz\/x\) после всех попыток: вебхук ответил ошибкой \(HTTP 500\)/);
    assert.match(renderMessage(coded, ctx('kk')).text, /вебхук қатемен жауап берді \(HTTP 500\)/);
    assert.match(renderMessage(coded, ctx('en')).text, /after every retry: the webhook answered with an error \(HTTP 500\)/);
    assert.doesNotMatch(renderMessage(coded, ctx('ru')).text, /The webhook answered/);
    const unreachable = failed({ error: 'Could not reach the webhook: connect ECONNREFUSED', error_code: 'webhook_unreachable', error_detail: 'connect ECONNREFUSED' });
    assert.match(renderMessage(unreachable, ctx('ru')).text, /не удалось подключиться к вебхуку \(connect ECONNREFUSED\)/);
    assert.match(renderMessage(failed({ error: 'Old English text' }), ctx('ru')).text, /Old English text/);
    assert.match(renderMessage(failed({ error: 'Old', error_code: 'toString' }), ctx('ru')).text, /: Old$/, 'an unknown code falls back to the text');
  });

  test('a storm too long for one Telegram message is cut with a count of the rest', () => {
    const alerts = Array.from({ length: 300 }, (_, i) => ({ kind: 'sync_failed' as const, createdAt: new Date(), data: { error: `a fairly long error text number ${i}` } }));
    const text = renderMessage(alerts, ctx('ru')).text;
    assert.ok(text.length <= 4096);
    assert.match(text, /… \+\d+$/);
  });
});

describe('Almaty time', () => {
  test('is UTC+5 all year', () => {
    assert.equal(almatyDateTime(new Date('2026-11-30T19:30:00Z')), '01.12.2026 00:30');
    assert.equal(almatyDate(new Date('2026-11-30T19:30:00Z')), '2026-12-01');
    assert.equal(almatyHour(new Date('2026-06-15T03:00:00Z')), 8);
  });

  test('quiet hours: inside them, when they end; outside, none', () => {
    const at = (hhmm: string) => new Date(`2026-11-30T${hhmm}:00Z`); // UTC; Almaty is +5
    // 22:00-07:00 Almaty spans midnight.
    assert.equal(quietUntil('22:00', '07:00', at('18:00'))?.toISOString(), '2026-12-01T02:00:00.000Z');
    assert.equal(quietUntil('22:00', '07:00', at('01:59'))?.toISOString(), '2026-11-30T02:00:00.000Z');
    assert.equal(quietUntil('22:00', '07:00', at('02:00')), null);
    assert.equal(quietUntil('22:00', '07:00', at('16:59')), null);
    assert.equal(quietUntil('13:00', '14:00', at('08:30'))?.toISOString(), '2026-11-30T09:00:00.000Z');
    assert.equal(quietUntil(null, null, at('08:30')), null);
    assert.equal(quietUntil('10:00', '10:00', at('05:00')), null);
  });
});

describe('preferences', () => {
  test('a shop switch beats the user switch, which beats the default; delivery_failed is always on', () => {
    const prefs = { kinds: { undercut: false }, storeKinds: { s1: { undercut: true, sync_failed: false } }, undercutPercent: 5, quietStart: null, quietEnd: null, summaryHour: null };
    assert.equal(wants(prefs, 'undercut', 's1'), true);
    assert.equal(wants(prefs, 'undercut', 's2'), false);
    assert.equal(wants(prefs, 'sync_failed', 's1'), false);
    assert.equal(wants(prefs, 'sync_failed', null), true);
    assert.equal(wants({ ...prefs, kinds: { delivery_failed: false } as never }, 'delivery_failed', 's1'), true);
  });
});
