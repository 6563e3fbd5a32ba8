import type { NotificationKind } from '../../infra/db/schema.ts';
import type { Logger } from '../../infra/logger.ts';
import type { JobsService } from '../jobs/index.ts';
import type { DeliveriesRepository } from './deliveries.repository.ts';
import type { NotificationSettingsRepository } from './notification-settings.repository.ts';
import { type AlertKind, defaultPreferences, type Preferences, wants } from './preferences.ts';

export const NOTIFY_GROUP = 'notifications.group';
export const NOTIFY_DELIVER = 'notifications.deliver';

export interface AlertInput {
  userId: string;
  storeId: string | null;
  kind: AlertKind;
  data: Record<string, unknown>;
}

export type ActionHandler = (userId: string, data: string) => Promise<string>;

/** What other modules call to tell a user something. */
export interface Alerts {
  /** Never throws, never blocks the caller on a channel: it records and enqueues. */
  raise(alert: AlertInput): Promise<void>;
  /**
   * Telegram inline buttons whose callback data starts with `${prefix}:` are answered by this handler
   * (the user is the chat's linked user); the returned text is shown to the user (answerCallbackQuery + edit).
   */
  onAction(prefix: string, handler: ActionHandler): void;
}

/** The dedupe key of a shop's Telegram group job: alerts raised while it waits join it. */
export const groupKey = (userId: string, storeId: string | null) => `notify-group:${userId}:${storeId ?? 'none'}`;

/**
 * Raising an alert: the user's switches decide whether it exists at all; then one row for the alert,
 * one delivery row per webhook that wants it, and jobs: a delivery job per webhook POST, and the
 * shop's group job for Telegram (delayed by the grouping window; later alerts join it).
 */
export class AlertsService implements Alerts {
  private readonly actions = new Map<string, ActionHandler>();

  constructor(
    private readonly settings: NotificationSettingsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly jobs: JobsService,
    private readonly telegramEnabled: boolean,
    private readonly log: Logger,
  ) {}

  async preferences(userId: string): Promise<Preferences> {
    return (await this.settings.settings(userId)) ?? defaultPreferences;
  }

  raise(alert: AlertInput): Promise<void> {
    return this.record(alert).catch((err: unknown) => this.log.warn({ err, kind: alert.kind, userId: alert.userId, storeId: alert.storeId }, 'could not raise an alert'));
  }

  /**
   * The notifications module's own report of a channel that failed for good: it goes to the user's
   * other channels only (a failing webhook is reported on Telegram, a blocked bot to the webhooks).
   */
  reportFailure(input: { userId: string; storeId: string | null; data: Record<string, unknown> & { channel: 'telegram' | 'webhook' } }): Promise<void> {
    return this.record({ ...input, kind: 'delivery_failed' }).catch((err: unknown) => this.log.warn({ err, userId: input.userId }, 'could not report a failed delivery'));
  }

  private async record(alert: { userId: string; storeId: string | null; kind: NotificationKind; data: Record<string, unknown> }): Promise<void> {
    const prefs = await this.preferences(alert.userId);
    if (!wants(prefs, alert.kind, alert.storeId)) return;
    const failedChannel = alert.kind === 'delivery_failed' ? alert.data['channel'] : undefined;
    const [chat, webhooks] = await Promise.all([
      this.telegramEnabled && failedChannel !== 'telegram' ? this.settings.chatOf(alert.userId) : undefined,
      failedChannel === 'webhook' ? [] : this.settings.webhooksFor(alert.userId, alert.kind),
    ]);
    const { deliveries } = await this.deliveries.insertAlert(
      { ...alert, forTelegram: chat !== undefined },
      webhooks.map((w) => ({ webhookId: w.id, target: w.url })),
    );
    for (const delivery of deliveries) await this.jobs.submit({ type: NOTIFY_DELIVER, payload: { delivery_id: delivery.id }, dedupeKey: `notify-delivery:${delivery.id}` });
    if (chat) await this.jobs.submit({ type: NOTIFY_GROUP, payload: { user_id: alert.userId, store_id: alert.storeId }, dedupeKey: groupKey(alert.userId, alert.storeId) });
  }

  onAction(prefix: string, handler: ActionHandler): void {
    this.actions.set(prefix, handler);
  }

  /** The handler for a button's callback data (`<prefix>:...`), if a module registered one. */
  actionFor(data: string): ActionHandler | undefined {
    return this.actions.get(data.split(':', 1)[0] ?? '');
  }
}
