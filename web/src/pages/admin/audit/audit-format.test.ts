import { expect, test } from 'vitest';
import { actionKey, describeTarget, isKnownAction, summariseDetails } from './audit-format.ts';

test('known actions map to string keys; others are shown by name', () => {
  expect(isKnownAction('user.disable')).toBe(true);
  expect(actionKey('user.reset_password')).toBe('user_reset_password');
  expect(isKnownAction('store.demper.update')).toBe(false);
});

test("an account action names the user's e-mail; others the kind and a short id", () => {
  expect(describeTarget({ target_type: 'user', target_id: 'u-1', details: { email: 'seller@example.kz' } })).toEqual({ text: 'seller@example.kz', full: 'u-1' });
  expect(describeTarget({ target_type: 'product', target_id: '0b6c8f4e-1a2b-4c3d-8e9f-0123456789ab', details: {} })).toEqual({
    text: 'product 0b6c8f4e',
    full: '0b6c8f4e-1a2b-4c3d-8e9f-0123456789ab',
  });
  expect(describeTarget({ target_type: 'api', target_id: null, details: {} })).toEqual({ text: 'api', full: null });
});

test('details: one line, without the e-mail and owners, cut when long', () => {
  expect(summariseDetails({ email: 'a@b.kz', generated: true, tokens_revoked: true })).toBe('generated: true, tokens_revoked: true');
  expect(summariseDetails({ request: 'PATCH /api/v1/products/:id/', owner_ids: ['x'], status: 200, body: { min_price: 1000 } })).toBe('status: 200, body: {"min_price":1000}');
  const long = summariseDetails({ body: 'x'.repeat(500) }, 50);
  expect(long).toHaveLength(50);
  expect(long.endsWith('…')).toBe(true);
});
