import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The one schema for PostgreSQL and embedded PGlite. Prices are integer tenge everywhere.
 * Columns ending in `_encrypted` hold AES-256-GCM envelopes (src/infra/crypto/secret-box.ts), never plain text.
 */

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-cased, so the unique index is case-insensitive. */
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    isAdmin: boolean('is_admin').notNull().default(false),
    /** In every bearer token; bumping it (sign-out, password change, an admin) revokes the tokens issued before. */
    tokenVersion: integer('token_version').notNull().default(0),
    /** Set by an admin: the user cannot sign in or use a token, and their shops are not worked. */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /** The language of the web app and of what we write to the user. */
    language: text('language').$type<UserLanguage>().notNull().default('ru'),
    ...timestamps,
  },
  (t) => [uniqueIndex('users_email_key').on(t.email), check('users_language_check', sql`${t.language} in ('ru', 'kk', 'en')`)],
);

export const userLanguages = ['ru', 'kk', 'en'] as const;
export type UserLanguage = (typeof userLanguages)[number];

/**
 * Browser sessions: one row per sign-in from a browser (the `kd_session` cookie names its row). Ending
 * one (`revoked_at`) signs out that browser only; a sign-out or a password change (the user's token
 * version moves past `token_version`) ends them all, as it revokes bearer tokens.
 */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The user's token version at sign-in: the session is valid only while it is still the user's. */
    tokenVersion: integer('token_version').notNull(),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Refreshed at most once a minute by the requests of the session. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId, t.createdAt)],
);

export const kaspiStores = pgTable(
  'kaspi_stores',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    merchantId: text('merchant_id').notNull(),
    name: text('name').notNull(),
    /** Kaspi Shop API v2 token. */
    apiKeyEncrypted: text('api_key_encrypted'),
    productsCount: integer('products_count').notNull().default(0),
    lastSync: timestamp('last_sync', { withTimezone: true }),
    isActive: boolean('is_active').notNull().default(true),
    lastLogin: timestamp('last_login', { withTimezone: true }),
    /** Pickup points as the cabinet lists them (getMerchant). */
    points: jsonb('points').$type<StorePoint[]>().notNull().default([]),
    /** The cabinet session: the browser's cookies after login, as JSON. */
    sessionEncrypted: text('session_encrypted'),
    /** What renews the session without the user: `{email, password}` or `{phone}` as JSON. */
    credentialsEncrypted: text('credentials_encrypted'),
    /** The Kaspi login (e-mail or phone) the store was linked with; not a secret, shown to its owner. */
    kaspiLogin: text('kaspi_login'),
    /** Bumped on every new session: a process that saw a 401 with an older one knows it was renewed meanwhile. */
    sessionVersion: integer('session_version').notNull().default(0),
    /** Renewal needs the user (SMS, changed password): cabinet work for this store pauses until they log in. */
    needsReauth: boolean('needs_reauth').notNull().default(false),
    reauthReason: text('reauth_reason'),
    sessionCheckedAt: timestamp('session_checked_at', { withTimezone: true }),
    /** HTTP(S) proxy for this store's Kaspi calls; may carry credentials. */
    proxyUrlEncrypted: text('proxy_url_encrypted'),
    /**
     * When a Kaspi login last proved that the owner acts for this merchant. Null: added by hand, a claim
     * only; a verified login of the merchant by another user takes the store over.
     */
    kaspiVerifiedAt: timestamp('kaspi_verified_at', { withTimezone: true }),
    /**
     * The XML price list's secret URL token (kaspi-protocol.md 5): sealed, so the owner can be shown
     * the URL, and its SHA-256 (hex), which is how a pull finds the store. Null until first shown.
     */
    feedTokenEncrypted: text('feed_token_encrypted'),
    feedTokenHash: text('feed_token_hash'),
    ...timestamps,
  },
  (t) => [
    // One merchant account is linked by one user only.
    uniqueIndex('kaspi_stores_merchant_id_key').on(t.merchantId),
    uniqueIndex('kaspi_stores_feed_token_hash_key').on(t.feedTokenHash),
    index('kaspi_stores_user_id_idx').on(t.userId, t.createdAt),
  ],
);

export interface StorePoint {
  /** PP1, PP2, ...: what the XML feed calls storeId; the pricefeed's storeId is `<uid>_<name>`. */
  name: string;
  city_id: string | null;
  city_name: string | null;
  enabled: boolean;
}

/**
 * A login waiting for its SMS code. Any API process can finish it: the browser's state at the code
 * step is here (sealed), so a fresh browser context restored from it sees the code step again.
 */
export const kaspiPendingLogins = pgTable(
  'kaspi_pending_logins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** 'email' (password, then SMS) or 'phone' (SMS only). */
    method: text('method').$type<'email' | 'phone'>().notNull(),
    /** Sealed JSON: credentials, browser storage state and the page to reopen. */
    stateEncrypted: text('state_encrypted').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ...timestamps,
  },
  (t) => [index('kaspi_pending_logins_user_idx').on(t.userId), index('kaspi_pending_logins_expires_idx').on(t.expiresAt)],
);

/**
 * What the demper does with a decision: `auto` pushes it, `approve` records a proposal the seller
 * approves or rejects (nothing reaches Kaspi until then), `notify` pushes it and tells the seller.
 */
export const approvalModes = ['auto', 'approve', 'notify'] as const;
export type ApprovalMode = (typeof approvalModes)[number];

export const repricingStrategies = ['beat_first', 'stay_top_n', 'follow_second', 'match_first', 'fixed', 'manual'] as const;
export type RepricingStrategy = (typeof repricingStrategies)[number];

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => kaspiStores.id, { onDelete: 'cascade' }),
    /**
     * The store's owner, copied here (a store never changes owner) so a user's product list is one
     * index range scan instead of a join over every product of every store.
     */
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Kaspi offer id in the merchant cabinet. */
    kaspiProductId: text('kaspi_product_id'),
    /** Merchant SKU: what the pricefeed needs to change a price. */
    kaspiSku: text('kaspi_sku').notNull(),
    /** Public product id (from shopLink): what competitor lookups need. */
    externalKaspiId: text('external_kaspi_id'),
    name: text('name').notNull(),
    category: text('category'),
    brand: text('brand'),
    imageUrl: text('image_url'),
    price: integer('price'),
    minPrice: integer('min_price'),
    maxPrice: integer('max_price'),
    step: integer('step').notNull().default(1),
    strategy: text('strategy').$type<RepricingStrategy>().notNull().default('beat_first'),
    strategyParams: jsonb('strategy_params').$type<Record<string, unknown>>().notNull().default({}),
    botActive: boolean('bot_active').notNull().default(false),
    lastCheckTime: timestamp('last_check_time', { withTimezone: true }),
    /** Per-city prices as Kaspi holds them (`price` is the base price). */
    cityPrices: jsonb('city_prices').$type<ProductCityPrice[]>().notNull().default([]),
    /**
     * When `city_prices` were last known to be Kaspi's whole price list: read from the storefront in
     * every city where the offer is on sale, or sent by an accepted push of ours; null = never.
     */
    cityPricesSeenAt: timestamp('city_prices_seen_at', { withTimezone: true }),
    /** Availability per pickup point, as the cabinet lists it. */
    availabilities: jsonb('availabilities').$type<ProductAvailability[]>().notNull().default([]),
    shopLink: text('shop_link'),
    /** `removed` when the last sync no longer found the offer on Kaspi; products are never deleted by a sync. */
    kaspiStatus: text('kaspi_status').$type<KaspiStatus>().notNull().default('active'),
    /** Why the demper cannot reprice it (no public product id); null when it can. */
    notRepriceableReason: text('not_repriceable_reason'),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    /** Checked more often by the demper (the store's priority interval). */
    priority: boolean('priority').notNull().default(false),
    /** Per-city overrides of the product's rules: `{ "<city id>": { min_price, max_price, step, strategy, strategy_params } }`. */
    cityRules: jsonb('city_rules').$type<Record<string, CityRuleOverride>>().notNull().default({}),
    /** The product's own safety rails and cost, over the store's (`auto_raise`, `max_drop_percent`, `cost`, ...). */
    rules: jsonb('rules').$type<ProductRailsOverride>().notNull().default({}),
    /** When the demper checks it next; null = as soon as it is enabled. */
    nextCheckAt: timestamp('next_check_at', { withTimezone: true }),
    /** A worker's claim: nobody else checks the product before this; a killed worker's claim simply runs out. */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    /**
     * Our last pricefeed write for this offer (a repricer move, a manual price, a preorder): a
     * storefront read older than this may not show it yet. Unlike `updated_at`, no edit bumps it.
     */
    lastPushAt: timestamp('last_push_at', { withTimezone: true }),
    /** The demper's last word on this product: per city the decision, reason and position; or the error. */
    demperState: jsonb('demper_state').$type<ProductDemperState>(),
    /** The demper's scheduler: what it learned of the competition's pace, and when and why it reads next. */
    schedule: jsonb('schedule').$type<ProductSchedule>(),
    /**
     * The catalogue table's per-city summary of `demper_state` (our place, the cheapest competitor),
     * written with it by the repricer, so a list page reads a few bytes per row instead of the decision.
     */
    market: jsonb('market').$type<ProductMarketSummary[]>().notNull().default([]),
    /** Our best place over the cities of `market` (1 = first somewhere); null when not listed anywhere or not checked. */
    bestPlace: integer('best_place'),
    /** Overrides the store's `approval_mode` for this product; null = the store's. */
    approvalMode: text('approval_mode').$type<ApprovalMode>(),
    /** The public product card (title, brand, images, rating, reviews), refreshed after syncs. */
    card: jsonb('card').$type<ProductCard>(),
    cardRefreshedAt: timestamp('card_refreshed_at', { withTimezone: true }),
    ...timestamps,
    /** Whether competitors can be looked up (see `not_repriceable_reason`): a list filter, kept by the database. */
    repriceable: boolean('repriceable').generatedAlwaysAs(sql`external_kaspi_id is not null and not_repriceable_reason is null`),
  },
  (t) => [
    uniqueIndex('products_store_sku_key').on(t.storeId, t.kaspiSku),
    uniqueIndex('products_store_offer_key').on(t.storeId, t.kaspiProductId).where(sql`${t.kaspiProductId} is not null`),
    index('products_store_created_idx').on(t.storeId, t.createdAt),
    // The catalogue list, one index per ordering: (user, ordering key, id) walks a page in order, and the
    // trailing filter columns (store, enabled, Kaspi status, repriceable) let a page's ids and a count
    // be read from the index alone (index-only scans), however deep the page.
    index('products_list_created_idx').on(t.userId, t.createdAt, t.id, t.storeId, t.botActive, t.kaspiStatus, t.repriceable),
    index('products_list_updated_idx').on(t.userId, t.updatedAt, t.id, t.storeId, t.botActive, t.kaspiStatus, t.repriceable),
    index('products_list_price_idx').on(t.userId, t.price, t.id, t.storeId, t.botActive, t.kaspiStatus, t.repriceable),
    index('products_list_place_idx').on(t.userId, t.bestPlace, t.id, t.storeId, t.botActive, t.kaspiStatus, t.repriceable),
    // Names sort case-insensitively; `name` itself is in the index so the scan needs no table row.
    index('products_list_name_idx').on(t.userId, sql`lower(${t.name})`, t.id, t.name, t.storeId, t.botActive, t.kaspiStatus, t.repriceable),
    index('products_user_category_idx').on(t.userId, t.category),
    index('products_store_name_idx').on(t.storeId, t.name),
    // `search` is ILIKE '%term%' on name and SKU: trigram indexes (pg_trgm, created by the migration).
    index('products_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('products_sku_trgm_idx').using('gin', sql`${t.kaspiSku} gin_trgm_ops`),
    index('products_external_idx').on(t.externalKaspiId),
    // The demper's queue: enabled products by due time (claims scan this, never the whole table).
    index('products_demper_due_idx').on(t.nextCheckAt.asc().nullsFirst()).where(sql`${t.botActive}`),
    check('products_price_check', sql`${t.price} is null or ${t.price} >= 10`),
    check('products_min_price_check', sql`${t.minPrice} is null or ${t.minPrice} >= 10`),
    check('products_max_price_check', sql`${t.maxPrice} is null or ${t.maxPrice} >= 10`),
    check('products_min_max_check', sql`${t.minPrice} is null or ${t.maxPrice} is null or ${t.minPrice} <= ${t.maxPrice}`),
    check('products_step_check', sql`${t.step} >= 1`),
  ],
);

/** What a city may override of a product's rules (API names). */
export interface CityRuleOverride {
  min_price?: number | null;
  max_price?: number | null;
  step?: number;
  strategy?: RepricingStrategy;
  strategy_params?: Record<string, unknown>;
}

/** The safety rails and switches (API names); a store sets them for all its products, a product may override. */
export interface DemperRails {
  auto_lower?: boolean;
  auto_raise?: boolean;
  at_floor?: 'hold_at_min' | 'best_reachable';
  no_competitors?: 'go_to_max' | 'hold';
  raise_cooldown_seconds?: number;
  max_drop_percent?: number;
  max_changes_per_day?: number | null;
  cluster_tolerance?: number;
  cluster_min_size?: number;
  max_delivery_duration?: string | null;
}

export interface ProductRailsOverride extends DemperRails {
  /** Gives a cost floor: purchase price + commission + tax + delivery. */
  cost?: { purchase_price: number; commission_percent: number; tax_percent: number; delivery: number } | null;
}

/** One read's news for the rate estimate: [seconds since the previous read, changed (1) or not (0), at (epoch s)]. */
export type ScheduleObservation = readonly [seconds: number, changed: 0 | 1, at: number];

/** A competitor move a read saw: [seen at, previous read at (epoch s), cheapest other price change, after a move of ours (1)]. */
/** `ourMoveAt`: epoch s of our push the move followed (when `afterOurMove`); older rows lack it. */
export type ScheduleMove = readonly [seenAt: number, previousReadAt: number, cheapestDelta: number, afterOurMove: 0 | 1, ourMoveAt?: number];

/** What a product's reads of one city have shown (src/modules/repricer/scheduler/market-watch.ts). */
export interface CityWatch {
  city_id: string;
  /** Epoch seconds of the last read this product used. */
  read_at: number;
  /** The competitors' offers at that read, hashed. */
  fingerprint: string;
  cheapest: number | null;
  observations: ScheduleObservation[];
  moves: ScheduleMove[];
  /**
   * The rate estimate's prior interval (seconds; change-rate.ts), set by the first read: shorter when
   * a competitor sat just under our price then (a sign of a bot at work). Absent: the default hour.
   */
  prior_seconds?: number;
}

/** A price war's clock (src/modules/repricer/scheduler/price-war.ts). */
export interface WarClock {
  city_id: string;
  period_seconds: number;
  /** Epoch seconds: when the rival's next move is expected, and when we plan to read it. */
  expected_at: number;
  read_at: number;
  /** The rival's usual undercut (tenge), when it is steady. */
  step: number | null;
  /** The rival moved after one of our moves nearly every time: it answers us. */
  answers_us: boolean;
  /** Planned reads in a row that came before the move (each followed by one a little later). */
  misses: number;
  /** How much earlier than the last read (plus a period) the next is planned: doubles while reads keep seeing the move late. */
  walk_seconds: number;
  since: number;
  /** Estimated times (epoch s) of the rival's last moves, from narrow windows: they refine the period. */
  marks: number[];
  /**
   * A rival that answers our moves after a steady delay (answerer-war.ts): the window the delay lies
   * in, seconds after our push, and our last push it follows. Absent for a rival on its own clock.
   */
  answer?: { lo: number; hi: number; our_move_at: number | null } | null;
}

/**
 * Why a product is read when it is: `uniform` (the store's fixed interval), `war` (on a rival's
 * clock), `active` (its competition moves often), `quiet` (at its longest interval), `priority`
 * (the seller's priority keeps it short), `learning` (too few reads to know its pace), `verify` (a
 * change of ours waits to show), `retry` (the last read failed), `overdue` (shown when it is late).
 */
export const scheduleReasons = ['uniform', 'war', 'active', 'quiet', 'priority', 'learning', 'verify', 'retry', 'overdue'] as const;
export type ScheduleReason = (typeof scheduleReasons)[number];

/** `products.schedule`: the scheduler's learning and its last word on the product. */
export interface ProductSchedule {
  mode: 'adaptive' | 'uniform';
  /** Competitor moves per second, over the product's cities. */
  rate: number;
  interval_seconds: number;
  reason: ScheduleReason;
  /** Storefront reads per check (its cities). */
  cost: number;
  planned_at: string;
  cities: CityWatch[];
  war: WarClock | null;
  /** A suspected war being timed: reads left at the probe's interval (price-war.ts suspectWar). */
  probe?: { city_id: string; reads_left: number; interval_seconds: number } | null;
  /** Epoch s: no new probe before then (the last one found no war). */
  probe_after?: number | null;
}

export interface ProductDemperState {
  checked_at: string;
  error: string | null;
  /** Approval mode: the open proposal this check's decision is waiting in. */
  proposal_id?: string | null;
  cities: {
    city_id: string;
    action: string;
    price: number;
    reason: string;
    expected_position: number | null;
    actual_position?: number | null;
    /** The price the strategy aimed at (the competitor it beat or followed). */
    competitor_price: number | null;
    /** The lowest price of another merchant in the city's read; absent in states written before it was kept. */
    cheapest_competitor_price?: number | null;
  }[];
}

/** One city of `products.market`: the place we held and the cheapest competitor at the last check. */
export interface ProductMarketSummary {
  city_id: string;
  /** 1 = first on the storefront; null when our offer was not listed. */
  place: number | null;
  cheapest_competitor_price: number | null;
  checked_at: string;
}

export const kaspiStatuses = ['active', 'removed'] as const;
export type KaspiStatus = (typeof kaspiStatuses)[number];

export interface ProductCityPrice {
  city_id: string;
  price: number;
}

export interface ProductAvailability {
  /** PP1, PP2, ... */
  point: string;
  available: boolean;
  stock_count: number;
  /** 0 = in stock; 1-30 = on preorder with that many days. */
  preorder_days: number;
}

/** The `card` column holds the public product card as the Kaspi client reads it. */
/** The public product card as stored (the storefront client parses it into the same shape). */
export interface ProductCard {
  title: string | null;
  brand: string | null;
  images: string[];
  rating: number | null;
  reviews_count: number | null;
}

/**
 * Every price we asked Kaspi to set, by hand or by the demper, and what came of it.
 * `city_id` null = the base price.
 */
export const priceHistory = pgTable(
  'price_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    storeId: uuid('store_id')
      .notNull()
      .references(() => kaspiStores.id, { onDelete: 'cascade' }),
    cityId: text('city_id'),
    oldPrice: integer('old_price'),
    newPrice: integer('new_price').notNull(),
    /** `manual` (the seller) or `demper`. */
    source: text('source').$type<'manual' | 'demper'>().notNull(),
    /** Why: a reason code of the pricing engine, or `manual`. */
    reason: text('reason').notNull(),
    strategy: text('strategy'),
    competitorPrice: integer('competitor_price'),
    position: integer('position'),
    /**
     * `sending` (the demper is calling Kaspi; left behind only by a killed worker, settled by the next
     * check), `pushed` (Kaspi accepted the call), `applied` (seen on the storefront), `superseded`
     * (Kaspi accepted it, then a newer change replaced it before the storefront showed it), `failed`.
     */
    status: text('status').$type<PriceHistoryStatus>().notNull().default('pushed'),
    error: text('error'),
    /** Our place on the storefront when the change was verified. */
    actualPosition: integer('actual_position'),
    /** How the change went to Kaspi: the pricefeed call, or the XML price list Kaspi pulls (`feed`). */
    via: text('via').$type<PriceChangeVia>().notNull().default('pricefeed'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /** Who approved the demper's proposal this change carries out (approval mode); null = nobody had to. */
    approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
    /** The proposal this change carries out (approval mode). */
    proposalId: uuid('proposal_id').references(() => priceProposals.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('price_history_product_idx').on(t.productId, t.createdAt), index('price_history_store_idx').on(t.storeId, t.createdAt)],
);

export type PriceHistoryStatus = 'sending' | 'pushed' | 'applied' | 'superseded' | 'failed';
export const priceChangeVias = ['pricefeed', 'feed'] as const;
export type PriceChangeVia = (typeof priceChangeVias)[number];

/**
 * How the demper's prices reach Kaspi: `off` (the pricefeed call only), `fallback` (the pricefeed,
 * and the XML feed while the session is dead or the account paused), `only` (the XML feed alone).
 */
export const feedModes = ['off', 'fallback', 'only'] as const;
export type FeedMode = (typeof feedModes)[number];

/** The demper of one store: on/off, pace, working hours, defaults and rails, and why it is paused. */
export const storeDemperSettings = pgTable('store_demper_settings', {
  storeId: uuid('store_id')
    .primaryKey()
    .references(() => kaspiStores.id, { onDelete: 'cascade' }),
  enabled: boolean('enabled').notNull().default(false),
  checkIntervalSeconds: integer('check_interval_seconds').notNull().default(300),
  /** Priority products are checked this often. */
  priorityIntervalSeconds: integer('priority_interval_seconds').notNull().default(60),
  /** "HH:MM" in Asia/Almaty; both null = all day. An end before the start spans midnight. */
  workHoursStart: text('work_hours_start'),
  workHoursEnd: text('work_hours_end'),
  /** Given to products the store imports or the seller creates without their own. */
  defaultStep: integer('default_step').notNull().default(1),
  defaultStrategy: text('default_strategy').$type<RepricingStrategy>().notNull().default('beat_first'),
  ignoredMerchantIds: jsonb('ignored_merchant_ids').$type<string[]>().notNull().default([]),
  rails: jsonb('rails').$type<DemperRails>().notNull().default({}),
  feedMode: text('feed_mode').$type<FeedMode>().notNull().default('off'),
  /** `auto`, `approve` or `notify` for the store's products (a product may override it). */
  approvalMode: text('approval_mode').$type<ApprovalMode>().notNull().default('auto'),
  /** `adaptive`: intervals follow each product's pace within the read budget; `uniform`: every product every check_interval_seconds. */
  scheduler: text('scheduler').$type<'adaptive' | 'uniform'>().notNull().default('adaptive'),
  /** Adaptive: no product waits longer than this between reads (the guarantee). */
  maxIntervalSeconds: integer('max_interval_seconds').notNull().default(3600),
  /** Set after Kaspi banned the account's writes (429): no pushes until then. */
  pausedUntil: timestamp('paused_until', { withTimezone: true }),
  lastError: text('last_error'),
  lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
  ...timestamps,
});

export const proposalStatuses = ['open', 'approving', 'pushed', 'failed', 'stale', 'rejected'] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];

/** Why a proposal was not pushed when approved (or closed by the demper). */
export const proposalStaleReasons = ['newer_proposal', 'too_old', 'market_moved', 'price_changed', 'out_of_bounds', 'no_longer_proposed'] as const;
export type ProposalStaleReason = (typeof proposalStaleReasons)[number];

/** One city of a proposal: what the demper would push there, and why. */
export interface ProposalCityChange {
  city_id: string;
  city_name: string | null;
  old_price: number;
  new_price: number;
  reason: string;
  strategy: string;
  /** The competitor price the move answers (the one it beats or follows). */
  competitor_price: number | null;
  expected_position: number | null;
}

/** One city of the market a proposal saw: the cheapest competitor and our place, when read. */
export interface ProposalMarketCity {
  city_id: string;
  city_name: string | null;
  cheapest_competitor_price: number | null;
  our_place: number | null;
  read_at: string;
}

/**
 * The demper's proposals in approval mode: what it would push for a product (every city of one
 * pricefeed call) and the market it saw, waiting for the seller. `open` until approved (`approving`,
 * then `pushed` or `failed`), rejected, or `stale` (a newer proposal, too old, the market moved).
 */
export const priceProposals = pgTable(
  'price_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    storeId: uuid('store_id')
      .notNull()
      .references(() => kaspiStores.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status').$type<ProposalStatus>().notNull().default('open'),
    changes: jsonb('changes').$type<ProposalCityChange[]>().notNull(),
    market: jsonb('market').$type<ProposalMarketCity[]>().notNull().default([]),
    /** The cities and new prices, sorted: the same decision again is the same proposal, not a new one. */
    fingerprint: text('fingerprint').notNull(),
    /** The last check that came to the same decision (the age limit counts from here). */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull().defaultNow(),
    staleReason: text('stale_reason').$type<ProposalStaleReason>(),
    /** Why it is stale, or Kaspi's answer when the push failed. */
    detail: text('detail'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    /** Where the seller acted: `api` (the app or a script) or `telegram`. */
    decidedVia: text('decided_via').$type<'api' | 'telegram'>(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('price_proposals_store_idx').on(t.storeId, t.status, t.createdAt), index('price_proposals_product_idx').on(t.productId, t.createdAt)],
);

/** Checks per store per minute, for the status endpoint (one row per store and minute, added to by every worker). */
export const demperStats = pgTable(
  'demper_stats',
  {
    storeId: uuid('store_id')
      .notNull()
      .references(() => kaspiStores.id, { onDelete: 'cascade' }),
    minute: timestamp('minute', { withTimezone: true }).notNull(),
    checks: integer('checks').notNull().default(0),
    changes: integer('changes').notNull().default(0),
    errors: integer('errors').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.minute] })],
);

/**
 * The XML price list of a store as last served: a fingerprint of its content, so an unchanged list
 * answers 304 without being built, and when that content last changed (Last-Modified).
 */
export const storeFeeds = pgTable('store_feeds', {
  storeId: uuid('store_id')
    .primaryKey()
    .references(() => kaspiStores.id, { onDelete: 'cascade' }),
  fingerprint: text('fingerprint').notNull(),
  modifiedAt: timestamp('modified_at', { withTimezone: true }).notNull(),
});

/** Every pull of a store's XML price list (Kaspi's, or anyone's with the token): when, what, how big. */
export const storeFeedPulls = pgTable(
  'store_feed_pulls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => kaspiStores.id, { onDelete: 'cascade' }),
    pulledAt: timestamp('pulled_at', { withTimezone: true }).notNull().defaultNow(),
    /** 200 (the list sent) or 304 (unchanged since the puller's copy). */
    status: integer('status').notNull(),
    /** Bytes sent on the wire (gzipped when the puller asked for it); 0 for a 304. */
    bytes: integer('bytes').notNull(),
    offers: integer('offers'),
  },
  (t) => [index('store_feed_pulls_store_idx').on(t.storeId, t.pulledAt)],
);

export const preorderStatuses = ['pending', 'active', 'failed'] as const;
export type PreorderStatus = (typeof preorderStatuses)[number];

export interface PreorderWarehouse {
  /** Pickup point name as Kaspi shows it: PP1, PP2, ... */
  point: string;
  quantity: number;
}

export const preorders = pgTable(
  'preorders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    storeId: uuid('store_id')
      .notNull()
      .references(() => kaspiStores.id, { onDelete: 'cascade' }),
    article: text('article').notNull(),
    name: text('name').notNull(),
    brand: text('brand'),
    status: text('status').$type<PreorderStatus>().notNull().default('pending'),
    statusReason: text('status_reason'),
    price: integer('price'),
    warehouses: jsonb('warehouses').$type<PreorderWarehouse[]>().notNull().default([]),
    deliveryDays: integer('delivery_days').notNull().default(30),
    /** When Kaspi last accepted this preorder's pricefeed call. */
    pushedAt: timestamp('pushed_at', { withTimezone: true }),
    /** A `pending` preorder not seen on the storefront by then becomes `failed`. */
    verifyDeadline: timestamp('verify_deadline', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('preorders_product_store_key').on(t.productId, t.storeId),
    index('preorders_store_created_idx').on(t.storeId, t.createdAt),
    check('preorders_delivery_days_check', sql`${t.deliveryDays} between 1 and 30`),
    check('preorders_price_check', sql`${t.price} is null or ${t.price} >= 10`),
  ],
);

export const jobStates = ['queued', 'running', 'completed', 'failed'] as const;
export type JobState = (typeof jobStates)[number];

/**
 * Long work (sync, login, repricing) as the API reports it. The queue backend only carries the id;
 * this row is the truth that every process and the API read.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    storeId: uuid('store_id').references(() => kaspiStores.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    state: text('state').$type<JobState>().notNull().default('queued'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    progress: jsonb('progress').$type<Record<string, unknown>>().notNull().default({}),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    /** Jobs with the same key never run side by side (one sync per store): see the partial unique index. */
    dedupeKey: text('dedupe_key'),
    /** A running job's lease, renewed by its worker: past it the run is lost (worker killed, final write failed) and the job is taken back. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** Runs lost so far: the job is queued again after each, up to JOB_LOST_RUN_RETRIES, then failed. */
    lostRuns: integer('lost_runs').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('jobs_state_idx').on(t.state, t.createdAt),
    index('jobs_store_type_idx').on(t.storeId, t.type, t.state),
    // GET /jobs/: a user's jobs, newest first.
    index('jobs_user_created_idx').on(t.userId, t.createdAt),
    uniqueIndex('jobs_active_dedupe_key').on(t.dedupeKey).where(sql`${t.state} in ('queued', 'running')`),
  ],
);

/**
 * What admins did: every admin route that changes something, and every write an admin made on another
 * user's data through the ordinary routes. Append-only; `details` never holds a password or a secret.
 * The actor's e-mail is copied, so the entry still says who it was after the account is gone.
 */
export const adminAuditLog = pgTable(
  'admin_audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorEmail: text('actor_email').notNull(),
    /** `user.disable`, `user.reset_password`, `product.update`, ... */
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('admin_audit_log_at_idx').on(t.at, t.id), index('admin_audit_log_actor_idx').on(t.actorId, t.at), index('admin_audit_log_action_idx').on(t.action, t.at)],
);

/** What the notifications module tells users about (the alert kinds other modules raise, and its own report of a failed channel). */
export const notificationKinds = [
  'reauth_needed',
  'store_paused',
  'egress_resting',
  'sync_failed',
  'at_floor_lost_place',
  'undercut',
  'preorder_failed',
  'daily_summary',
  'proposal',
  'price_pushed',
  'delivery_failed',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const notificationChannels = ['telegram', 'webhook'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];
export const deliveryStatuses = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
/**
 * Why a delivery attempt failed, as a code (`DeliveryFailure`, notifications module): the app and the bot say it in the user's language, while
 * the error's message (English, for logs and integrators) stays in `last_error`.
 */
export const deliveryErrorCodes = [
  'webhook_status', // detail: the HTTP status the receiver answered (`HTTP 500`)
  'webhook_unreachable', // detail: the network's error (refused, timed out, TLS)
  'webhook_address_refused', // the host resolves to a private or reserved address
  'webhook_deleted',
  'webhook_disabled',
  'telegram_refused', // detail: Telegram's description (the bot was blocked, the chat is gone)
  'telegram_status', // detail: Telegram's code and description (429, 5xx)
  'telegram_unreachable', // detail: the network's error
  'telegram_off', // no bot token on this server
  'chat_unlinked',
  'alerts_gone',
  'unexpected', // detail: the error's message; a bug to look into
] as const;
export type DeliveryErrorCode = (typeof deliveryErrorCodes)[number];

/**
 * A user's alert preferences. `kinds` switches kinds on or off for every shop, `store_kinds` per shop
 * (`{ "<store id>": { "undercut": false } }`, over `kinds`); a kind in neither takes its default.
 * Quiet hours and the summary hour are Almaty time.
 */
export const notificationSettings = pgTable('notification_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  kinds: jsonb('kinds').$type<Partial<Record<NotificationKind, boolean>>>().notNull().default({}),
  storeKinds: jsonb('store_kinds').$type<Record<string, Partial<Record<NotificationKind, boolean>>>>().notNull().default({}),
  undercutPercent: integer('undercut_percent').notNull().default(5),
  quietStart: text('quiet_start'),
  quietEnd: text('quiet_end'),
  /** 0-23, Almaty; null = no daily summary. */
  summaryHour: integer('summary_hour'),
  /** The Almaty date (YYYY-MM-DD) of the last summary sent: one a day, whichever worker ticks. */
  summarySentOn: text('summary_sent_on'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The Telegram chat a user linked (one per user); alerts go there. */
export const telegramChats = pgTable(
  'telegram_chats',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    chatId: text('chat_id').notNull(),
    username: text('username'),
    title: text('title'),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('telegram_chats_chat_idx').on(t.chatId)],
);

/** One-time codes of the bot's deep link (`/start <code>`): only the SHA-256 (hex) is stored. */
export const telegramLinkCodes = pgTable(
  'telegram_link_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('telegram_link_codes_user_idx').on(t.userId)],
);

/** An integrator's endpoint: the kinds it wants, POSTed as signed JSON (the signing secret sealed). */
export const notificationWebhooks = pgTable(
  'notification_webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: jsonb('events').$type<NotificationKind[]>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    secretEncrypted: text('secret_encrypted').notNull(),
    ...timestamps,
  },
  (t) => [index('notification_webhooks_user_idx').on(t.userId, t.createdAt)],
);

/**
 * Every alert raised (after the user's preferences let it through). `telegram` says where it stands
 * for Telegram: `waiting` to be grouped into a message, `grouped` into the delivery `telegram_delivery_id`,
 * `none` (no chat linked when it was raised).
 */
export const notificationAlerts = pgTable(
  'notification_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    storeId: uuid('store_id').references(() => kaspiStores.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<NotificationKind>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    telegram: text('telegram').$type<'waiting' | 'grouped' | 'none'>().notNull(),
    telegramDeliveryId: uuid('telegram_delivery_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notification_alerts_waiting_idx').on(t.userId, t.storeId, t.createdAt).where(sql`${t.telegram} = 'waiting'`), index('notification_alerts_user_idx').on(t.userId, t.createdAt)],
);

/**
 * One message on one channel: a Telegram message (one or more alerts of a shop) or a webhook POST
 * (one alert). Retried with backoff while `pending` (`next_attempt_at`), then `sent` or `failed`.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    storeId: uuid('store_id').references(() => kaspiStores.id, { onDelete: 'cascade' }),
    channel: text('channel').$type<NotificationChannel>().notNull(),
    webhookId: uuid('webhook_id').references(() => notificationWebhooks.id, { onDelete: 'set null' }),
    /** The webhook's URL when the delivery was made, so the list still says where after the webhook is gone. */
    target: text('target'),
    alertIds: jsonb('alert_ids').$type<string[]>().notNull(),
    kinds: jsonb('kinds').$type<NotificationKind[]>().notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    lastErrorCode: text('last_error_code').$type<DeliveryErrorCode>(),
    /** The technical part of the error (an HTTP status, Telegram's or the network's words), shown after the code's sentence. */
    lastErrorDetail: text('last_error_detail'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('notification_deliveries_user_idx').on(t.userId, t.createdAt, t.id), index('notification_deliveries_pending_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`)],
);

export type UserRow = typeof users.$inferSelect;
export type AuditLogRow = typeof adminAuditLog.$inferSelect;
export type UserSessionRow = typeof userSessions.$inferSelect;
export type StoreRow = typeof kaspiStores.$inferSelect;
export type ProductRow = typeof products.$inferSelect;
export type PreorderRow = typeof preorders.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;
export type PendingLoginRow = typeof kaspiPendingLogins.$inferSelect;
export type PriceHistoryRow = typeof priceHistory.$inferSelect;
export type StoreDemperSettingsRow = typeof storeDemperSettings.$inferSelect;
export type StoreFeedPullRow = typeof storeFeedPulls.$inferSelect;
export type PriceProposalRow = typeof priceProposals.$inferSelect;
export type NotificationSettingsRow = typeof notificationSettings.$inferSelect;
export type NotificationWebhookRow = typeof notificationWebhooks.$inferSelect;
export type NotificationAlertRow = typeof notificationAlerts.$inferSelect;
export type NotificationDeliveryRow = typeof notificationDeliveries.$inferSelect;
export type TelegramChatRow = typeof telegramChats.$inferSelect;
