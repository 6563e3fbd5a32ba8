import { Bot, GrammyError, HttpError } from 'grammy';
import type { InlineKeyboardButton, Update } from 'grammy/types';
import { type LockManager, LockTimeoutError } from '../../infra/locks/lock-manager.ts';
import type { Logger } from '../../infra/logger.ts';
import { DeliveryFailure } from './delivery-failure.ts';
import type { Button, RenderedMessage } from './messages.ts';

export interface TelegramOptions {
  /** Unset: Telegram is off. */
  token: string | undefined;
  apiRoot: string;
  /** getUpdates long-poll timeout (seconds). */
  pollSeconds: number;
  /** How long one process polls before it lets another take over (the lock outlives it by a margin). */
  termMs?: number;
  /** How often a process that does not poll asks for the lock again. */
  lockRetryMs?: number;
}

/** What the bot does with what users send it; the notifications service answers. */
export interface TelegramHandlers {
  /** `/start <code>` from a chat: links it; returns the reply. */
  start(chat: { chatId: string; username: string | null; title: string | null }, code: string): Promise<string>;
  /** An inline button pressed in a chat: returns the text shown to the user. */
  callback(chatId: string, data: string): Promise<string>;
}

/** A send Telegram will never accept (the user blocked the bot, the chat is gone, no bot): no retry helps. */
export class TelegramPermanentError extends DeliveryFailure {
  override name = 'TelegramPermanentError';

  constructor(code: 'telegram_refused' | 'telegram_off', message: string, detail: string | null = null) {
    super(code, message, detail, true);
  }
}

const POLLER_LOCK = 'notifications:telegram-poller';

const keyboard = (rows: Button[][]): InlineKeyboardButton[][] => rows.map((row) => row.map((b) => ('url' in b ? { text: b.text, url: b.url } : { text: b.text, callback_data: b.callback_data })));

/**
 * The Telegram bot (grammY): sends messages from any process, and receives updates by long polling in
 * one process at a time (the one holding the shared lock), so Telegram never sees two getUpdates at
 * once (it answers 409 to the second). Every process runs the loop; the others wait for the lock.
 */
export class TelegramChannel {
  readonly bot: Bot | undefined;
  private username: Promise<string> | undefined;
  private offset: number | undefined;
  private stopping = false;
  private abort = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly termMs: number;
  private readonly lockRetryMs: number;

  constructor(
    private readonly options: TelegramOptions,
    private readonly locks: LockManager,
    private readonly log: Logger,
  ) {
    this.termMs = options.termMs ?? 5 * 60_000;
    this.lockRetryMs = options.lockRetryMs ?? 5_000;
    if (options.token) this.bot = new Bot(options.token, { client: { apiRoot: options.apiRoot } });
  }

  get enabled(): boolean {
    return this.bot !== undefined;
  }

  /**
   * What to log of a Telegram error: its messages only, with the token cut out. The Bot API's URLs
   * carry the token (`/bot<token>/getUpdates`), and a network error's message quotes its URL.
   */
  describe(err: unknown): string {
    const messages: string[] = [];
    for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; depth++) {
      messages.push(e.message);
      e = (e as { error?: unknown; cause?: unknown }).error ?? e.cause;
    }
    const text = messages.join(': ') || String(err);
    return this.options.token ? text.replaceAll(this.options.token, '<token>') : text;
  }

  /** The bot's @username, for the deep link (getMe, asked once). */
  botUsername(): Promise<string> {
    if (!this.bot) return Promise.reject(new Error('Telegram is off'));
    this.username ??= this.bot.api.getMe().then(
      (me) => me.username,
      (err: unknown) => {
        this.username = undefined;
        throw err;
      },
    );
    return this.username;
  }

  /** Sends one message; TelegramPermanentError when Telegram will never take it, another DeliveryFailure to retry. */
  async send(chatId: string, message: RenderedMessage): Promise<void> {
    if (!this.bot) throw new TelegramPermanentError('telegram_off', 'Telegram is off on this server (no bot token).');
    try {
      await this.bot.api.sendMessage(chatId, message.text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(message.buttons.length && { reply_markup: { inline_keyboard: keyboard(message.buttons) } }),
      });
    } catch (err) {
      // 403: the user blocked the bot or left the chat; 400: the chat does not exist (or the text is bad).
      if (err instanceof GrammyError && (err.error_code === 403 || err.error_code === 400)) {
        throw new TelegramPermanentError('telegram_refused', `Telegram refused the message: ${err.description}`, err.description);
      }
      if (err instanceof GrammyError) throw new DeliveryFailure('telegram_status', `Telegram answered ${err.error_code}: ${err.description}`, `${err.error_code}: ${err.description}`);
      if (err instanceof HttpError) {
        const cause = this.describe(err);
        throw new DeliveryFailure('telegram_unreachable', `Telegram could not be reached: ${cause}`, cause);
      }
      throw err;
    }
  }

  /** Wires the bot's commands and buttons to the handlers (before polling starts). */
  handle(handlers: TelegramHandlers): void {
    const bot = this.bot;
    if (!bot) return;
    bot.command('start', async (ctx) => {
      const chat = ctx.chat;
      const title = 'title' in chat ? (chat.title ?? null) : [chat.first_name, chat.last_name].filter(Boolean).join(' ') || null;
      const reply = await handlers.start({ chatId: String(chat.id), username: ('username' in chat ? chat.username : undefined) ?? null, title }, ctx.match.trim());
      await ctx.reply(reply);
    });
    bot.on('callback_query:data', async (ctx) => {
      const chatId = ctx.chat?.id;
      const text = chatId === undefined ? '' : await handlers.callback(String(chatId), ctx.callbackQuery.data);
      await ctx.answerCallbackQuery({ text: text.slice(0, 200) });
      const message = ctx.callbackQuery.message;
      if (!message || !text || !('text' in message) || !message.text) return;
      // The answer goes under the message, and the pressed button's row leaves it (no second press).
      const rows = (message.reply_markup?.inline_keyboard ?? []).filter((row) => !row.some((b) => 'callback_data' in b && b.callback_data === ctx.callbackQuery.data));
      await ctx
        .editMessageText(`${message.text}\n\n${text}`, { reply_markup: { inline_keyboard: rows } })
        .catch((err: unknown) => this.log.debug({ error: this.describe(err) }, 'could not edit a message'));
    });
    bot.catch((err) => this.log.warn({ error: this.describe(err.error) }, 'telegram update failed'));
  }

  /** Starts the poller loop of this process (it polls while it holds the lock). */
  start(): void {
    if (!this.bot || this.loop) return;
    this.stopping = false;
    this.abort = new AbortController();
    this.loop = this.run().finally(() => {
      this.loop = undefined;
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const ttlMs = this.termMs + this.options.pollSeconds * 1000 + 30_000;
    while (!this.stopping) {
      try {
        await this.locks.withLock(POLLER_LOCK, () => this.pollTerm(), { ttlMs, waitMs: 0 });
      } catch (err) {
        if (!(err instanceof LockTimeoutError) && !this.stopping) this.log.warn({ error: this.describe(err) }, 'telegram polling failed');
      }
      if (!this.stopping) await this.pause(this.lockRetryMs);
    }
  }

  /** Polls for one term, then confirms what it handled, so the next poller starts after it. */
  private async pollTerm(): Promise<void> {
    const bot = this.bot!;
    // grammY types its signals with its abort-controller shim; the native AbortSignal is what it uses at run time.
    if (!bot.isInited()) await bot.init(this.abort.signal as never);
    const end = Date.now() + this.termMs;
    try {
      while (!this.stopping && Date.now() < end) {
        let updates: Update[];
        try {
          updates = await bot.api.getUpdates({ offset: this.offset, timeout: this.options.pollSeconds, allowed_updates: ['message', 'callback_query'] }, this.abort.signal as never);
        } catch (err) {
          if (this.stopping) return;
          this.log.warn({ error: this.describe(err) }, 'telegram getUpdates failed');
          await this.pause(3_000);
          continue;
        }
        for (const update of updates) {
          this.offset = update.update_id + 1;
          await bot.handleUpdate(update).catch((err: unknown) => this.log.warn({ error: this.describe(err) }, 'telegram update failed'));
        }
      }
    } finally {
      // getUpdates with an offset confirms every update before it: the next poller will not see them again.
      if (this.offset !== undefined) await bot.api.getUpdates({ offset: this.offset, limit: 1, timeout: 0 }).catch(() => {});
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abort.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
