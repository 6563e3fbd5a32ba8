import { type TSchema, Type } from 'typebox';
import { approvalModes, feedModes, repricingStrategies } from '../../infra/db/schema.ts';
import { railProperties } from '../products/index.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** "HH:MM", 00:00-23:59, Asia/Almaty. */
const HhMm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM (00:00-23:59), Asia/Almaty' });
const Interval = Type.Integer({ minimum: 1, maximum: 86_400, description: 'Seconds; at least the server minimum (DEMPER_MIN_INTERVAL_SECONDS)' });
const MerchantId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

/**
 * Strategies a store may give new products: those that need no per-product parameters
 * (stay_top_n needs a position and fixed a price, which only a product can say).
 */
export const defaultStrategies = repricingStrategies.filter((s) => s !== 'stay_top_n' && s !== 'fixed');

const FeedMode = Type.Enum(feedModes, {
  description:
    "How the demper's prices reach Kaspi: off = the pricefeed call only (the default, until the store's feed_url is entered in the Kaspi cabinet); " +
    'fallback = the pricefeed, and the XML feed while the Kaspi session needs a new login or the account is paused after a 429; only = the XML feed alone (no pricefeed calls)',
});

/** The store's approval mode; a product's own `approval_mode` overrides it. */
export const ApprovalMode = Type.Enum(approvalModes, {
  description:
    'What the demper does with a decision: auto = push it (the default); approve = record a proposal the seller approves or rejects (nothing reaches Kaspi until approved); notify = push it, then tell the seller',
});
const Scheduler = Type.Enum(['adaptive', 'uniform'], {
  description:
    "adaptive (the default): each product is read as often as its competition moves and its worth deserve, within the read budget, at most max_interval_seconds apart, price wars on the rival's clock; " +
    'uniform: every product every check_interval_seconds (priority_interval_seconds for priority products), in turn when the budget cannot keep up',
});
const maxIntervalDescription = 'Adaptive: the longest a product may wait between two reads (seconds); the guarantee that nothing is forgotten';
const MaxInterval = Type.Integer({ minimum: 60, maximum: 86_400, description: maxIntervalDescription });

export const Rails = Type.Object(railProperties, { additionalProperties: false });

/** Every rail with its effective value (store setting or default). */
const EffectiveRails = Type.Object({
  auto_lower: Type.Boolean(),
  auto_raise: Type.Boolean(),
  at_floor: Type.String(),
  no_competitors: Type.String(),
  raise_cooldown_seconds: Type.Number(),
  max_drop_percent: Type.Number(),
  max_changes_per_day: Nullable(Type.Integer()),
  cluster_tolerance: Type.Number(),
  cluster_min_size: Type.Integer(),
  max_delivery_duration: Nullable(Type.String()),
});

export const DemperSettings = Type.Object({
  store_id: Type.String({ format: 'uuid' }),
  enabled: Type.Boolean(),
  check_interval_seconds: Type.Integer(),
  priority_interval_seconds: Type.Integer(),
  work_hours_start: Nullable(Type.String()),
  work_hours_end: Nullable(Type.String()),
  timezone: Type.String({ description: 'Work hours are in this time zone (always Asia/Almaty)' }),
  default_step: Type.Integer(),
  default_strategy: Type.String(),
  ignored_merchant_ids: Type.Array(Type.String()),
  rails: EffectiveRails,
  feed_mode: FeedMode,
  approval_mode: ApprovalMode,
  scheduler: Scheduler,
  max_interval_seconds: Type.Integer({ description: maxIntervalDescription }),
  paused_until: Nullable(Type.String({ format: 'date-time', description: 'Kaspi banned price writes; no pushes until then' })),
  last_error: Nullable(Type.String()),
  last_error_at: Nullable(Type.String({ format: 'date-time' })),
  updated_at: Nullable(Type.String({ format: 'date-time', description: 'null until the settings are first saved' })),
});

export const DemperSettingsParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const UpdateDemperSettingsBody = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    check_interval_seconds: Type.Optional(Interval),
    priority_interval_seconds: Type.Optional(Interval),
    work_hours_start: Type.Optional(Nullable(HhMm)),
    work_hours_end: Type.Optional(Nullable(HhMm)),
    default_step: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Step of new products' })),
    default_strategy: Type.Optional(Type.Enum(defaultStrategies, { description: 'Strategy of new products' })),
    ignored_merchant_ids: Type.Optional(Type.Array(MerchantId, { maxItems: 500, description: 'Merchants never treated as competitors' })),
    rails: Type.Optional(Type.Object(railProperties, { additionalProperties: false, description: 'Merged over the stored rails' })),
    feed_mode: Type.Optional(FeedMode),
    approval_mode: Type.Optional(ApprovalMode),
    scheduler: Type.Optional(Scheduler),
    max_interval_seconds: Type.Optional(MaxInterval),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const DemperStatus = Type.Object({
  store_id: Type.String({ format: 'uuid' }),
  enabled: Type.Boolean(),
  needs_reauth: Type.Boolean(),
  reauth_reason: Nullable(Type.String()),
  products_enabled: Type.Integer({ description: 'bot_active and on sale on Kaspi' }),
  products_repriceable: Type.Integer({ description: 'enabled, with a public product id and a strategy other than manual' }),
  products_due: Type.Integer({ description: 'repriceable and due for a check now' }),
  longest_overdue_seconds: Type.Integer({
    description:
      'how late the most overdue check is: near 0 while the budgets keep up; growing while the demper is enabled and within work hours means the storefront read budget (egress proxies) cannot serve every interval',
  }),
  checks_last_hour: Type.Integer(),
  changes_last_hour: Type.Integer(),
  errors_last_hour: Type.Integer(),
  last_check_at: Nullable(Type.String({ format: 'date-time' })),
  last_error: Nullable(Type.String()),
  last_error_at: Nullable(Type.String({ format: 'date-time' })),
  paused_until: Nullable(Type.String({ format: 'date-time' })),
  within_work_hours: Type.Boolean(),
  feed_mode: FeedMode,
  via: Type.Enum(['pricefeed', 'feed'], {
    description: "How the demper's changes reach Kaspi now: the pricefeed call, or the XML feed (feed_mode only, or fallback while the session needs a login or the account is paused)",
  }),
  feed_last_pulled_at: Nullable(Type.String({ format: 'date-time', description: 'When the XML feed was last pulled (by Kaspi or anyone with its URL)' })),
  feed_last_pull_bytes: Nullable(Type.Integer({ description: 'Bytes that pull sent (0: unchanged, 304)' })),
  scheduler: Type.Object(
    {
      mode: Scheduler,
      store_planned_reads_per_second: Type.Number({ description: "Storefront reads per second this store's products are scheduled at (cities over interval)" }),
      products_in_war: Type.Integer({ description: "Products read on a rival bot's clock (a price war)" }),
      budget_reads_per_second: Nullable(Type.Number({ description: 'The read budget this store shares (the egress pool, or its own proxy), as the plan spends it; null before the first plan' })),
      planned_reads_per_second: Nullable(Type.Number({ description: 'Reads per second the plan gives every product on that budget' })),
      demand_reads_per_second: Nullable(
        Type.Number({ description: 'What the shops on that budget ask for: uniform stores at their interval, wars at their period, adaptive products at their longest interval' }),
      ),
      demand_over_budget: Nullable(
        Type.Number({ description: 'demand / budget: above 1 the longest-interval guarantees cannot all hold, and products wait longer (priority first, then worth, keep theirs)' }),
      ),
      overloaded: Type.Boolean(),
      guarantee_stretch: Nullable(
        Type.Number({ description: 'Non-priority adaptive products wait up to this many times their longest interval (1 unless overloaded; a day at most); null before the first plan' }),
      ),
      longest_wait_seconds: Nullable(
        Type.Integer({
          description:
            "How long this store's non-priority products may wait between reads under the current plan: max_interval_seconds, stretched when overloaded; null before the first plan and for uniform stores",
        }),
      ),
      longest_overdue_seconds: Type.Integer({ description: "How late this store's most overdue check is" }),
      planned_at: Nullable(Type.String({ format: 'date-time' })),
    },
    { description: 'The scheduler: the budget in use and the demand' },
  ),
});
