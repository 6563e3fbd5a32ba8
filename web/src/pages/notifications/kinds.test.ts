import { describe, expect, test } from 'vitest';
import { languages } from '../../i18n/languages.ts';
import { notifications } from '../../i18n/locales/notifications.ts';
import { alertKinds, eventKinds } from './kinds.ts';

describe('the kinds of alerts', () => {
  test('the switches list every alert kind once, the shop’s health first', () => {
    expect(new Set(alertKinds).size).toBe(alertKinds.length);
    expect(alertKinds).toHaveLength(10);
    expect(alertKinds[0]).toBe('reauth_needed');
    expect(alertKinds).not.toContain('delivery_failed');
  });

  test('a webhook may also ask for the report of a failed channel', () => {
    expect(eventKinds).toEqual([...alertKinds, 'delivery_failed']);
  });

  test('each kind has a name and a one-line explanation in every language', () => {
    for (const language of languages) {
      const strings = notifications[language];
      for (const kind of eventKinds) {
        expect(strings.kinds[kind], `${kind} in ${language}`).toBeTruthy();
        expect(strings.kindHints[kind], `${kind} hint in ${language}`).toBeTruthy();
        expect(strings.kindHints[kind]).not.toContain('\n');
      }
    }
  });
});
