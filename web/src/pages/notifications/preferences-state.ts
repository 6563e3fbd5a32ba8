import { type AlertKind, alertKinds } from './kinds.ts';
import type { NotificationSettings, NotificationSettingsPatch } from './notifications-api.ts';

/** A shop's switch of one kind: its own on/off, or the user's switch (no override). */
export type ShopSwitch = 'inherit' | 'on' | 'off';

/** The preferences as the inputs hold them. */
export interface PreferencesForm {
  kinds: Record<AlertKind, boolean>;
  /** Per shop, per kind; a shop with no overrides may be absent. */
  stores: Record<string, Partial<Record<AlertKind, ShopSwitch>>>;
  /** Mantine's NumberInput gives '' while the field is empty. */
  undercut_percent: number | '';
  quiet: boolean;
  quiet_start: string;
  quiet_end: string;
  /** '' = no daily summary; else the Almaty hour, '0'..'23'. */
  summary_hour: string;
}

export type PreferencesField = 'kinds' | 'stores' | 'undercut_percent' | 'quiet_hours' | 'summary_hour';

const toSwitch = (value: boolean | undefined): ShopSwitch => (value === undefined ? 'inherit' : value ? 'on' : 'off');

export function toForm(s: NotificationSettings): PreferencesForm {
  return {
    kinds: Object.fromEntries(alertKinds.map((k) => [k, s.kinds[k]])) as Record<AlertKind, boolean>,
    stores: Object.fromEntries(Object.entries(s.stores).map(([storeId, kinds]) => [storeId, Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, toSwitch(v)]))])),
    undercut_percent: s.undercut_percent,
    quiet: s.quiet_hours !== null,
    // What the inputs offer when the seller turns quiet hours on: the night.
    quiet_start: s.quiet_hours?.start ?? '22:00',
    quiet_end: s.quiet_hours?.end ?? '08:00',
    summary_hour: s.summary_hour === null ? '' : String(s.summary_hour),
  };
}

/** A shop's switch of a kind as the form holds it (absent = inherit). */
export function shopSwitch(form: PreferencesForm, storeId: string, kind: AlertKind): ShopSwitch {
  return form.stores[storeId]?.[kind] ?? 'inherit';
}

/** Whether a shop is told about a kind: its override, else the user's switch. */
export function effectiveFor(form: PreferencesForm, storeId: string, kind: AlertKind): boolean {
  const own = shopSwitch(form, storeId, kind);
  return own === 'inherit' ? form.kinds[kind] : own === 'on';
}

type StoresPatch = NonNullable<NotificationSettingsPatch['stores']>;
type StorePatch = NonNullable<StoresPatch[string]>;

/**
 * The PATCH body: only what differs from the saved preferences (as the demper's settings form does), so a
 * save never rewrites a switch changed meanwhile in another tab. A shop's kind back to "inherit" is sent as
 * null, which removes that override. Empty when nothing changed.
 */
export function toPatch(saved: NotificationSettings, form: PreferencesForm): NotificationSettingsPatch {
  const before = toForm(saved);
  const patch: NotificationSettingsPatch = {};

  const kinds: Partial<Record<AlertKind, boolean>> = {};
  for (const k of alertKinds) if (form.kinds[k] !== before.kinds[k]) kinds[k] = form.kinds[k];
  if (Object.keys(kinds).length) patch.kinds = kinds;

  const stores: StoresPatch = {};
  for (const storeId of new Set([...Object.keys(before.stores), ...Object.keys(form.stores)])) {
    const changes: StorePatch = {};
    for (const k of alertKinds) {
      const now = shopSwitch(form, storeId, k);
      if (now === shopSwitch(before, storeId, k)) continue;
      changes[k] = now === 'inherit' ? null : now === 'on';
    }
    if (Object.keys(changes).length) stores[storeId] = changes;
  }
  if (Object.keys(stores).length) patch.stores = stores;

  if (form.undercut_percent !== before.undercut_percent && form.undercut_percent !== '') patch.undercut_percent = Number(form.undercut_percent);

  const quietBefore = before.quiet ? `${before.quiet_start}-${before.quiet_end}` : null;
  const quietNow = form.quiet ? `${form.quiet_start}-${form.quiet_end}` : null;
  if (quietNow !== quietBefore) patch.quiet_hours = form.quiet ? { start: form.quiet_start, end: form.quiet_end } : null;

  if (form.summary_hour !== before.summary_hour) patch.summary_hour = form.summary_hour === '' ? null : Number(form.summary_hour);
  return patch;
}

/** What the form checks itself: an empty threshold (the API checks the range and the times and says why). */
export function missingFields(form: PreferencesForm): PreferencesField[] {
  return form.undercut_percent === '' ? ['undercut_percent'] : [];
}

/**
 * The API names fields as the body does (`undercut_percent`, `quiet_hours.start`, `stores.<id>`): each
 * message goes next to the input holding that field; the rest is returned under `form`.
 */
export function fieldErrors(fields: Record<string, string>): { byField: Partial<Record<PreferencesField, string>>; form: string[] } {
  const byField: Partial<Record<PreferencesField, string>> = {};
  const form: string[] = [];
  const known = new Set<string>(['kinds', 'stores', 'undercut_percent', 'quiet_hours', 'summary_hour']);
  for (const [name, message] of Object.entries(fields)) {
    const field = name.split(/[.[]/)[0] ?? '';
    if (known.has(field)) {
      const key = field as PreferencesField;
      byField[key] = byField[key] ? `${byField[key]}; ${message}` : message;
    } else {
      form.push(message);
    }
  }
  return { byField, form };
}
