import { ProxyAddressPolicy } from '../../infra/http/proxy-guard.ts';
import type { JobsService } from '../jobs/index.ts';
import type { AppModule, Infra } from '../module.ts';
import type { StoreSessionsService, StoresService } from '../stores/index.ts';
import { AlertsService } from './alerts.service.ts';
import { DailySummaries } from './daily-summary.ts';
import { DeliveriesRepository } from './deliveries.repository.ts';
import { Dispatcher } from './dispatcher.ts';
import { MarketAlerts, type RepricerAlerts } from './market-alerts.ts';
import { NotificationSettingsRepository } from './notification-settings.repository.ts';
import { notificationsRoutes } from './notifications.routes.ts';
import { NotificationsService } from './notifications.service.ts';
import { TelegramChannel } from './telegram-channel.ts';
import { WebhookSender } from './webhook-sender.ts';

export type { ActionHandler, AlertInput, Alerts } from './alerts.service.ts';
export type { DailySummaries } from './daily-summary.ts';
export { type AtFloorCity, marketFindings, type RepricerAlerts, type UndercutCity } from './market-alerts.ts';
export type { NotificationsService } from './notifications.service.ts';
export { type AlertKind, alertKinds } from './preferences.ts';
export { proposalNotifier, registerProposalButtons } from './proposal-bridge.ts';
export { signatureHeader, verifySignature } from './webhook-sender.ts';

export interface NotificationsModuleServices {
  /** What other modules call: `alerts.raise({userId, storeId, kind, data})`, `alerts.onAction(prefix, handler)`. */
  alerts: AlertsService;
  /** The user's side: preferences, Telegram link, webhooks, deliveries. */
  notifications: NotificationsService;
  /** The repricer's alerts (at floor, undercut, paused, proxy resting), raised once per condition. */
  repricerAlerts: RepricerAlerts;
  /** Each user's daily summary at their hour (workers tick it every minute). */
  dailySummaries: DailySummaries;
  /** The delivery jobs' work (grouping, sending, the safety sweep workers run every minute). */
  alertDispatcher: Dispatcher;
}

export interface NotificationsModuleDeps {
  jobs: JobsService;
  stores: StoresService;
  storeSessions: StoreSessionsService;
}

/**
 * Alerts to Telegram and webhooks (tables notification_settings, telegram_chats, telegram_link_codes,
 * notification_webhooks, notification_alerts, notification_deliveries). Raising records the alert and
 * queues jobs; channels are called from the jobs, retried, then reported. Workers run the bot's
 * poller (one process at a time), the safety sweep and the daily summaries.
 */
export function createNotificationsModule(infra: Infra, deps: NotificationsModuleDeps): AppModule<NotificationsModuleServices> {
  const { config, db, log, secrets } = infra;
  const options = config.notifications;
  const settingsRepo = new NotificationSettingsRepository(db);
  const deliveriesRepo = new DeliveriesRepository(db);
  const telegram = new TelegramChannel({ token: options.telegramBotToken, apiRoot: options.telegramApiRoot, pollSeconds: options.telegramPollSeconds }, infra.locks, log);
  if (!telegram.enabled) log.info('Telegram alerts are off: TELEGRAM_BOT_TOKEN is not set (webhooks still work)');
  const webhooks = new WebhookSender(new ProxyAddressPolicy({ allowedNetworks: options.webhookAllowedNetworks, timeoutMs: options.webhookTimeoutMs }), options.webhookTimeoutMs);
  const alerts = new AlertsService(settingsRepo, deliveriesRepo, deps.jobs, telegram.enabled, log);
  const notifications = new NotificationsService(settingsRepo, deliveriesRepo, alerts, deps.stores, telegram, webhooks, secrets, { linkCodeTtlMs: options.linkCodeTtlMs }, log);
  const dispatcher = new Dispatcher(
    settingsRepo,
    deliveriesRepo,
    alerts,
    deps.jobs,
    deps.stores,
    telegram,
    webhooks,
    secrets,
    { groupMs: options.groupMs, retryDelaysMs: options.retryDelaysMs, retentionMs: options.retentionDays * 86_400_000, publicUrl: config.publicUrl },
    log,
  );
  const summaries = new DailySummaries(db, settingsRepo, alerts, log);
  const repricerAlerts = new MarketAlerts(alerts, infra.cache, { repeatMs: options.repeatMs }, log);
  telegram.handle({ start: (chat, code) => notifications.startFromChat(chat, code), callback: (chatId, data) => notifications.buttonPressed(chatId, data) });

  // Only the transition to "needs a login" is told, whichever path found it (session watch, a cabinet call).
  deps.storeSessions.onNeedsReauth((store) =>
    alerts.raise({ userId: store.userId, storeId: store.id, kind: 'reauth_needed', data: { store_name: store.name, reason: store.reauthReason, kaspi_login: store.kaspiLogin } }),
  );

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, what: string, fn: () => Promise<unknown>, { now = false } = {}) => {
    let running = false;
    const tick = () => {
      if (running) return;
      running = true;
      fn()
        .catch((err: unknown) => log.warn({ err }, what))
        .finally(() => {
          running = false;
        });
    };
    const timer = setInterval(tick, ms);
    timer.unref();
    timers.push(timer);
    if (now) tick();
  };
  return {
    name: 'notifications',
    services: { alerts, notifications, repricerAlerts, dailySummaries: summaries, alertDispatcher: dispatcher },
    jobs: dispatcher.handlers(),
    routes: notificationsRoutes,
    start() {
      telegram.start();
      every(60_000, 'alert sweep failed', () => dispatcher.sweep());
      every(60_000, 'daily summary tick failed', () => summaries.tick());
      every(3_600_000, 'could not delete old alerts', () => dispatcher.prune(), { now: true });
    },
    async stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
      await telegram.stop();
      await webhooks.close();
    },
  };
}
