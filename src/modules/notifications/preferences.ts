import { type NotificationKind, type NotificationSettingsRow, notificationKinds } from '../../infra/db/schema.ts';

/** The kinds other modules raise (the notifications module adds its own `delivery_failed`). */
export type AlertKind = Exclude<NotificationKind, 'delivery_failed'>;

export const alertKinds: readonly AlertKind[] = notificationKinds.filter((k): k is AlertKind => k !== 'delivery_failed');

/**
 * Everything that needs the seller is on by default. The daily summary is switched on by choosing
 * its hour (`summary_hour`), so its kind is on too; nothing is sent while the hour is null.
 */
export const defaultKinds: Readonly<Record<AlertKind, boolean>> = {
  reauth_needed: true,
  store_paused: true,
  egress_resting: true,
  sync_failed: true,
  at_floor_lost_place: true,
  undercut: true,
  preorder_failed: true,
  daily_summary: true,
  proposal: true,
  price_pushed: true,
};

export const DEFAULT_UNDERCUT_PERCENT = 5;

/** A user's settings, with defaults for a user who never saved any. */
export type Preferences = Pick<NotificationSettingsRow, 'kinds' | 'storeKinds' | 'undercutPercent' | 'quietStart' | 'quietEnd' | 'summaryHour'>;

export const defaultPreferences: Preferences = {
  kinds: {},
  storeKinds: {},
  undercutPercent: DEFAULT_UNDERCUT_PERCENT,
  quietStart: null,
  quietEnd: null,
  summaryHour: null,
};

/** Whether the user wants this kind for this shop: the shop's switch, else the user's, else the default. `delivery_failed` is always on. */
export function wants(prefs: Preferences, kind: NotificationKind, storeId: string | null): boolean {
  if (kind === 'delivery_failed') return true;
  const forStore = storeId ? prefs.storeKinds[storeId]?.[kind] : undefined;
  return forStore ?? prefs.kinds[kind] ?? defaultKinds[kind];
}

/** The user's switches with every kind filled in (what GET answers). */
export function effectiveKinds(prefs: Preferences): Record<AlertKind, boolean> {
  return Object.fromEntries(alertKinds.map((k) => [k, prefs.kinds[k] ?? defaultKinds[k]])) as Record<AlertKind, boolean>;
}
