import crypto from 'node:crypto';
import { DomainError, invalid, notFound } from '../../errors/domain-error.ts';
import type { SecretBox } from '../../infra/crypto/secret-box.ts';
import type { NotificationDeliveryRow, NotificationKind, NotificationWebhookRow } from '../../infra/db/schema.ts';
import type { Logger } from '../../infra/logger.ts';
import type { StoresService } from '../stores/index.ts';
import type { Actor } from '../users/index.ts';
import type { AlertsService } from './alerts.service.ts';
import type { DeliveriesRepository, DeliveryFilter } from './deliveries.repository.ts';
import type { NotificationSettingsRepository } from './notification-settings.repository.ts';
import { defaultPreferences, effectiveKinds, type Preferences } from './preferences.ts';
import type { TelegramChannel } from './telegram-channel.ts';
import type { WebhookSender } from './webhook-sender.ts';

/** A user has at most this many webhooks. */
const MAX_WEBHOOKS = 20;

export interface SettingsPatch {
  kinds?: Record<string, boolean | null | undefined>;
  stores?: Record<string, Partial<Record<string, boolean | null>> | null>;
  undercut_percent?: number;
  quiet_hours?: { start: string; end: string } | null;
  summary_hour?: number | null;
}

export interface NotificationsServiceOptions {
  linkCodeTtlMs: number;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

function webhookView(row: NotificationWebhookRow) {
  return { id: row.id, url: row.url, events: row.events, enabled: row.enabled, created_at: row.createdAt.toISOString(), updated_at: row.updatedAt.toISOString() };
}

function deliveryView(row: NotificationDeliveryRow) {
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    store_id: row.storeId,
    webhook_id: row.webhookId,
    target: row.target,
    kinds: row.kinds,
    alerts: row.alertIds.length,
    attempts: row.attempts,
    last_error: row.lastError,
    last_error_code: row.lastErrorCode,
    last_error_detail: row.lastErrorDetail,
    next_attempt_at: row.nextAttemptAt?.toISOString() ?? null,
    sent_at: row.sentAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/**
 * The user's side of alerts: preferences, the Telegram link, webhooks and the list of deliveries;
 * and what the bot does with `/start <code>` and button presses. Each call is the actor's own data.
 */
export class NotificationsService {
  constructor(
    private readonly settings: NotificationSettingsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly alerts: AlertsService,
    private readonly stores: StoresService,
    private readonly telegram: TelegramChannel,
    private readonly webhooks: WebhookSender,
    private readonly secrets: SecretBox,
    private readonly options: NotificationsServiceOptions,
    private readonly log: Logger,
  ) {}

  // Preferences

  async getSettings(actor: Actor) {
    const prefs = await this.alerts.preferences(actor.userId);
    const [chat, hooks] = await Promise.all([this.settings.chatOf(actor.userId), this.settings.listWebhooks(actor.userId)]);
    return {
      kinds: effectiveKinds(prefs),
      stores: prefs.storeKinds,
      undercut_percent: prefs.undercutPercent,
      quiet_hours: prefs.quietStart && prefs.quietEnd ? { start: prefs.quietStart, end: prefs.quietEnd } : null,
      summary_hour: prefs.summaryHour,
      timezone: 'Asia/Almaty' as const,
      channels: {
        telegram: {
          available: this.telegram.enabled,
          linked: chat !== undefined,
          chat: chat ? { username: chat.username, title: chat.title, linked_at: chat.linkedAt.toISOString() } : null,
        },
        webhooks: hooks.filter((h) => h.enabled).length,
      },
    };
  }

  async updateSettings(actor: Actor, patch: SettingsPatch) {
    const current = (await this.settings.settings(actor.userId)) ?? defaultPreferences;
    const next: Preferences = {
      kinds: { ...current.kinds, ...(Object.fromEntries(Object.entries(patch.kinds ?? {}).filter(([, on]) => typeof on === 'boolean')) as Preferences['kinds']) },
      storeKinds: { ...current.storeKinds },
      undercutPercent: patch.undercut_percent ?? current.undercutPercent,
      quietStart: patch.quiet_hours === undefined ? current.quietStart : (patch.quiet_hours?.start ?? null),
      quietEnd: patch.quiet_hours === undefined ? current.quietEnd : (patch.quiet_hours?.end ?? null),
      summaryHour: patch.summary_hour === undefined ? current.summaryHour : patch.summary_hour,
    };
    if (patch.quiet_hours && patch.quiet_hours.start === patch.quiet_hours.end) throw invalid({ quiet_hours: 'start and end must differ' });
    for (const [storeId, switches] of Object.entries(patch.stores ?? {})) {
      const store = await this.stores.findById(storeId);
      // Someone else's shop looks like no shop at all.
      if (!store || store.userId !== actor.userId) throw invalid({ [`stores.${storeId}`]: 'no such shop of yours' });
      const merged: Record<string, boolean> = switches === null ? {} : { ...next.storeKinds[storeId] };
      for (const [kind, on] of Object.entries(switches ?? {})) {
        if (on === null || on === undefined) delete merged[kind];
        else merged[kind] = on;
      }
      if (Object.keys(merged).length) next.storeKinds[storeId] = merged;
      else delete next.storeKinds[storeId];
    }
    await this.settings.saveSettings(actor.userId, next);
    return this.getSettings(actor);
  }

  // Telegram

  private telegramOn(): void {
    if (!this.telegram.enabled) throw new DomainError('telegram_off', 'Telegram alerts are off on this server: the operator has not set TELEGRAM_BOT_TOKEN. Webhooks still work.');
  }

  /** A fresh one-time code and the deep link that sends it to the bot; the earlier code stops working. */
  async telegramLink(actor: Actor) {
    this.telegramOn();
    let username: string;
    try {
      username = await this.telegram.botUsername();
    } catch (err) {
      this.log.warn({ error: this.telegram.describe(err) }, 'telegram getMe failed');
      throw new DomainError('telegram_off', 'Telegram cannot be reached right now; try again shortly.');
    }
    // 24 characters of base64url: Telegram allows A-Z, a-z, 0-9, _ and - in a start parameter (up to 64).
    const code = crypto.randomBytes(18).toString('base64url');
    const expiresAt = new Date(Date.now() + this.options.linkCodeTtlMs);
    await this.settings.saveLinkCode(actor.userId, sha256(code), expiresAt);
    const chat = await this.settings.chatOf(actor.userId);
    return {
      linked: chat !== undefined,
      chat: chat ? { username: chat.username, title: chat.title, linked_at: chat.linkedAt.toISOString() } : null,
      code,
      deep_link: `https://t.me/${username}?start=${code}`,
      bot_username: username,
      expires_at: expiresAt.toISOString(),
    };
  }

  async unlinkTelegram(actor: Actor): Promise<void> {
    if (!(await this.settings.unlinkChat(actor.userId))) throw notFound('Linked Telegram chat');
  }

  /** `/start <code>` in a chat: links it to the code's user (languages: the user's, once known). */
  async startFromChat(chat: { chatId: string; username: string | null; title: string | null }, code: string): Promise<string> {
    const userId = code ? await this.settings.consumeLinkCode(sha256(code)) : undefined;
    if (!userId) {
      return 'Откройте ссылку из приложения (Настройки → Уведомления), чтобы подключить этот чат. / Open the link from the app (Settings → Alerts) to link this chat. The link works once and for a short time.';
    }
    await this.settings.linkChat(userId, chat);
    const language = await this.settings.language(userId);
    return {
      ru: '✅ Чат подключён: уведомления о ваших магазинах будут приходить сюда.',
      kk: '✅ Чат қосылды: дүкендеріңіз туралы хабарламалар осында келеді.',
      en: '✅ Chat linked: alerts about your shops will come here.',
    }[language];
  }

  /** A button pressed in a chat: the handler of its prefix answers, as the chat's linked user. */
  async buttonPressed(chatId: string, data: string): Promise<string> {
    const userId = await this.settings.userOfChat(chatId);
    if (!userId) return 'This chat is not linked to an account.';
    const handler = this.alerts.actionFor(data);
    if (!handler) return 'This button no longer does anything.';
    try {
      const answer: Promise<string> = handler(userId, data);
      return await answer;
    } catch (err) {
      if (err instanceof DomainError) return err.detail;
      this.log.warn({ err, data }, 'telegram button handler failed');
      return 'Something went wrong; try again in the app.';
    }
  }

  // Webhooks

  async listWebhooks(actor: Actor) {
    return (await this.settings.listWebhooks(actor.userId)).map(webhookView);
  }

  private async checkUrl(url: string): Promise<void> {
    const problem = await this.webhooks.checkUrl(url);
    if (problem) throw invalid({ url: problem });
  }

  async createWebhook(actor: Actor, body: { url: string; events: NotificationKind[]; enabled?: boolean }) {
    await this.checkUrl(body.url);
    if ((await this.settings.listWebhooks(actor.userId)).length >= MAX_WEBHOOKS) throw new DomainError('conflict', `A user may have at most ${MAX_WEBHOOKS} webhooks.`);
    const secret = `whsec_${crypto.randomBytes(24).toString('base64url')}`;
    const row = await this.settings.insertWebhook({ userId: actor.userId, url: body.url, events: body.events, enabled: body.enabled ?? true, secretEncrypted: this.secrets.seal(secret) });
    return { ...webhookView(row), secret };
  }

  private async ownWebhook(actor: Actor, id: string): Promise<NotificationWebhookRow> {
    const row = await this.settings.webhook(id);
    if (!row || row.userId !== actor.userId) throw notFound('Webhook');
    return row;
  }

  async updateWebhook(actor: Actor, id: string, patch: { url?: string; events?: NotificationKind[]; enabled?: boolean }) {
    await this.ownWebhook(actor, id);
    if (patch.url !== undefined) await this.checkUrl(patch.url);
    const row = await this.settings.updateWebhook(id, patch);
    if (!row) throw notFound('Webhook');
    return webhookView(row);
  }

  async deleteWebhook(actor: Actor, id: string): Promise<void> {
    await this.ownWebhook(actor, id);
    await this.settings.deleteWebhook(id);
  }

  // Deliveries

  async listDeliveries(actor: Actor, filter: DeliveryFilter, page: { limit: number; offset: number }) {
    const { rows, count } = await this.deliveries.list(actor.userId, filter, page);
    return { rows: rows.map(deliveryView), count };
  }
}
