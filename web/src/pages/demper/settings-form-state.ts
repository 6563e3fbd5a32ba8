import type { paths } from '../../api/schema.d.ts';

type SettingsPath = paths['/api/v1/kaspi/stores/{id}/demper/'];
export type DemperSettings = SettingsPath['get']['responses'][200]['content']['application/json'];
export type DemperSettingsPatch = NonNullable<SettingsPath['patch']['requestBody']>['content']['application/json'];
type RailsPatch = NonNullable<DemperSettingsPatch['rails']>;

/** A number input's value: Mantine gives '' while the field is empty. */
type NumberValue = number | '';

export const schedulers = ['adaptive', 'uniform'] as const;
export type Scheduler = (typeof schedulers)[number];

/** The settings form as the inputs hold it. */
export interface SettingsForm {
  /** adaptive: each product as often as its competition moves, at most max_interval_seconds apart; uniform: every check_interval_seconds. */
  scheduler: Scheduler;
  /** Adaptive only: the longest a product may wait between two checks. */
  max_interval_seconds: NumberValue;
  /** Uniform only: the fixed interval. */
  check_interval_seconds: NumberValue;
  priority_interval_seconds: NumberValue;
  all_day: boolean;
  work_hours_start: string;
  work_hours_end: string;
  default_step: NumberValue;
  default_strategy: string;
  /** One merchant id per line (commas and spaces also separate). */
  ignored_merchant_ids: string;
  auto_lower: boolean;
  auto_raise: boolean;
  at_floor: string;
  no_competitors: string;
  raise_cooldown_seconds: NumberValue;
  max_drop_percent: NumberValue;
  /** Empty: no daily limit. */
  max_changes_per_day: NumberValue;
  cluster_tolerance: NumberValue;
  cluster_min_size: NumberValue;
  /** '' keeps competitors of any delivery time. */
  max_delivery_duration: string;
  /** How prices reach Kaspi: the pricefeed call, the XML price list when the session cannot, or the list alone. */
  feed_mode: string;
  /** What the demper does with a decision: push it (auto), propose it (approve), push and tell (notify). */
  approval_mode: string;
}

export type FormField = keyof SettingsForm;

export function toForm(s: DemperSettings): SettingsForm {
  return {
    scheduler: s.scheduler,
    max_interval_seconds: s.max_interval_seconds,
    check_interval_seconds: s.check_interval_seconds,
    priority_interval_seconds: s.priority_interval_seconds,
    all_day: s.work_hours_start === null || s.work_hours_end === null,
    work_hours_start: s.work_hours_start ?? '09:00',
    work_hours_end: s.work_hours_end ?? '21:00',
    default_step: s.default_step,
    default_strategy: s.default_strategy,
    ignored_merchant_ids: s.ignored_merchant_ids.join('\n'),
    auto_lower: s.rails.auto_lower,
    auto_raise: s.rails.auto_raise,
    at_floor: s.rails.at_floor,
    no_competitors: s.rails.no_competitors,
    raise_cooldown_seconds: s.rails.raise_cooldown_seconds,
    max_drop_percent: s.rails.max_drop_percent,
    max_changes_per_day: s.rails.max_changes_per_day ?? '',
    cluster_tolerance: s.rails.cluster_tolerance,
    cluster_min_size: s.rails.cluster_min_size,
    max_delivery_duration: s.rails.max_delivery_duration ?? '',
    feed_mode: s.feed_mode,
    approval_mode: s.approval_mode,
  };
}

export function parseMerchantIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}

const required: FormField[] = [
  'max_interval_seconds',
  'check_interval_seconds',
  'priority_interval_seconds',
  'default_step',
  'raise_cooldown_seconds',
  'max_drop_percent',
  'cluster_tolerance',
  'cluster_min_size',
];

/**
 * Inputs the chosen scheduler does not use, so the form hides them: the fixed interval under adaptive,
 * the longest interval under uniform. (The priority interval serves both.)
 */
export function hiddenFields(form: Pick<SettingsForm, 'scheduler'>): FormField[] {
  return form.scheduler === 'adaptive' ? ['check_interval_seconds'] : ['max_interval_seconds'];
}

/** Empty required numbers the seller can see: the only thing the form checks itself; the API checks the rest and says why. */
export function missingFields(form: SettingsForm): FormField[] {
  const hidden = hiddenFields(form);
  return required.filter((f) => form[f] === '' && !hidden.includes(f));
}

const num = (v: NumberValue): number => Number(v);

/**
 * The PATCH body: only what differs from the saved settings, so a save never rewrites a rail the seller
 * did not touch (rails are merged on the server). Empty when nothing changed.
 */
export function toPatch(saved: DemperSettings, form: SettingsForm): DemperSettingsPatch {
  const before = toForm(saved);
  const patch: DemperSettingsPatch = {};
  const rails: RailsPatch = {};
  const changed = (f: FormField) => form[f] !== before[f];

  if (changed('scheduler')) patch.scheduler = form.scheduler;
  // A hidden interval emptied before the switch is left as saved rather than sent as 0.
  if (changed('max_interval_seconds') && form.max_interval_seconds !== '') patch.max_interval_seconds = num(form.max_interval_seconds);
  if (changed('check_interval_seconds') && form.check_interval_seconds !== '') patch.check_interval_seconds = num(form.check_interval_seconds);
  if (changed('priority_interval_seconds')) patch.priority_interval_seconds = num(form.priority_interval_seconds);
  const hoursBefore = before.all_day ? null : [before.work_hours_start, before.work_hours_end];
  const hoursNow = form.all_day ? null : [form.work_hours_start, form.work_hours_end];
  if (JSON.stringify(hoursBefore) !== JSON.stringify(hoursNow)) {
    patch.work_hours_start = hoursNow ? hoursNow[0]! : null;
    patch.work_hours_end = hoursNow ? hoursNow[1]! : null;
  }
  if (changed('default_step')) patch.default_step = num(form.default_step);
  if (changed('approval_mode')) patch.approval_mode = form.approval_mode as DemperSettingsPatch['approval_mode'];
  if (changed('feed_mode')) patch.feed_mode = form.feed_mode as DemperSettingsPatch['feed_mode'];
  if (changed('default_strategy')) patch.default_strategy = form.default_strategy as DemperSettingsPatch['default_strategy'];
  const ids = parseMerchantIds(form.ignored_merchant_ids);
  if (JSON.stringify(ids) !== JSON.stringify(saved.ignored_merchant_ids)) patch.ignored_merchant_ids = ids;

  if (changed('auto_lower')) rails.auto_lower = form.auto_lower;
  if (changed('auto_raise')) rails.auto_raise = form.auto_raise;
  if (changed('at_floor')) rails.at_floor = form.at_floor as RailsPatch['at_floor'];
  if (changed('no_competitors')) rails.no_competitors = form.no_competitors as RailsPatch['no_competitors'];
  if (changed('raise_cooldown_seconds')) rails.raise_cooldown_seconds = num(form.raise_cooldown_seconds);
  if (changed('max_drop_percent')) rails.max_drop_percent = num(form.max_drop_percent);
  if (changed('max_changes_per_day')) rails.max_changes_per_day = form.max_changes_per_day === '' ? null : num(form.max_changes_per_day);
  if (changed('cluster_tolerance')) rails.cluster_tolerance = num(form.cluster_tolerance);
  if (changed('cluster_min_size')) rails.cluster_min_size = num(form.cluster_min_size);
  if (changed('max_delivery_duration')) rails.max_delivery_duration = (form.max_delivery_duration || null) as RailsPatch['max_delivery_duration'];
  if (Object.keys(rails).length) patch.rails = rails;
  return patch;
}

/**
 * The API names fields as the body does (`rails.max_drop_percent`, `ignored_merchant_ids[2]`,
 * `work_hours_start`): each message goes next to the input that holds that field; what matches no input
 * (`rails` as a whole, `non_field_errors`) or belongs to an input hidden now (`hidden`) is returned under `form`.
 */
export function fieldErrors(fields: Record<string, string>, hidden: readonly FormField[] = []): { byField: Partial<Record<FormField, string>>; form: string[] } {
  const byField: Partial<Record<FormField, string>> = {};
  const form: string[] = [];
  const names = new Set<string>(Object.keys(toForm(emptySettings)));
  for (const [name, message] of Object.entries(fields)) {
    const field = name.replace(/^rails\./, '').replace(/\[\d+\].*$/, '');
    if (names.has(field) && !hidden.includes(field as FormField)) {
      const key = field as FormField;
      byField[key] = byField[key] ? `${byField[key]}; ${message}` : message;
    } else {
      form.push(message);
    }
  }
  return { byField, form };
}

/** Only for the list of field names above. */
const emptySettings: DemperSettings = {
  store_id: '',
  enabled: false,
  check_interval_seconds: 0,
  priority_interval_seconds: 0,
  work_hours_start: null,
  work_hours_end: null,
  timezone: 'Asia/Almaty',
  default_step: 1,
  default_strategy: 'beat_first',
  feed_mode: 'off',
  approval_mode: 'auto',
  scheduler: 'adaptive',
  max_interval_seconds: 3600,
  ignored_merchant_ids: [],
  rails: {
    auto_lower: true,
    auto_raise: true,
    at_floor: 'hold_at_min',
    no_competitors: 'go_to_max',
    raise_cooldown_seconds: 0,
    max_drop_percent: 100,
    max_changes_per_day: null,
    cluster_tolerance: 0,
    cluster_min_size: 2,
    max_delivery_duration: null,
  },
  paused_until: null,
  last_error: null,
  last_error_at: null,
  updated_at: null,
};
