import { Type } from 'typebox';
import { listQueryProperties, orderingSchema, pageSchema } from '../../http/pagination.ts';
import { approvalModes, kaspiStatuses, repricingStrategies, scheduleReasons } from '../../infra/db/schema.ts';
import { railProperties, StrategyParams } from './pricing-rules.schemas.ts';

/** `place`: our best place over the cities the demper last checked (unchecked products last). */
export const productOrderingFields = ['name', 'price', 'updated_at', 'created_at', 'place'] as const;

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** Whole tenge; Kaspi rejects prices below 10. */
export const Price = Type.Integer({ minimum: 10, maximum: 1_000_000_000, description: 'Whole tenge, at least 10' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
/** Shown by browsers: http(s) only (no javascript:, data: or file:). */
const ImageUrl = Type.String({ format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$', maxLength: 2000, description: 'http(s) URL' });
const Strategy = Type.Enum(repricingStrategies, { description: 'Repricing strategy' });
const ApprovalModeOverride = Nullable(
  Type.Enum(approvalModes, {
    description: "This product's approval mode over the store's (auto = push, approve = propose and wait for the seller, notify = push and tell); null = the store's",
  }),
);

const Market = Type.Array(
  Type.Object({
    city_id: Type.String(),
    place: Nullable(Type.Integer({ description: '1 = first on the storefront; null: our offer was not listed' })),
    cheapest_competitor_price: Nullable(Type.Integer({ description: "Another merchant's lowest price; null: nobody else sells it (or not known)" })),
    checked_at: Type.String({ format: 'date-time' }),
  }),
  { description: "Per city, from the demper's last check: our place and the cheapest competitor" },
);

/** What a catalogue table shows of a product: every list row has these. */
const listFields = {
  id: Type.String({ format: 'uuid' }),
  store_id: Type.String({ format: 'uuid' }),
  kaspi_product_id: Nullable(Type.String()),
  kaspi_sku: Type.String(),
  external_kaspi_id: Nullable(Type.String()),
  name: Type.String(),
  category: Nullable(Type.String()),
  brand: Nullable(Type.String()),
  image_url: Nullable(Type.String()),
  price: Nullable(Type.Integer()),
  min_price: Nullable(Type.Integer()),
  max_price: Nullable(Type.Integer()),
  step: Type.Integer(),
  strategy: Type.String(),
  bot_active: Type.Boolean(),
  priority: Type.Boolean({ description: "Checked at the store's priority interval" }),
  approval_mode: ApprovalModeOverride,
  kaspi_status: Type.Enum(kaspiStatuses, { description: 'removed: the last sync no longer found the offer on Kaspi' }),
  repriceable: Type.Boolean({ description: 'false when competitors cannot be looked up; see not_repriceable_reason' }),
  not_repriceable_reason: Nullable(Type.String()),
  not_repriceable_code: Nullable(
    Type.Enum(['no_product_id', 'no_shop_link', 'other'], {
      description: 'Why, as a code an app can word in its own language: no public Kaspi product id, no product page (shopLink), or another reason (the text says it)',
    }),
  ),
  city_prices: Type.Array(Type.Object({ city_id: Type.String(), price: Type.Integer() })),
  market: Market,
  best_place: Nullable(Type.Integer({ description: "Our best place over market's cities (what ordering=place sorts by); null: not listed or not checked" })),
  last_check_time: Nullable(Type.String({ format: 'date-time' })),
  next_check_at: Nullable(Type.String({ format: 'date-time', description: 'When the demper checks it next; null: as soon as it is enabled' })),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
};

/** The heavy part: on GET /products/{id}/ and in lists only with `?fields=full`. */
const detailFields = {
  strategy_params: Type.Record(Type.String(), Type.Unknown()),
  availabilities: Type.Array(Type.Object({ point: Type.String(), available: Type.Boolean(), stock_count: Type.Integer(), preorder_days: Type.Integer() }), {
    description: 'Per pickup point, as Kaspi lists the offer',
  }),
  shop_link: Nullable(Type.String()),
  last_synced_at: Nullable(Type.String({ format: 'date-time' })),
  city_rules: Type.Record(Type.String(), Type.Unknown(), { description: 'Per-city overrides of min_price, max_price, step, strategy, strategy_params' }),
  rules: Type.Record(Type.String(), Type.Unknown(), { description: "The product's own rails and cost, over the store's" }),
  demper_state: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: "The demper's last decision per city, or its error" })),
  effective_approval_mode: Type.Enum(approvalModes, { description: "The approval mode the demper applies: the product's approval_mode, else the store's" }),
  schedule: Nullable(
    Type.Object(
      {
        mode: Type.Enum(['adaptive', 'uniform']),
        interval_seconds: Type.Number({ description: 'The interval the scheduler chose at the last check' }),
        reason: Type.Enum(scheduleReasons, {
          description:
            "Why: uniform (the store's fixed interval), war (read on a rival bot's clock), active (its competition moves often), quiet (at its longest interval), priority (the seller's priority), " +
            'learning (too few reads yet), verify (a change of ours waits to show), retry (the last read failed), overdue (late: the read budget cannot keep up)',
        }),
        next_check_at: Nullable(Type.String({ format: 'date-time' })),
        overdue_seconds: Type.Integer(),
        changes_per_hour: Type.Number({ description: "The competition's learned pace: moves per hour over the product's cities" }),
        reads_per_check: Type.Integer({ description: 'Storefront reads one check costs (its cities)' }),
        war: Nullable(
          Type.Object({
            city_id: Type.String(),
            period_seconds: Type.Number({ description: "The rival's observed period" }),
            step: Nullable(Type.Number({ description: 'Its usual undercut (tenge), when steady' })),
            answers_us: Type.Boolean({ description: 'It moves after our moves' }),
            answer_delay_seconds: Nullable(Type.Number({ description: 'A bot that answers our moves after a steady delay: how long after our push its answer comes (the most the reads have shown)' })),
            since: Type.String({ format: 'date-time' }),
          }),
        ),
        cities: Type.Array(Type.Object({ city_id: Type.String(), reads: Type.Integer(), changes_seen: Type.Integer(), last_read_at: Type.String({ format: 'date-time' }) }), {
          description: 'The reads the pace rests on, per city (the last 32)',
        }),
        planned_at: Type.String({ format: 'date-time' }),
      },
      { description: "The demper's scheduler: the learned pace, the current interval, why, and when the product is read next; null until its first check" },
    ),
  ),
  card: Nullable(
    Type.Object({
      title: Nullable(Type.String()),
      brand: Nullable(Type.String()),
      images: Type.Array(Type.String()),
      rating: Nullable(Type.Number()),
      reviews_count: Nullable(Type.Integer()),
    }),
  ),
};

export const Product = Type.Object({ ...listFields, ...detailFields });

/** A list row: the table's columns, and the heavy ones too when the list is asked `fields=full`. */
export const ProductListItem = Type.Object({
  ...listFields,
  strategy_params: Type.Optional(detailFields.strategy_params),
  availabilities: Type.Optional(detailFields.availabilities),
  shop_link: Type.Optional(detailFields.shop_link),
  last_synced_at: Type.Optional(detailFields.last_synced_at),
  city_rules: Type.Optional(detailFields.city_rules),
  rules: Type.Optional(detailFields.rules),
  demper_state: Type.Optional(detailFields.demper_state),
  effective_approval_mode: Type.Optional(detailFields.effective_approval_mode),
  schedule: Type.Optional(detailFields.schedule),
  card: Type.Optional(detailFields.card),
});

export const ProductParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** What one city may override; a field left out follows the product. */
const CityRule = Type.Object(
  {
    min_price: Type.Optional(Nullable(Price)),
    max_price: Type.Optional(Nullable(Price)),
    step: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    strategy: Type.Optional(Strategy),
    strategy_params: Type.Optional(StrategyParams),
  },
  { additionalProperties: false },
);

export const CityRules = Type.Record(Type.String({ pattern: '^[0-9]{1,12}$' }), CityRule, {
  maxProperties: 50,
  additionalProperties: false,
  description: 'Keyed by Kaspi city id (e.g. 750000000); replaces the stored overrides',
});

const Cost = Type.Object(
  {
    purchase_price: Type.Number({ minimum: 0, maximum: 1_000_000_000, description: 'Tenge per unit' }),
    commission_percent: Type.Number({ minimum: 0, exclusiveMaximum: 100, description: "Kaspi's commission, percent of the sale price" }),
    tax_percent: Type.Number({ minimum: 0, exclusiveMaximum: 100, description: 'Percent of the sale price' }),
    delivery: Type.Number({ minimum: 0, maximum: 1_000_000_000, description: 'Tenge per unit paid by the seller' }),
  },
  { additionalProperties: false },
);

export const ProductRules = Type.Object(
  { ...railProperties, cost: Type.Optional(Nullable(Cost)) },
  { additionalProperties: false, description: "Rails over the store's (a field left out follows the store); replaces the stored rules" },
);

const editable = {
  kaspi_product_id: Type.Optional(Nullable(Text(100))),
  external_kaspi_id: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{1,20}$', description: 'Public Kaspi product id (digits)' }))),
  category: Type.Optional(Nullable(Text(300))),
  brand: Type.Optional(Nullable(Text(200))),
  image_url: Type.Optional(Nullable(ImageUrl)),
  price: Type.Optional(Nullable(Price)),
  min_price: Type.Optional(Nullable(Price)),
  max_price: Type.Optional(Nullable(Price)),
  step: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Tenge per undercut' })),
  strategy: Type.Optional(Strategy),
  strategy_params: Type.Optional(StrategyParams),
  priority: Type.Optional(Type.Boolean({ description: "Checked at the store's priority interval" })),
  approval_mode: Type.Optional(ApprovalModeOverride),
  city_rules: Type.Optional(CityRules),
  rules: Type.Optional(ProductRules),
};

/** Created by hand: the demper stays off (bot_active=false) until the seller enables it. */
export const CreateProductBody = Type.Object({ store_id: Type.String({ format: 'uuid' }), kaspi_sku: Text(100), name: Text(500), ...editable }, { additionalProperties: false });

export const UpdateProductBody = Type.Object({ name: Type.Optional(Text(500)), bot_active: Type.Optional(Type.Boolean()), ...editable }, { additionalProperties: false, minProperties: 1 });

/** The list's filters; the same in a query string and in a bulk edit's `filter`. */
const filterProperties = {
  store_id: Type.Optional(Type.String({ format: 'uuid' })),
  bot_active: Type.Optional(Type.Boolean()),
  category: Type.Optional(Type.String({ maxLength: 300, description: 'Exact category' })),
  kaspi_status: Type.Optional(Type.Enum(kaspiStatuses)),
  repriceable: Type.Optional(Type.Boolean({ description: 'Whether competitors can be looked up' })),
  search: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name or SKU, any case' })),
};

export const ListProductsQuery = Type.Object({
  ...listQueryProperties,
  ordering: orderingSchema(productOrderingFields),
  store: Type.Optional(Type.String({ format: 'uuid', description: 'Same as store_id' })),
  ...filterProperties,
  fields: Type.Optional(Type.Literal('full', { description: "full: every field of GET /products/{id}/ (the list's answer before the catalogue table); default: the table's columns" })),
});

export const ProductPage = pageSchema(ProductListItem);

export const ProductFilterBody = Type.Object(filterProperties, {
  additionalProperties: false,
  description: 'Every product of yours the list with these filters shows ({} = all of them)',
});

export const BatchBody = Type.Object(
  {
    store_id: Type.Optional(Type.String({ format: 'uuid', description: 'Required with product_ids' })),
    product_ids: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        minItems: 1,
        maxItems: 5000,
        description: 'Our product ids or Kaspi offer ids (kaspi_product_id) of store_id',
      }),
    ),
    filter: Type.Optional(ProductFilterBody),
    user_id: Type.Optional(Type.String({ format: 'uuid', description: 'With filter: whose products (admins only; default: yours)' })),
  },
  { additionalProperties: false, description: 'Either store_id and product_ids, or filter' },
);

/** What a bulk edit may set: the rules a catalogue table edits in place. */
export const BatchUpdateSet = Type.Object(
  {
    min_price: Type.Optional(Nullable(Price)),
    max_price: Type.Optional(Nullable(Price)),
    step: editable.step,
    strategy: editable.strategy,
    strategy_params: editable.strategy_params,
    priority: editable.priority,
    approval_mode: editable.approval_mode,
    bot_active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const BatchUpdateBody = Type.Object(
  {
    product_ids: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 5000, uniqueItems: false, description: 'Our product ids' })),
    filter: Type.Optional(ProductFilterBody),
    user_id: Type.Optional(Type.String({ format: 'uuid', description: 'Whose products (admins only; default: yours)' })),
    set: BatchUpdateSet,
  },
  { additionalProperties: false, description: 'Either product_ids or filter, and what to set' },
);

export const BatchUpdateResponse = Type.Object({
  updated_count: Type.Integer(),
  failed: Type.Array(
    Type.Object({
      id: Type.String(),
      detail: Type.String(),
      fields: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'The fields at fault, as in a validation error' })),
    }),
    { description: 'Products left unchanged: not yours (or missing), or their rules would break with these values' },
  ),
});

export const BatchResponse = Type.Object({
  success: Type.Boolean(),
  updated_count: Type.Integer(),
  failed_ids: Type.Array(Type.String()),
  message: Type.String(),
});
