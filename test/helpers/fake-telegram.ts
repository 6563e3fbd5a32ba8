import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message the bot sent (sendMessage), as the fake recorded it. */
export interface SentMessage {
  message_id: number;
  chat_id: string;
  text: string;
  parse_mode?: string;
  reply_markup?: { inline_keyboard: { text: string; url?: string; callback_data?: string }[][] };
}

export interface FakeTelegram {
  /** What TELEGRAM_API_ROOT should be. */
  apiRoot: string;
  /** A token the fake accepts (any other answers 401). */
  token: string;
  botUsername: string;
  sent: SentMessage[];
  /** answerCallbackQuery calls. */
  answers: { callback_query_id: string; text?: string }[];
  /** editMessageText / editMessageReplyMarkup calls. */
  edits: { method: string; chat_id: string; message_id: number; text?: string; reply_markup?: unknown }[];
  /** Every call, in order: method and JSON body. */
  calls: { method: string; body: Record<string, unknown> }[];
  /** The user sends `/start <code>` in a private chat. */
  sendStart(chatId: number, code: string, username?: string): void;
  /** The user presses an inline button of a message the bot sent. */
  pressButton(message: SentMessage, callbackData: string): string;
  /** The next `count` calls of `method` fail with this Bot API error. */
  failNext(method: string, count: number, errorCode?: number, description?: string): void;
  /** getUpdates calls answered so far (the poller is running when this grows). */
  polls(): number;
  /** getUpdates calls refused with 409 because another was still open (two pollers of one bot, as Telegram refuses them). */
  conflicts(): number;
  close(): Promise<void>;
}

interface Waiter {
  resolve: () => void;
  timer: NodeJS.Timeout;
}

/**
 * A fake Telegram Bot API on a local port: what grammY calls (getMe, deleteWebhook, getUpdates with
 * long polling and offsets, sendMessage, answerCallbackQuery, editMessageText/ReplyMarkup), with
 * what it was sent recorded and updates a test injects (a `/start CODE`, a button press).
 */
export async function startFakeTelegram(options: { token?: string; botUsername?: string } = {}): Promise<FakeTelegram> {
  const token = options.token ?? '123456789:TEST-fake-token-abcdefghijklmnop';
  const botUsername = options.botUsername ?? 'demper_test_bot';
  const updates: { update_id: number; [k: string]: unknown }[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let pollCount = 0;
  let openPolls = 0;
  let conflictCount = 0;
  const waiters = new Set<Waiter>();
  const failures = new Map<string, { count: number; code: number; description: string }>();
  const sent: SentMessage[] = [];
  const answers: FakeTelegram['answers'] = [];
  const edits: FakeTelegram['edits'] = [];
  const calls: FakeTelegram['calls'] = [];

  const wake = () => {
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.resolve();
    }
    waiters.clear();
  };
  const push = (update: Record<string, unknown>) => {
    updates.push({ update_id: nextUpdateId++, ...update });
    wake();
  };

  const handle = async (method: string, body: Record<string, unknown>): Promise<{ status: number; json: unknown }> => {
    const ok = (result: unknown) => ({ status: 200, json: { ok: true, result } });
    const failure = failures.get(method);
    if (failure && failure.count > 0) {
      failure.count--;
      return { status: failure.code, json: { ok: false, error_code: failure.code, description: failure.description } };
    }
    switch (method) {
      case 'getMe':
        return ok({ id: 123456789, is_bot: true, first_name: 'Demper', username: botUsername, can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'deleteWebhook':
        return ok(true);
      case 'getUpdates': {
        pollCount++;
        const offset = Number(body['offset'] ?? 0);
        // An offset confirms every update before it: they are gone for good, as on Telegram.
        if (offset) while (updates.length && updates[0]!.update_id < offset) updates.shift();
        const timeoutS = Math.min(Number(body['timeout'] ?? 0), 50);
        if (!updates.length && timeoutS > 0) {
          await new Promise<void>((resolve) => {
            const waiter: Waiter = {
              resolve,
              timer: setTimeout(() => {
                waiters.delete(waiter);
                resolve();
              }, timeoutS * 1000),
            };
            waiters.add(waiter);
          });
        }
        const limit = Number(body['limit'] ?? 100);
        return ok(updates.slice(0, limit));
      }
      case 'sendMessage': {
        const message: SentMessage = {
          message_id: nextMessageId++,
          chat_id: String(body['chat_id']),
          text: String(body['text']),
          ...(body['parse_mode'] ? { parse_mode: String(body['parse_mode']) } : {}),
          ...(body['reply_markup'] ? { reply_markup: body['reply_markup'] as SentMessage['reply_markup'] } : {}),
        };
        sent.push(message);
        return ok({ message_id: message.message_id, date: Math.floor(Date.now() / 1000), chat: { id: Number(body['chat_id']), type: 'private' }, text: message.text });
      }
      case 'answerCallbackQuery':
        answers.push({ callback_query_id: String(body['callback_query_id']), ...(body['text'] !== undefined && { text: String(body['text']) }) });
        return ok(true);
      case 'editMessageText':
      case 'editMessageReplyMarkup':
        edits.push({
          method,
          chat_id: String(body['chat_id']),
          message_id: Number(body['message_id']),
          ...(body['text'] !== undefined && { text: String(body['text']) }),
          reply_markup: body['reply_markup'],
        });
        return ok(true);
      default:
        return { status: 404, json: { ok: false, error_code: 404, description: `Not Found: method ${method}` } };
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (!match || match[1] !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const method = match[2]!;
      let body: Record<string, unknown> = {};
      try {
        const raw = Buffer.concat(chunks).toString('utf8');
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return reply(400, { ok: false, error_code: 400, description: 'Bad Request: body is not JSON' });
      }
      calls.push({ method, body });
      if (method === 'getUpdates') {
        if (openPolls > 0) {
          conflictCount++;
          return reply(409, { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' });
        }
        openPolls++;
        // Open until answered, or until the client gives up (an aborted long poll ends there, as on Telegram).
        let open = true;
        const end = () => {
          if (open) openPolls--;
          open = false;
        };
        res.on('close', end);
        res.on('finish', end);
      }
      handle(method, body).then(
        ({ status, json }) => reply(status, json),
        (err: unknown) => reply(500, { ok: false, error_code: 500, description: String(err) }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botUsername,
    sent,
    answers,
    edits,
    calls,
    sendStart(chatId, code, username = `user${chatId}`) {
      const text = code ? `/start ${code}` : '/start';
      push({
        message: {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private', username, first_name: 'Seller' },
          from: { id: chatId, is_bot: false, first_name: 'Seller', username },
          text,
          entities: [{ type: 'bot_command', offset: 0, length: 6 }],
        },
      });
    },
    pressButton(message, callbackData) {
      const id = `cb${nextUpdateId}`;
      const chatId = Number(message.chat_id);
      push({
        callback_query: {
          id,
          from: { id: chatId, is_bot: false, first_name: 'Seller' },
          chat_instance: String(chatId),
          data: callbackData,
          message: { message_id: message.message_id, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, text: message.text, reply_markup: message.reply_markup },
        },
      });
      return id;
    },
    failNext(method, count, errorCode = 500, description = 'Internal Server Error') {
      failures.set(method, { count, code: errorCode, description });
    },
    polls: () => pollCount,
    conflicts: () => conflictCount,
    async close() {
      wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
