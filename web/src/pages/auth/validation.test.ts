import { expect, test } from 'vitest';
import { emailProblem, passwordProblem } from './validation.ts';

test('an email needs a name, an @ and a domain with a dot', () => {
  expect(emailProblem('seller@example.kz')).toBeNull();
  expect(emailProblem('  seller@example.kz ')).toBeNull();
  expect(emailProblem('seller@example')).toBe('emailInvalid');
  expect(emailProblem('seller example.kz')).toBe('emailInvalid');
  expect(emailProblem('')).toBe('emailInvalid');
});

test('a password needs 8 characters', () => {
  expect(passwordProblem('1234567')).toBe('passwordShort');
  expect(passwordProblem('12345678')).toBeNull();
});
