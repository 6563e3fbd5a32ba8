// The product's repricing rules as the engine reads them: types, defaults, per-city merging and the
// parameter checks the API can reuse. No I/O, no database types (the engine must stay importable alone).
import { type DeliveryDuration, deliveryDurations } from './market-offer.ts';

/** Same list as the products table; repeated here so the engine does not import from src/infra. */
export const strategies = ['beat_first', 'stay_top_n', 'follow_second', 'match_first', 'fixed', 'manual'] as const;
export type Strategy = (typeof strategies)[number];

export const atFloorBehaviours = ['hold_at_min', 'best_reachable'] as const;
export type AtFloorBehaviour = (typeof atFloorBehaviours)[number];

export const noCompetitorBehaviours = ['go_to_max', 'hold'] as const;
export type NoCompetitorBehaviour = (typeof noCompetitorBehaviours)[number];

/** What the seller pays per unit sold; gives a floor under which every sale loses money. */
export interface CostRules {
  purchasePrice: number;
  /** Kaspi's commission, percent of the sale price. */
  commissionPercent: number;
  /** Tax, percent of the sale price. */
  taxPercent: number;
  /** Delivery paid by the seller per unit, tenge. */
  delivery: number;
}

export interface PricingRules {
  /** Null: the current price is the floor (the engine never lowers a product the seller gave no min). */
  minPrice: number | null;
  /** Null: the current price is the ceiling (the engine never raises without a max). */
  maxPrice: number | null;
  step: number;
  strategy: Strategy;
  /** stay_top_n: `{ position: N }`; fixed: `{ price }`. */
  strategyParams: Record<string, unknown>;
  autoLower: boolean;
  autoRaise: boolean;
  atFloor: AtFloorBehaviour;
  noCompetitors: NoCompetitorBehaviour;
  /** A raise waits this long after our previous raise (a bot that rises and falls cannot drag us up and down). */
  raiseCooldownSeconds: number;
  /** One cycle lowers by at most this percent of the current price. */
  maxDropPercent: number;
  /** Price changes per city per day; null = no limit. */
  maxChangesPerDay: number | null;
  /** 0 = off. When `clusterMinSize` competitors sit within this many tenge of the leader, match the leader. */
  clusterTolerance: number;
  clusterMinSize: number;
  /** Competitors slower than this bucket (and preorder offers) are ignored; null = keep all. */
  maxDeliveryDuration: DeliveryDuration | null;
  cost: CostRules | null;
}

export const defaultRules: PricingRules = {
  minPrice: null,
  maxPrice: null,
  step: 1,
  strategy: 'beat_first',
  strategyParams: {},
  autoLower: true,
  autoRaise: true,
  atFloor: 'hold_at_min',
  noCompetitors: 'go_to_max',
  raiseCooldownSeconds: 600,
  maxDropPercent: 10,
  maxChangesPerDay: 100,
  clusterTolerance: 0,
  clusterMinSize: 3,
  maxDeliveryDuration: null,
  cost: null,
};

/** Defaults under the product's rules, then the city's overrides over both. */
export function rulesFor(base: Partial<PricingRules>, cityOverride?: Partial<PricingRules>): PricingRules {
  return { ...defaultRules, ...dropUndefined(base), ...dropUndefined(cityOverride ?? {}) };
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Every problem with the rules, as messages for a 4xx answer; an empty list means usable. */
export function validateRules(rules: PricingRules): string[] {
  const errors: string[] = [];
  if (rules.minPrice !== null && !(isInt(rules.minPrice) && rules.minPrice >= 10)) errors.push('min_price must be an integer >= 10');
  if (rules.maxPrice !== null && !(isInt(rules.maxPrice) && rules.maxPrice >= 10)) errors.push('max_price must be an integer >= 10');
  if (isInt(rules.minPrice) && isInt(rules.maxPrice) && rules.maxPrice < rules.minPrice) errors.push('max_price must be >= min_price');
  if (!(isInt(rules.step) && rules.step >= 1)) errors.push('step must be an integer >= 1');
  if (!(strategies as readonly string[]).includes(rules.strategy)) errors.push(`strategy must be one of ${strategies.join(', ')}`);
  if (rules.strategy === 'stay_top_n' && !(isInt(rules.strategyParams['position']) && rules.strategyParams['position'] >= 1)) {
    errors.push('stay_top_n needs strategy_params.position, an integer >= 1');
  }
  if (rules.strategy === 'fixed' && !(isInt(rules.strategyParams['price']) && rules.strategyParams['price'] >= 10)) {
    errors.push('fixed needs strategy_params.price, an integer >= 10');
  }
  if (!(atFloorBehaviours as readonly string[]).includes(rules.atFloor)) errors.push(`at_floor must be one of ${atFloorBehaviours.join(', ')}`);
  if (!(noCompetitorBehaviours as readonly string[]).includes(rules.noCompetitors)) {
    errors.push(`no_competitors must be one of ${noCompetitorBehaviours.join(', ')}`);
  }
  if (!(isNumber(rules.raiseCooldownSeconds) && rules.raiseCooldownSeconds >= 0)) errors.push('raise_cooldown_seconds must be >= 0');
  if (!(isNumber(rules.maxDropPercent) && rules.maxDropPercent > 0 && rules.maxDropPercent <= 100)) errors.push('max_drop_percent must be in (0, 100]');
  if (rules.maxChangesPerDay !== null && !(isInt(rules.maxChangesPerDay) && rules.maxChangesPerDay >= 1)) {
    errors.push('max_changes_per_day must be an integer >= 1 or null');
  }
  if (!(isInt(rules.clusterTolerance) && rules.clusterTolerance >= 0)) errors.push('cluster_tolerance must be an integer >= 0');
  if (!(isInt(rules.clusterMinSize) && rules.clusterMinSize >= 2)) errors.push('cluster_min_size must be an integer >= 2');
  if (rules.maxDeliveryDuration !== null && !(deliveryDurations as readonly string[]).includes(rules.maxDeliveryDuration)) {
    errors.push(`max_delivery_duration must be one of ${deliveryDurations.join(', ')}`);
  }
  if (rules.cost !== null) {
    const { purchasePrice, commissionPercent, taxPercent, delivery } = rules.cost;
    if (![purchasePrice, commissionPercent, taxPercent, delivery].every((v) => isNumber(v) && v >= 0)) errors.push('cost fields must be numbers >= 0');
    else if (commissionPercent + taxPercent >= 100) errors.push('commission + tax must be below 100 %');
  }
  return errors;
}
