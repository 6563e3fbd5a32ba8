import { describe, expect, test } from 'vitest';
import { alertKinds } from './kinds.ts';
import type { NotificationSettings } from './notifications-api.ts';
import { effectiveFor, fieldErrors, missingFields, toForm, toPatch } from './preferences-state.ts';

const SHOP_A = '11111111-1111-4111-8111-111111111111';
const SHOP_B = '22222222-2222-4222-8222-222222222222';

function settings(overrides: Partial<NotificationSettings> = {}): NotificationSettings {
  return {
    kinds: Object.fromEntries(alertKinds.map((k) => [k, true])) as NotificationSettings['kinds'],
    stores: { [SHOP_A]: { undercut: false } },
    undercut_percent: 5,
    quiet_hours: null,
    summary_hour: null,
    timezone: 'Asia/Almaty',
    channels: { telegram: { available: true, linked: false, chat: null }, webhooks: 0 },
    ...overrides,
  };
}

describe('the alert preferences form', () => {
  test('untouched, it sends nothing', () => {
    const saved = settings({ quiet_hours: { start: '23:00', end: '07:30' }, summary_hour: 9 });
    expect(toPatch(saved, toForm(saved))).toEqual({});
  });

  test('a kind switched off sends that kind only', () => {
    const saved = settings();
    const form = toForm(saved);
    form.kinds.sync_failed = false;
    expect(toPatch(saved, form)).toEqual({ kinds: { sync_failed: false } });
  });

  test('a shop override set, changed and removed (back to inherit = null)', () => {
    const saved = settings();
    const form = toForm(saved);
    form.stores[SHOP_B] = { reauth_needed: 'off' };
    form.stores[SHOP_A] = { ...form.stores[SHOP_A], undercut: 'inherit', daily_summary: 'on' };
    expect(toPatch(saved, form)).toEqual({
      stores: { [SHOP_A]: { undercut: null, daily_summary: true }, [SHOP_B]: { reauth_needed: false } },
    });
  });

  test('a shop inherits the user switch unless it overrides it', () => {
    const form = toForm(settings());
    form.kinds.undercut = true;
    expect(effectiveFor(form, SHOP_A, 'undercut')).toBe(false);
    expect(effectiveFor(form, SHOP_B, 'undercut')).toBe(true);
    form.kinds.sync_failed = false;
    expect(effectiveFor(form, SHOP_A, 'sync_failed')).toBe(false);
  });

  test('quiet hours on, moved and off; the summary hour and its removal', () => {
    const saved = settings();
    const form = toForm(saved);
    form.quiet = true;
    expect(toPatch(saved, form)).toEqual({ quiet_hours: { start: '22:00', end: '08:00' } });
    form.quiet_end = '06:00';
    form.summary_hour = '0';
    expect(toPatch(saved, form)).toEqual({ quiet_hours: { start: '22:00', end: '06:00' }, summary_hour: 0 });

    const withBoth = settings({ quiet_hours: { start: '22:00', end: '08:00' }, summary_hour: 20 });
    const cleared = toForm(withBoth);
    cleared.quiet = false;
    cleared.summary_hour = '';
    expect(toPatch(withBoth, cleared)).toEqual({ quiet_hours: null, summary_hour: null });
  });

  test('the undercut threshold: a change is sent, an empty field is the form’s own error', () => {
    const saved = settings();
    const form = toForm(saved);
    form.undercut_percent = 12;
    expect(toPatch(saved, form)).toEqual({ undercut_percent: 12 });
    form.undercut_percent = '';
    expect(missingFields(form)).toEqual(['undercut_percent']);
    expect(toPatch(saved, form)).toEqual({});
  });

  test('the API’s field messages go next to their inputs; the rest is the form’s', () => {
    expect(
      fieldErrors({ undercut_percent: 'must be <= 90', quiet_hours: 'start and end must differ', 'quiet_hours.start': 'bad time', [`stores.${SHOP_A}`]: 'no such shop of yours', body: 'odd' }),
    ).toEqual({
      byField: { undercut_percent: 'must be <= 90', quiet_hours: 'start and end must differ; bad time', stores: 'no such shop of yours' },
      form: ['odd'],
    });
  });
});
