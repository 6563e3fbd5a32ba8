// The seller's settings as the API and the database name them (snake case, store rails under product
// overrides), turned into the engine's rules. One place, so the API validates exactly what the
// workers will run.

import type { DeliveryDuration } from '../../engine/market-offer.ts';
import { type CostRules, defaultRules, type PricingRules, rulesFor, type Strategy, validateRules } from '../../engine/rules.ts';
import type { CityRuleOverride, DemperRails, ProductRailsOverride, ProductRow, StoreDemperSettingsRow } from '../../infra/db/schema.ts';
import { strategyParamProperties } from './pricing-rules.schemas.ts';

/** The store's rails with every default filled in: what the settings endpoint shows. */
export function effectiveRails(rails: DemperRails): Required<DemperRails> {
  return {
    auto_lower: rails.auto_lower ?? defaultRules.autoLower,
    auto_raise: rails.auto_raise ?? defaultRules.autoRaise,
    at_floor: rails.at_floor ?? defaultRules.atFloor,
    no_competitors: rails.no_competitors ?? defaultRules.noCompetitors,
    raise_cooldown_seconds: rails.raise_cooldown_seconds ?? defaultRules.raiseCooldownSeconds,
    max_drop_percent: rails.max_drop_percent ?? defaultRules.maxDropPercent,
    max_changes_per_day: rails.max_changes_per_day === undefined ? defaultRules.maxChangesPerDay : rails.max_changes_per_day,
    cluster_tolerance: rails.cluster_tolerance ?? defaultRules.clusterTolerance,
    cluster_min_size: rails.cluster_min_size ?? defaultRules.clusterMinSize,
    max_delivery_duration: rails.max_delivery_duration === undefined ? defaultRules.maxDeliveryDuration : rails.max_delivery_duration,
  };
}

/** Rails (API names) as engine fields; absent fields stay absent so lower layers show through. */
export function railsToRules(rails: DemperRails): Partial<PricingRules> {
  const rules: Partial<PricingRules> = {};
  if (rails.auto_lower !== undefined) rules.autoLower = rails.auto_lower;
  if (rails.auto_raise !== undefined) rules.autoRaise = rails.auto_raise;
  if (rails.at_floor !== undefined) rules.atFloor = rails.at_floor;
  if (rails.no_competitors !== undefined) rules.noCompetitors = rails.no_competitors;
  if (rails.raise_cooldown_seconds !== undefined) rules.raiseCooldownSeconds = rails.raise_cooldown_seconds;
  if (rails.max_drop_percent !== undefined) rules.maxDropPercent = rails.max_drop_percent;
  if (rails.max_changes_per_day !== undefined) rules.maxChangesPerDay = rails.max_changes_per_day;
  if (rails.cluster_tolerance !== undefined) rules.clusterTolerance = rails.cluster_tolerance;
  if (rails.cluster_min_size !== undefined) rules.clusterMinSize = rails.cluster_min_size;
  if (rails.max_delivery_duration !== undefined) rules.maxDeliveryDuration = rails.max_delivery_duration as DeliveryDuration | null;
  return rules;
}

function costToRules(cost: ProductRailsOverride['cost']): CostRules | null | undefined {
  if (cost === undefined) return undefined;
  if (cost === null) return null;
  return { purchasePrice: cost.purchase_price, commissionPercent: cost.commission_percent, taxPercent: cost.tax_percent, delivery: cost.delivery };
}

export function cityOverrideToRules(o: CityRuleOverride): Partial<PricingRules> {
  const rules: Partial<PricingRules> = {};
  if (o.min_price !== undefined) rules.minPrice = o.min_price;
  if (o.max_price !== undefined) rules.maxPrice = o.max_price;
  if (o.step !== undefined) rules.step = o.step;
  if (o.strategy !== undefined) rules.strategy = o.strategy;
  if (o.strategy_params !== undefined) rules.strategyParams = o.strategy_params;
  return rules;
}

type ProductRulesSource = Pick<ProductRow, 'minPrice' | 'maxPrice' | 'step' | 'strategy' | 'strategyParams' | 'rules' | 'cityRules'>;
type StoreRulesSource = Pick<StoreDemperSettingsRow, 'rails'>;

/** Store rails, then the product's own rails, bounds, step and strategy; city overrides stay separate. */
export function productRules(product: ProductRulesSource, settings: StoreRulesSource | undefined): Partial<PricingRules> {
  const own = product.rules ?? {};
  const cost = costToRules(own.cost);
  return {
    ...railsToRules(settings?.rails ?? {}),
    ...railsToRules(own),
    ...(cost !== undefined && { cost }),
    minPrice: product.minPrice,
    maxPrice: product.maxPrice,
    step: product.step,
    strategy: product.strategy,
    strategyParams: product.strategyParams,
  };
}

export function cityRules(product: Pick<ProductRow, 'cityRules'>): Record<string, Partial<PricingRules>> {
  return Object.fromEntries(Object.entries(product.cityRules ?? {}).map(([city, o]) => [city, cityOverrideToRules(o)]));
}

/**
 * Every problem with the product's rules as the engine would run them, for each city override too;
 * keys are API field names. Empty = usable.
 */
export function productRuleErrors(product: ProductRulesSource, settings: StoreRulesSource | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  const base = productRules(product, settings);
  const baseErrors = validateRules(rulesFor(base));
  if (baseErrors.length) errors['rules'] = baseErrors.join('; ');
  for (const [city, override] of Object.entries(cityRules(product))) {
    const cityErrors = validateRules(rulesFor(base, override));
    if (cityErrors.length) errors[`city_rules.${city}`] = cityErrors.join('; ');
  }
  return errors;
}

/**
 * Keys of strategy_params that the strategy does not read (the route schema already bounds the keys
 * any strategy reads), as `{ "<field>.<key>": message }`; `field` names where the params were given.
 */
export function foreignStrategyParams(strategy: Strategy, params: Record<string, unknown>, field: string): Record<string, string> {
  const known: Record<string, unknown> = strategyParamProperties[strategy];
  const takes = Object.keys(known);
  const errors: Record<string, string> = {};
  for (const key of Object.keys(params)) {
    if (!(key in known)) errors[`${field}.${key}`] = takes.length ? `Not a parameter of ${strategy} (it takes ${takes.join(', ')}).` : `Not a parameter of ${strategy} (it takes none).`;
  }
  return errors;
}
