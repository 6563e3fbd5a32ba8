import type { SecretBox } from '../../infra/crypto/secret-box.ts';
import type { NotificationDeliveryRow } from '../../infra/db/schema.ts';
import type { Logger } from '../../infra/logger.ts';
import { type JobHandler, type JobsService, RunAgainLater } from '../jobs/index.ts';
import type { StoresService } from '../stores/index.ts';
import { type AlertsService, groupKey, NOTIFY_DELIVER, NOTIFY_GROUP } from './alerts.service.ts';
import { quietUntil } from './almaty-time.ts';
import type { DeliveriesRepository } from './deliveries.repository.ts';
import { DeliveryFailure } from './delivery-failure.ts';
import { renderMessage } from './messages.ts';
import type { NotificationSettingsRepository } from './notification-settings.repository.ts';
import type { TelegramChannel } from './telegram-channel.ts';
import type { WebhookSender } from './webhook-sender.ts';

export interface DispatcherOptions {
  /** Alerts of a shop within this window of the first become one message. */
  groupMs: number;
  /** Pause before each retry; after the last, the delivery fails and is reported. */
  retryDelaysMs: number[];
  /** Alerts and deliveries are deleted this long after they were made (NOTIFY_RETENTION_DAYS). */
  retentionMs: number;
  publicUrl: string;
}

/** A channel the user removed (deleted or disabled the webhook, unlinked the chat): no retry can make it. */
const removedByUser = (code: 'webhook_deleted' | 'webhook_disabled' | 'chat_unlinked' | 'alerts_gone', message: string) => new DeliveryFailure(code, message, null, true, true);

/**
 * The delivery jobs: a shop's group job turns its waiting alerts into one Telegram message (after the
 * grouping window, and after the user's quiet hours), and a delivery job sends one message on one
 * channel, retried with backoff, then failed and reported on the user's other channel.
 */
export class Dispatcher {
  constructor(
    private readonly settings: NotificationSettingsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly alerts: AlertsService,
    private readonly jobs: JobsService,
    private readonly stores: StoresService,
    private readonly telegram: TelegramChannel,
    private readonly webhooks: WebhookSender,
    private readonly secrets: SecretBox,
    private readonly options: DispatcherOptions,
    private readonly log: Logger,
  ) {}

  handlers(): JobHandler[] {
    return [
      { type: NOTIFY_GROUP, run: ({ job }) => this.group(String(job.payload['user_id']), (job.payload['store_id'] as string | null) ?? null) },
      { type: NOTIFY_DELIVER, run: ({ job }) => this.deliver(String(job.payload['delivery_id'])) },
    ];
  }

  /** One Telegram message of the shop's waiting alerts, when the window has passed and the user is not in quiet hours. */
  async group(userId: string, storeId: string | null): Promise<Record<string, unknown> | RunAgainLater> {
    for (let round = 0; round < 3; round++) {
      const waiting = await this.deliveries.waiting(userId, storeId);
      if (!waiting.length) return { messages: 0 };
      const now = Date.now();
      const readyAt = waiting[0]!.createdAt.getTime() + this.options.groupMs;
      if (readyAt > now) return new RunAgainLater(readyAt - now, { waiting: waiting.length });
      const prefs = await this.alerts.preferences(userId);
      const quietEnd = quietUntil(prefs.quietStart, prefs.quietEnd, new Date(now));
      // Held, not lost: the run comes back when the quiet hours end and sends everything as one message.
      if (quietEnd) return new RunAgainLater(quietEnd.getTime() - now, { waiting: waiting.length, held_until: quietEnd.toISOString() });
      const delivery = await this.deliveries.groupIntoTelegram(
        userId,
        storeId,
        waiting.map((a) => a.id),
        waiting.map((a) => a.kind),
      );
      if (!delivery) continue; // another run took some of them: look again
      await this.jobs.submit({ type: NOTIFY_DELIVER, payload: { delivery_id: delivery.id }, dedupeKey: `notify-delivery:${delivery.id}` });
      // Alerts raised while this run was busy found it running and did not queue a run of their own: the next message is theirs.
      const more = await this.deliveries.waiting(userId, storeId);
      if (more.length) return new RunAgainLater(Math.max(0, more[0]!.createdAt.getTime() + this.options.groupMs - Date.now()), { waiting: more.length, delivery_id: delivery.id });
      return { messages: 1, delivery_id: delivery.id, alerts: waiting.length };
    }
    return new RunAgainLater(1000, { contended: true });
  }

  /** One attempt of one delivery; the job comes back for the next attempt, or ends sent or failed. */
  async deliver(id: string): Promise<Record<string, unknown> | RunAgainLater> {
    const delivery = await this.deliveries.delivery(id);
    if (delivery?.status !== 'pending') return { status: delivery?.status ?? 'gone' };
    const early = (delivery.nextAttemptAt?.getTime() ?? 0) - Date.now();
    if (early > 1000) return new RunAgainLater(early, { status: 'pending', attempts: delivery.attempts });
    try {
      await this.send(delivery);
    } catch (err) {
      const failure = DeliveryFailure.of(err);
      const error = failure.message;
      const failed = { error, errorCode: failure.code, errorDetail: failure.detail };
      const attempt = delivery.attempts + 1;
      const delay = this.options.retryDelaysMs[attempt - 1];
      if (!failure.permanent && delay !== undefined) {
        await this.deliveries.recordAttempt(id, { status: 'pending', ...failed, nextAttemptAt: new Date(Date.now() + delay) });
        return new RunAgainLater(delay, { status: 'pending', attempts: attempt, error });
      }
      await this.deliveries.recordAttempt(id, { status: 'failed', ...failed, nextAttemptAt: null });
      if (failure.byUser) return { status: 'failed', attempts: attempt, error };
      this.log.warn({ deliveryId: id, channel: delivery.channel, attempts: attempt, error }, 'alert delivery failed');
      await this.alerts.reportFailure({
        userId: delivery.userId,
        storeId: delivery.storeId,
        data: {
          channel: delivery.channel,
          target: delivery.target,
          error,
          error_code: failure.code,
          error_detail: failure.detail,
          delivery_id: delivery.id,
          kinds: delivery.kinds,
          attempts: attempt,
        },
      });
      return { status: 'failed', attempts: attempt, error };
    }
    await this.deliveries.recordAttempt(id, { status: 'sent', error: null, errorCode: null, errorDetail: null, nextAttemptAt: null });
    return { status: 'sent', attempts: delivery.attempts + 1 };
  }

  private async send(delivery: NotificationDeliveryRow): Promise<void> {
    const alerts = await this.deliveries.alerts(delivery.alertIds);
    if (!alerts.length) throw removedByUser('alerts_gone', 'The alerts of this delivery are gone.');
    if (delivery.channel === 'webhook') {
      const webhook = delivery.webhookId ? await this.settings.webhook(delivery.webhookId) : undefined;
      if (!webhook) throw removedByUser('webhook_deleted', 'The webhook was deleted.');
      if (!webhook.enabled) throw removedByUser('webhook_disabled', 'The webhook is disabled.');
      const alert = alerts[0]!;
      // The alert's id, so a receiver recognises a retry of what it already has.
      const payload = { id: alert.id, kind: alert.kind, created_at: alert.createdAt.toISOString(), user_id: alert.userId, store_id: alert.storeId, data: alert.data };
      await this.webhooks.post(webhook.url, this.secrets.open(webhook.secretEncrypted), payload);
      return;
    }
    const chat = await this.settings.chatOf(delivery.userId);
    if (!chat) throw removedByUser('chat_unlinked', 'No Telegram chat is linked any more.');
    const [language, store] = await Promise.all([this.settings.language(delivery.userId), delivery.storeId ? this.stores.findById(delivery.storeId) : undefined]);
    const message = renderMessage(
      alerts.map((a) => ({ kind: a.kind, data: a.data, createdAt: a.createdAt })),
      { language, publicUrl: this.options.publicUrl, store: store ? { name: store.name, kaspiLogin: store.kaspiLogin, points: store.points } : null },
    );
    await this.telegram.send(chat.chatId, message);
  }

  /** Deletes the alerts and deliveries older than the retention (what is still on its way stays). */
  async prune(): Promise<{ alerts: number; deliveries: number }> {
    const deleted = await this.deliveries.deleteBefore(new Date(Date.now() - this.options.retentionMs));
    if (deleted.alerts || deleted.deliveries) this.log.info(deleted, 'old alerts and deliveries deleted');
    return deleted;
  }

  /**
   * The safety net, run by every worker now and then: alerts left waiting past their window (their
   * group job was lost, or they were raised as it finished) and pending deliveries long past their
   * next attempt get their job again. Dedupe keys make a second run harmless.
   */
  async sweep(): Promise<number> {
    const margin = 60_000;
    const groups = await this.deliveries.staleWaitingGroups(new Date(Date.now() - this.options.groupMs - margin));
    for (const g of groups) await this.jobs.submit({ type: NOTIFY_GROUP, payload: { user_id: g.userId, store_id: g.storeId }, dedupeKey: groupKey(g.userId, g.storeId) });
    const overdue = await this.deliveries.overdue(new Date(Date.now() - margin));
    for (const d of overdue) await this.jobs.submit({ type: NOTIFY_DELIVER, payload: { delivery_id: d.id }, dedupeKey: `notify-delivery:${d.id}` });
    return groups.length + overdue.length;
  }
}
