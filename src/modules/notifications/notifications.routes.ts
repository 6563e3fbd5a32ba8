import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { bearerSecurity } from '../../http/authenticate.ts';
import { pageRequest, pageResponse, pageWindow } from '../../http/pagination.ts';
import {
  CreatedWebhook,
  CreateWebhookBody,
  DeliveryListQuery,
  DeliveryPage,
  NotificationSettings,
  TelegramLink,
  UpdateNotificationSettingsBody,
  UpdateWebhookBody,
  Webhook,
  WebhookParams,
} from './notifications.schemas.ts';

const tags = ['notifications'];
const security = bearerSecurity;

/** Alerts: preferences, the Telegram link, webhooks and what was delivered. */
export const notificationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const notifications = app.services.notifications;

  app.get(
    '/notifications/settings/',
    { schema: { tags, security, summary: 'Your alert preferences: kinds on/off (per shop too), undercut threshold, quiet hours, daily summary hour', response: { 200: NotificationSettings } } },
    async (request) => notifications.getSettings(request.actor),
  );

  app.patch(
    '/notifications/settings/',
    {
      schema: {
        tags,
        security,
        summary: 'Change alert preferences (only the fields sent)',
        description: 'Times are Almaty time. A shop switch overrides the user switch of that kind; null removes the override.',
        body: UpdateNotificationSettingsBody,
        response: { 200: NotificationSettings },
      },
    },
    async (request) => notifications.updateSettings(request.actor, request.body),
  );

  app.get(
    '/notifications/telegram/link/',
    {
      schema: {
        tags,
        security,
        summary: 'Link a Telegram chat: a one-time code and the bot deep link that sends it',
        description: 'Open deep_link (or send `/start <code>` to the bot) within the TTL; the bot confirms in the chat. 503 telegram_off when the server has no bot.',
        response: { 200: TelegramLink },
      },
    },
    async (request) => notifications.telegramLink(request.actor),
  );

  app.delete('/notifications/telegram/', { schema: { tags, security, summary: 'Unlink your Telegram chat' } }, async (request, reply) => {
    await notifications.unlinkTelegram(request.actor);
    return reply.code(204).send();
  });

  app.get('/notifications/webhooks/', { schema: { tags, security, summary: 'Your webhooks', response: { 200: Type.Array(Webhook) } } }, async (request) => notifications.listWebhooks(request.actor));

  app.post(
    '/notifications/webhooks/',
    {
      schema: {
        tags,
        security,
        summary: 'Add a webhook: alerts of the chosen kinds are POSTed to it, signed',
        description:
          'Each delivery is `POST <url>` with JSON `{id, kind, created_at, user_id, store_id, data}` and `X-Demper-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. ' +
          'Verify the MAC over the raw body and refuse a t older than 5 minutes (replays). Answer 2xx; anything else is retried with backoff, then the delivery fails and is reported. The secret is in this answer only.',
        body: CreateWebhookBody,
        response: { 201: CreatedWebhook },
      },
    },
    async (request, reply) => reply.code(201).send(await notifications.createWebhook(request.actor, request.body)),
  );

  app.patch(
    '/notifications/webhooks/:id/',
    { schema: { tags, security, summary: 'Change a webhook (url, events, enabled)', params: WebhookParams, body: UpdateWebhookBody, response: { 200: Webhook } } },
    async (request) => notifications.updateWebhook(request.actor, request.params.id, request.body),
  );

  app.delete('/notifications/webhooks/:id/', { schema: { tags, security, summary: 'Delete a webhook (its past deliveries stay listed)', params: WebhookParams } }, async (request, reply) => {
    await notifications.deleteWebhook(request.actor, request.params.id);
    return reply.code(204).send();
  });

  app.get(
    '/notifications/deliveries/',
    {
      schema: {
        tags,
        security,
        summary: 'What was sent where: one row per message per channel, newest first',
        description: 'A Telegram message may carry several alerts of a shop (grouped); a webhook delivery carries one. `failed` = every retry failed (the user was told on another channel, if any).',
        querystring: DeliveryListQuery,
        response: { 200: DeliveryPage },
      },
    },
    async (request) => {
      const { channel, status } = request.query;
      const page = pageRequest(request.query);
      const { rows, count } = await notifications.listDeliveries(request.actor, { ...(channel && { channel }), ...(status && { status }) }, pageWindow(page));
      return pageResponse(request, page, count, rows);
    },
  );
};
