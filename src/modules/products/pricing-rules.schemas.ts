import { type TSchema, Type } from 'typebox';
import { deliveryDurations } from '../../engine/market-offer.ts';
import { atFloorBehaviours, noCompetitorBehaviours, type Strategy } from '../../engine/rules.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** The rails, each typed; shared by store settings (`rails`) and products (`rules`). */
export const railProperties = {
  auto_lower: Type.Optional(Type.Boolean({ description: 'May lower the price' })),
  auto_raise: Type.Optional(Type.Boolean({ description: 'May raise the price' })),
  at_floor: Type.Optional(Type.Enum(atFloorBehaviours, { description: 'When beating the leader would go under the floor' })),
  no_competitors: Type.Optional(Type.Enum(noCompetitorBehaviours, { description: 'When nobody else sells the product' })),
  raise_cooldown_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 604_800, description: 'A raise waits this long after the previous raise' })),
  max_drop_percent: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'One check lowers by at most this percent' })),
  max_changes_per_day: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000, description: 'Per city per day; null = no limit' }))),
  cluster_tolerance: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'Tenge; 0 = off' })),
  cluster_min_size: Type.Optional(Type.Integer({ minimum: 2, maximum: 1000 })),
  max_delivery_duration: Type.Optional(Nullable(Type.Enum(deliveryDurations, { description: 'Slower competitors are ignored; null = keep all' }))),
};

/** Kaspi lists a product's offers by the hundred at most; a place further down is not a target. */
export const MAX_TARGET_POSITION = 100;

/**
 * What each strategy reads from strategy_params (src/engine/strategies/), with bounds: stay_top_n keeps
 * place `position` (1 = first), fixed asks for `price` (whole tenge, clamped into min/max by the
 * engine); the others read nothing. A key a strategy does not read is refused, so the column stays small.
 */
export const strategyParamProperties = {
  beat_first: {},
  stay_top_n: { position: Type.Integer({ minimum: 1, maximum: MAX_TARGET_POSITION, description: 'stay_top_n: the place to keep, 1 = first' }) },
  follow_second: {},
  match_first: {},
  fixed: { price: Type.Integer({ minimum: 10, maximum: 1_000_000_000, description: 'fixed: the price to ask, whole tenge' }) },
  manual: {},
} satisfies Record<Strategy, Record<string, TSchema>>;

/**
 * strategy_params as a request carries it: every key some strategy reads, each optional and bounded,
 * nothing else. Whether a key belongs to the strategy in force is checked with the other rules.
 */
export const StrategyParams = Type.Object(
  { position: Type.Optional(strategyParamProperties.stay_top_n.position), price: Type.Optional(strategyParamProperties.fixed.price) },
  { additionalProperties: false, description: 'stay_top_n: {position}; fixed: {price}; the other strategies take none ({})' },
);
