/** The session as the card shows it: from the store row at once, refined by the live check when it answers. */
export type SessionHealth = { kind: 'not_linked' } | { kind: 'sign_in_needed'; reason: string | null } | { kind: 'renewing' } | { kind: 'active'; checkedAt: string | null } | { kind: 'checking' };

export interface StoreSessionFields {
  has_session: boolean;
  needs_reauth: boolean;
  reauth_reason: string | null;
}
export interface SessionCheck {
  is_valid: boolean;
  checked_at: string | null;
  renewing: boolean;
  needs_reauth: boolean;
  reason: string | null;
}

export function sessionHealth(store: StoreSessionFields, check: SessionCheck | undefined): SessionHealth {
  if (check?.needs_reauth || store.needs_reauth) return { kind: 'sign_in_needed', reason: check?.reason ?? store.reauth_reason };
  if (!store.has_session) return { kind: 'not_linked' };
  if (!check) return { kind: 'checking' };
  if (check.renewing || !check.is_valid) return { kind: 'renewing' };
  return { kind: 'active', checkedAt: check.checked_at };
}

/** The demper as the card shows it. Paused (Kaspi's 429) wins over resting (outside work hours). */
export type DemperState = { kind: 'off' } | { kind: 'paused'; until: string } | { kind: 'resting' } | { kind: 'on' };

export function demperState(status: { enabled: boolean; paused_until: string | null; within_work_hours: boolean }, now = Date.now()): DemperState {
  if (!status.enabled) return { kind: 'off' };
  if (status.paused_until && Date.parse(status.paused_until) > now) return { kind: 'paused', until: status.paused_until };
  if (!status.within_work_hours) return { kind: 'resting' };
  return { kind: 'on' };
}
