import { Type } from 'typebox';
import { listQueryProperties, pageSchema } from '../../http/pagination.ts';
import { deliveryErrorCodes, deliveryStatuses, notificationChannels, notificationKinds } from '../../infra/db/schema.ts';
import { alertKinds } from './preferences.ts';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

const kindDescriptions: Record<(typeof notificationKinds)[number], string> = {
  reauth_needed: 'the shop needs a new Kaspi login (the message has a button to the login step)',
  store_paused: 'Kaspi answered 429 to a price change: the shop’s price writes pause',
  egress_resting: 'Kaspi answered 403 to a storefront read through the shop’s own proxy: it rests',
  sync_failed: 'a catalogue sync failed',
  at_floor_lost_place: 'an offer held at its floor (min price) while a competitor is ahead',
  undercut: 'a competitor is cheaper than us by more than undercut_percent',
  preorder_failed: 'a preorder did not go through',
  daily_summary: 'the day of each shop, at summary_hour',
  proposal: 'approval mode: the demper proposes a change (approve/reject buttons in Telegram)',
  price_pushed: 'notify mode: the demper changed a price',
  delivery_failed: 'a channel failed after every retry (reported on the other channel)',
};

export const AlertKind = Type.Enum(alertKinds, {
  description: Object.entries(kindDescriptions)
    .map(([k, d]) => `\`${k}\`: ${d}`)
    .join('; '),
});
export const NotificationKind = Type.Enum(notificationKinds);

/** Every alert kind as an on/off switch. */
const kindSwitches = (optional: boolean, nullable: boolean, description?: string) =>
  Type.Object(
    Object.fromEntries(
      alertKinds.map((k) => {
        const description = kindDescriptions[k];
        const schema = nullable ? Type.Union([Type.Boolean(), Type.Null()], { description }) : Type.Boolean({ description });
        return [k, optional ? Type.Optional(schema) : schema];
      }),
    ),
    { additionalProperties: false, ...(description && { description }) },
  );

const HhMm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, Almaty time' });
const QuietHours = Type.Object(
  { start: HhMm, end: HhMm },
  { additionalProperties: false, description: 'Alerts raised from start (inclusive) to end (exclusive) are held and sent as one message per shop at the end; an end before the start spans midnight.' },
);

export const NotificationSettings = Type.Object({
  kinds: kindSwitches(false, false, 'Each kind on or off for every shop (defaults: all on)'),
  stores: Type.Record(Type.String({ format: 'uuid' }), kindSwitches(true, false), { description: 'Per-shop switches over `kinds` (only the kinds a shop overrides)' }),
  undercut_percent: Type.Integer({ description: 'An undercut alert needs a competitor cheaper than our price by more than this percent' }),
  quiet_hours: Nullable(QuietHours),
  summary_hour: Nullable(Type.Integer({ minimum: 0, maximum: 23, description: 'Almaty hour of the daily summary; null = no summary' })),
  timezone: Type.Literal('Asia/Almaty'),
  channels: Type.Object({
    telegram: Type.Object({
      available: Type.Boolean({ description: 'false: this server has no Telegram bot' }),
      linked: Type.Boolean(),
      chat: Nullable(
        Type.Object({ username: Nullable(Type.String()), title: Nullable(Type.String()), linked_at: Type.String({ format: 'date-time' }) }, { description: 'The linked chat; null when none' }),
      ),
    }),
    webhooks: Type.Integer({ description: 'enabled webhooks' }),
  }),
});

export const UpdateNotificationSettingsBody = Type.Object(
  {
    kinds: Type.Optional(kindSwitches(true, false)),
    stores: Type.Optional(
      Type.Record(Type.String({ format: 'uuid' }), Nullable(kindSwitches(true, true)), {
        description: 'Per shop: a kind true/false overrides `kinds`, null removes that override; a shop set to null removes all its overrides',
      }),
    ),
    undercut_percent: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
    quiet_hours: Type.Optional(Nullable(QuietHours)),
    summary_hour: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 23 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TelegramLink = Type.Object({
  linked: Type.Boolean(),
  chat: Nullable(
    Type.Object({
      username: Nullable(Type.String()),
      title: Nullable(Type.String()),
      linked_at: Type.String({ format: 'date-time' }),
    }),
  ),
  code: Type.String({ description: 'One-time code: send `/start <code>` to the bot (the deep link does it); each GET makes a new one and the earlier one stops working' }),
  deep_link: Type.String({ description: 'https://t.me/<bot>?start=<code>' }),
  bot_username: Type.String(),
  expires_at: Type.String({ format: 'date-time' }),
});

export const Webhook = Type.Object({
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  events: Type.Array(NotificationKind),
  enabled: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const CreatedWebhook = Type.Intersect([Webhook, Type.Object({ secret: Type.String({ description: 'The signing secret, shown this once: keep it to verify X-Demper-Signature' }) })]);

const WebhookUrl = Type.String({ minLength: 8, maxLength: 2000, description: 'http(s) URL; private and loopback hosts are refused unless WEBHOOK_ALLOWED_NETWORKS allows them' });
const WebhookEvents = Type.Array(NotificationKind, { minItems: 1, maxItems: notificationKinds.length, uniqueItems: true, description: 'The kinds POSTed to it' });

export const CreateWebhookBody = Type.Object({ url: WebhookUrl, events: WebhookEvents, enabled: Type.Optional(Type.Boolean({ default: true })) }, { additionalProperties: false });
export const UpdateWebhookBody = Type.Object(
  { url: Type.Optional(WebhookUrl), events: Type.Optional(WebhookEvents), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export const WebhookParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const Delivery = Type.Object({
  id: Type.String({ format: 'uuid' }),
  channel: Type.Enum(notificationChannels),
  status: Type.Enum(deliveryStatuses, { description: 'pending (waiting for its next attempt), sent, failed (after every retry, or a channel that can never take it)' }),
  store_id: Nullable(Type.String({ format: 'uuid' })),
  webhook_id: Nullable(Type.String({ format: 'uuid' })),
  target: Nullable(Type.String({ description: 'the webhook URL; null for Telegram' })),
  kinds: Type.Array(NotificationKind, { description: 'the kinds of the alerts it carries (a Telegram message groups a shop’s alerts)' }),
  alerts: Type.Integer({ description: 'how many alerts it carries' }),
  attempts: Type.Integer(),
  last_error: Nullable(Type.String({ description: 'the error of the latest failed attempt (kept when a later attempt succeeded), in English' })),
  last_error_code: Nullable(
    Type.Enum(deliveryErrorCodes, {
      description:
        'why the latest failed attempt failed, for the app to say in the user’s language: webhook_status, webhook_unreachable, webhook_address_refused, webhook_deleted, webhook_disabled, telegram_refused, telegram_status, telegram_unreachable, telegram_off, chat_unlinked, alerts_gone, unexpected',
    }),
  ),
  last_error_detail: Nullable(Type.String({ description: 'the technical part of that error: the HTTP status a webhook answered (`HTTP 500`), Telegram’s or the network’s words' })),
  next_attempt_at: Nullable(Type.String({ format: 'date-time' })),
  sent_at: Nullable(Type.String({ format: 'date-time' })),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const DeliveryListQuery = Type.Object({
  page: listQueryProperties.page,
  page_size: listQueryProperties.page_size,
  channel: Type.Optional(Type.Enum(notificationChannels)),
  status: Type.Optional(Type.Enum(deliveryStatuses)),
});

export const DeliveryPage = pageSchema(Delivery);
