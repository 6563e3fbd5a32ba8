import { describe, expect, test } from 'vitest';
import { demperState, sessionHealth } from './shop-health.ts';

const linked = { has_session: true, needs_reauth: false, reauth_reason: null };
const check = { is_valid: true, checked_at: '2026-11-30T05:00:00Z', renewing: false, needs_reauth: false, reason: null };

describe('sessionHealth', () => {
  test('a shop added by hand has no session', () => {
    expect(sessionHealth({ ...linked, has_session: false }, undefined)).toEqual({ kind: 'not_linked' });
  });
  test('the store row says sign-in needed before the live check answers', () => {
    expect(sessionHealth({ ...linked, needs_reauth: true, reauth_reason: 'SMS needed' }, undefined)).toEqual({ kind: 'sign_in_needed', reason: 'SMS needed' });
  });
  test('the live check decides', () => {
    expect(sessionHealth(linked, undefined)).toEqual({ kind: 'checking' });
    expect(sessionHealth(linked, check)).toEqual({ kind: 'active', checkedAt: check.checked_at });
    expect(sessionHealth(linked, { ...check, is_valid: false, renewing: true })).toEqual({ kind: 'renewing' });
    expect(sessionHealth(linked, { ...check, is_valid: false, needs_reauth: true, reason: 'Kaspi asks for an SMS' })).toEqual({ kind: 'sign_in_needed', reason: 'Kaspi asks for an SMS' });
  });
});

describe('demperState', () => {
  const now = Date.parse('2026-11-30T05:00:00Z');
  test('off, on, resting, paused', () => {
    expect(demperState({ enabled: false, paused_until: null, within_work_hours: true }, now)).toEqual({ kind: 'off' });
    expect(demperState({ enabled: true, paused_until: null, within_work_hours: true }, now)).toEqual({ kind: 'on' });
    expect(demperState({ enabled: true, paused_until: null, within_work_hours: false }, now)).toEqual({ kind: 'resting' });
    expect(demperState({ enabled: true, paused_until: '2026-11-30T05:10:00Z', within_work_hours: false }, now)).toEqual({ kind: 'paused', until: '2026-11-30T05:10:00Z' });
    expect(demperState({ enabled: true, paused_until: '2026-11-30T04:10:00Z', within_work_hours: true }, now)).toEqual({ kind: 'on' });
  });
});
