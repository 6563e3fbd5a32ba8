import ipaddr from 'ipaddr.js';
import { Type } from 'typebox';
import { commaList, msFromSeconds, section, variable } from './define.ts';

/** `30,120,600,3600` -> [30000, 120000, 600000, 3600000]. */
const msList = (value: string): number[] => commaList(value).map((s) => Number(s) * 1000);

export const notifications = section(
  'Alerts (Telegram and webhooks)',
  {
    notifications: {
      telegramBotToken: variable(
        'TELEGRAM_BOT_TOKEN',
        Type.Optional(Type.String({ minLength: 20, description: 'The Telegram bot token from @BotFather. Unset: Telegram is off (said once at start); webhooks still work.' })),
      ),
      telegramApiRoot: variable(
        'TELEGRAM_API_ROOT',
        Type.String({
          pattern: '^https?://[^\\s?#]+[^/\\s?#]$',
          default: 'https://api.telegram.org',
          description: "The Telegram Bot API's address, without a trailing slash (a local Bot API server, or the tests' fake).",
        }),
      ),
      telegramPollSeconds: variable(
        'TELEGRAM_POLL_SECONDS',
        Type.Integer({ minimum: 0, maximum: 50, default: 25, description: 'Long-poll timeout of one getUpdates call (seconds); one process at a time polls, elected through the shared lock.' }),
      ),
      linkCodeTtlMs: variable(
        'TELEGRAM_LINK_CODE_TTL_SECONDS',
        Type.Integer({ minimum: 60, maximum: 86_400, default: 900, description: 'How long a one-time Telegram link code (the /start deep link) stays valid (seconds).' }),
        { to: msFromSeconds },
      ),
      groupMs: variable(
        'NOTIFY_GROUP_SECONDS',
        Type.Number({
          minimum: 0,
          maximum: 3600,
          default: 60,
          description: 'Alerts of one shop raised within this many seconds of the first become one Telegram message (the message waits that long).',
        }),
        { to: msFromSeconds },
      ),
      retryDelaysMs: variable(
        'NOTIFY_RETRY_SECONDS',
        Type.String({
          pattern: '^\\s*\\d+(\\.\\d+)?(\\s*,\\s*\\d+(\\.\\d+)?)*\\s*$',
          default: '30,120,600,3600',
          description: 'Pauses before each retry of a failed delivery (seconds, comma-separated); after the last one the delivery is failed and reported on another channel.',
        }),
        { to: msList },
      ),
      repeatMs: variable(
        'NOTIFY_REPEAT_HOURS',
        Type.Number({
          exclusiveMinimum: 0,
          maximum: 168,
          default: 6,
          description: 'An undercut or at-floor alert for one product is raised again only after its condition cleared, or after this many hours.',
        }),
        { to: (hours) => hours * 3_600_000 },
      ),
      retentionDays: variable(
        'NOTIFY_RETENTION_DAYS',
        Type.Integer({
          minimum: 1,
          maximum: 3650,
          default: 90,
          description: 'Alerts and their deliveries are deleted this many days after they were raised; workers prune hourly. What is still on its way stays.',
        }),
      ),
      webhookTimeoutMs: variable(
        'WEBHOOK_TIMEOUT_SECONDS',
        Type.Number({ exclusiveMinimum: 0, maximum: 60, default: 10, description: 'How long one webhook POST may take before it counts as failed (seconds).' }),
        { to: msFromSeconds },
      ),
      webhookAllowedNetworks: variable(
        'WEBHOOK_ALLOWED_NETWORKS',
        Type.Optional(
          Type.String({
            description:
              'Networks a webhook URL may point into although they are not public: comma-separated CIDRs or addresses (e.g. 10.20.0.0/16). ' +
              'Unset: a webhook host must resolve only to public addresses (private, loopback, link-local, metadata and reserved ones are refused on save and on every delivery).',
          }),
        ),
        {
          to: commaList,
          check: (value) => (commaList(value).every((n) => ipaddr.isValidCIDR(n) || ipaddr.isValid(n)) ? undefined : 'each entry must be a CIDR (10.0.0.0/8, fd00::/8) or an IP address'),
        },
      ),
    },
  },
  'Telegram is optional; every alert is recorded and listed under /api/v1/notifications/deliveries/.',
);
