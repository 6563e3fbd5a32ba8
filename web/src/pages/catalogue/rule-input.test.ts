import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { fieldError } from './field-error.ts';
import { readRuleInput } from './rule-input.ts';

describe('a rule typed into the table', () => {
  it('reads prices the way sellers write them', () => {
    expect(readRuleInput('min_price', '12 990')).toEqual({ value: 12990 });
    expect(readRuleInput('max_price', '12\u202f990 ₸')).toEqual({ value: 12990 });
  });
  it('clears a rail with an empty field, but never the step', () => {
    expect(readRuleInput('min_price', '  ')).toEqual({ value: null });
    expect(readRuleInput('step', '')).toEqual({ problem: 'badStep' });
  });
  it('refuses fractions, negatives and prices below 10 tenge', () => {
    expect(readRuleInput('min_price', '9')).toEqual({ problem: 'badPrice' });
    expect(readRuleInput('min_price', '10.5')).toEqual({ problem: 'badPrice' });
    expect(readRuleInput('max_price', '-100')).toEqual({ problem: 'badPrice' });
    expect(readRuleInput('step', '0')).toEqual({ problem: 'badStep' });
  });
});

describe("the API's message next to a field", () => {
  it('prefers the message for that field, then the detail', () => {
    const error = new ApiError(400, { detail: 'min_price must not exceed max_price', fields: { min_price: 'must not exceed max_price (5000)' } });
    expect(fieldError(error, 'min_price', 'x')).toBe('must not exceed max_price (5000)');
    expect(fieldError(error, 'max_price', 'x')).toBe('min_price must not exceed max_price');
    expect(fieldError(new Error('boom'), 'min_price', 'fallback')).toBe('fallback');
  });
});
