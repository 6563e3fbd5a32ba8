import { isApiError } from '../../api/errors.ts';

/**
 * The message to show next to one field after a failed save: the API's own message for that field when it
 * names it (`fields`), else its `detail` (a rule that spans fields, e.g. min above max, may name either).
 */
export function fieldError(error: unknown, field: string, fallback: string): string {
  if (!isApiError(error)) return fallback;
  if (error.status === 0) return fallback;
  return error.fields[field] ?? error.message;
}
