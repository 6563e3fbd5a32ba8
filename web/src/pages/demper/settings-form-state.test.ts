import { describe, expect, it } from 'vitest';
import { type DemperSettings, fieldErrors, hiddenFields, missingFields, parseMerchantIds, toForm, toPatch } from './settings-form-state.ts';

const saved: DemperSettings = {
  store_id: 's1',
  enabled: true,
  check_interval_seconds: 300,
  priority_interval_seconds: 60,
  work_hours_start: null,
  work_hours_end: null,
  timezone: 'Asia/Almaty',
  default_step: 1,
  default_strategy: 'beat_first',
  feed_mode: 'off',
  approval_mode: 'auto',
  scheduler: 'adaptive',
  max_interval_seconds: 3600,
  ignored_merchant_ids: ['111'],
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

describe('the demper settings form', () => {
  it('sends nothing when nothing changed', () => {
    expect(toPatch(saved, toForm(saved))).toEqual({});
  });

  it('sends only the changed fields, rails under rails', () => {
    const form = { ...toForm(saved), check_interval_seconds: 120 as const, max_drop_percent: 5 as const, max_changes_per_day: 10 as const };
    expect(toPatch(saved, form)).toEqual({ check_interval_seconds: 120, rails: { max_drop_percent: 5, max_changes_per_day: 10 } });
  });

  it('sends both work hours, or null for all day', () => {
    const hours = { ...toForm(saved), all_day: false, work_hours_start: '08:00', work_hours_end: '22:00' };
    expect(toPatch(saved, hours)).toEqual({ work_hours_start: '08:00', work_hours_end: '22:00' });
    const withHours = { ...saved, work_hours_start: '08:00', work_hours_end: '22:00' };
    expect(toPatch(withHours, { ...toForm(withHours), all_day: true })).toEqual({ work_hours_start: null, work_hours_end: null });
  });

  it('turns an emptied daily limit and delivery filter into null', () => {
    const limited = { ...saved, rails: { ...saved.rails, max_changes_per_day: 5, max_delivery_duration: 'TOMORROW' } };
    expect(toPatch(limited, { ...toForm(limited), max_changes_per_day: '', max_delivery_duration: '' })).toEqual({ rails: { max_changes_per_day: null, max_delivery_duration: null } });
  });

  it('reads merchant ids one per line, commas too, without repeats', () => {
    expect(parseMerchantIds(' 111\n222, 333\n\n111 ')).toEqual(['111', '222', '333']);
    expect(toPatch(saved, { ...toForm(saved), ignored_merchant_ids: '111\n222' })).toEqual({ ignored_merchant_ids: ['111', '222'] });
  });

  it('lists empty required numbers', () => {
    expect(missingFields({ ...toForm(saved), priority_interval_seconds: '' })).toEqual(['priority_interval_seconds']);
  });

  it("puts the API's messages next to their inputs", () => {
    const { byField, form } = fieldErrors({
      check_interval_seconds: 'Must be at least 30 seconds',
      'rails.max_drop_percent': 'Too big',
      'ignored_merchant_ids[2]': 'Bad id',
      rails: 'Something about rails',
    });
    expect(byField).toEqual({ check_interval_seconds: 'Must be at least 30 seconds', max_drop_percent: 'Too big', ignored_merchant_ids: 'Bad id' });
    expect(form).toEqual(['Something about rails']);
  });

  it('switches the scheduler, and sends the longest interval of the adaptive one', () => {
    expect(toPatch(saved, { ...toForm(saved), scheduler: 'uniform' })).toEqual({ scheduler: 'uniform' });
    expect(toPatch(saved, { ...toForm(saved), max_interval_seconds: 900 })).toEqual({ max_interval_seconds: 900 });
  });

  it('hides the fixed interval under adaptive and the longest interval under uniform; the priority interval stays', () => {
    expect(hiddenFields({ scheduler: 'adaptive' })).toEqual(['check_interval_seconds']);
    expect(hiddenFields({ scheduler: 'uniform' })).toEqual(['max_interval_seconds']);
  });

  it('requires only the intervals the chosen scheduler shows, and never sends a hidden empty one as 0', () => {
    const adaptiveEmpty = { ...toForm(saved), check_interval_seconds: '' as const, max_interval_seconds: '' as const };
    expect(missingFields(adaptiveEmpty)).toEqual(['max_interval_seconds']);
    expect(missingFields({ ...adaptiveEmpty, scheduler: 'uniform' })).toEqual(['check_interval_seconds']);
    const uniform = { ...toForm(saved), scheduler: 'uniform' as const, check_interval_seconds: 30 as const, max_interval_seconds: '' as const };
    expect(missingFields(uniform)).toEqual([]);
    expect(toPatch(saved, uniform)).toEqual({ scheduler: 'uniform', check_interval_seconds: 30 });
  });

  it("shows the API's message about a hidden interval with the form's own messages", () => {
    const { byField, form } = fieldErrors({ check_interval_seconds: 'Below the server minimum' }, hiddenFields({ scheduler: 'adaptive' }));
    expect(byField).toEqual({});
    expect(form).toEqual(['Below the server minimum']);
  });
});
