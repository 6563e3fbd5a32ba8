import { describe, expect, test } from 'vitest';
import { looksLikeEmail, nextStep, normalizePhone, normalizeSmsCode } from './link-flow.ts';

describe('link flow', () => {
  test('phones in the ways sellers write them', () => {
    expect(normalizePhone('+7 (701) 234-56-78')).toBe('77012345678');
    expect(normalizePhone('87012345678')).toBe('77012345678');
    expect(normalizePhone('7012345678')).toBe('77012345678');
    expect(normalizePhone('12345')).toBeNull();
    expect(normalizePhone('+1 202 555 0100')).toBeNull();
  });

  test('SMS codes', () => {
    expect(normalizeSmsCode(' 1234 ')).toBe('1234');
    expect(normalizeSmsCode('12 34 56')).toBe('123456');
    expect(normalizeSmsCode('12a4')).toBeNull();
    expect(normalizeSmsCode('123')).toBeNull();
  });

  test('e-mail', () => {
    expect(looksLikeEmail('seller@example.kz')).toBe(true);
    expect(looksLikeEmail('seller')).toBe(false);
  });

  test('the answers lead to the SMS step or to done', () => {
    expect(nextStep({ success: false, session_id: 's', expires_at: '2026-11-30T06:00:00Z' }, 'a@b.kz')).toEqual({ step: 'sms', sessionId: 's', expiresAt: '2026-11-30T06:00:00Z', sentTo: 'a@b.kz' });
    const stores = [{ store_id: 'x', merchant_id: '1', name: 'A' }];
    expect(nextStep({ success: true, stores }, 'a@b.kz')).toEqual({ step: 'done', stores });
  });
});
