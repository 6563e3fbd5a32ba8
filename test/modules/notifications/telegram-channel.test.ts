import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import pino from 'pino';
import { InProcessLockManager } from '../../../src/infra/locks/in-process-lock.ts';
import { TelegramChannel, TelegramPermanentError } from '../../../src/modules/notifications/telegram-channel.ts';
import { startFakeTelegram } from '../../helpers/fake-telegram.ts';

const token = '123456789:SECRET-token-never-in-logs-0123456789';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the Telegram channel', () => {
  test('a network failure is an error to retry, and neither its message nor the log line carries the token', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const channel = new TelegramChannel({ token, apiRoot: `http://127.0.0.1:${await closedPort()}`, pollSeconds: 0 }, new InProcessLockManager(), log);
    const err = await channel.send('42', { text: 'hi', buttons: [] }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    assert.ok(err && !(err instanceof TelegramPermanentError));
    assert.match(err.message, /could not be reached/);
    assert.ok(!err.message.includes('SECRET'), err.message);
    const nested = Object.assign(new Error('Network request failed'), { error: new Error(`request to http://x/bot${token}/getUpdates failed`) });
    assert.equal(channel.describe(nested), 'Network request failed: request to http://x/bot<token>/getUpdates failed');
  });

  test('a chat Telegram refuses (blocked bot: 403) is a permanent failure', async () => {
    const tg = await startFakeTelegram({ token });
    try {
      const channel = new TelegramChannel({ token, apiRoot: tg.apiRoot, pollSeconds: 0 }, new InProcessLockManager(), pino({ level: 'silent' }));
      tg.failNext('sendMessage', 1, 403, 'Forbidden: bot was blocked by the user');
      await assert.rejects(channel.send('42', { text: 'hi', buttons: [] }), TelegramPermanentError);
      tg.failNext('sendMessage', 1, 429, 'Too Many Requests: retry after 5');
      await assert.rejects(channel.send('42', { text: 'hi', buttons: [] }), (e: unknown) => e instanceof Error && !(e instanceof TelegramPermanentError) && /429/.test(e.message));
      await channel.send('42', { text: '<b>hi</b>', buttons: [[{ text: 'Open', url: 'https://demper.example.kz/shops/link' }]] });
      assert.deepEqual(tg.sent.at(-1), {
        message_id: 1,
        chat_id: '42',
        text: '<b>hi</b>',
        parse_mode: 'HTML',
        reply_markup: { inline_keyboard: [[{ text: 'Open', url: 'https://demper.example.kz/shops/link' }]] },
      });
    } finally {
      await tg.close();
    }
  });
});
