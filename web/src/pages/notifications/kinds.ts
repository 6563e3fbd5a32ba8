import type { NotificationSettings, Webhook } from './notifications-api.ts';

/** A kind a seller switches on or off (the settings' `kinds`). */
export type AlertKind = keyof NotificationSettings['kinds'];
/** A kind a webhook can ask for: every alert kind and the report of a failed channel. */
export type EventKind = Webhook['events'][number];

// Written as an object so the compiler refuses a kind missing or unknown when the API's list changes;
// the order is the page's: the shop's health first, then prices, then the rest.
const alertKindSet = {
  reauth_needed: true,
  store_paused: true,
  egress_resting: true,
  sync_failed: true,
  at_floor_lost_place: true,
  undercut: true,
  proposal: true,
  price_pushed: true,
  preorder_failed: true,
  daily_summary: true,
} as const satisfies Record<AlertKind, true>;

const eventKindSet = { ...alertKindSet, delivery_failed: true } as const satisfies Record<EventKind, true>;

export const alertKinds = Object.keys(alertKindSet) as AlertKind[];
export const eventKinds = Object.keys(eventKindSet) as EventKind[];
