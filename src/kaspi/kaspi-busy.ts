import { BudgetExhaustedError } from '../infra/budget/rate-budget.ts';

/** Why a request to Kaspi waits: a budget paused after a ban, too busy to wait for, or Kaspi's own 429. */
export type KaspiBusyCode = 'kaspi_paused' | 'kaspi_busy' | 'kaspi_rate_limited';

/**
 * A Kaspi budget is paused after a ban, or too busy to wait for. The request is fine; the caller should
 * come back after `retryInMs` (never hammer Kaspi into a longer ban). The API answers 503 with
 * Retry-After (src/http/error-handler.ts).
 */
export class KaspiBusyError extends Error {
  constructor(
    readonly code: KaspiBusyCode,
    readonly detail: string,
    readonly retryInMs: number,
  ) {
    super(detail);
    this.name = 'KaspiBusyError';
  }
}

/** A budget refusal as the API answers it; `what` names what waits ("Market data", "Price changes"). */
export function busyFromBudget(err: BudgetExhaustedError, what: string, pausedBecause: string): KaspiBusyError {
  const seconds = Math.max(1, Math.ceil(err.retryInMs / 1000));
  return err.reason === 'paused'
    ? new KaspiBusyError('kaspi_paused', `${what}: paused because ${pausedBecause}; try again in ${seconds} s.`, err.retryInMs)
    : new KaspiBusyError('kaspi_busy', `${what}: too many requests to Kaspi are waiting; try again in ${seconds} s.`, err.retryInMs);
}

export { BudgetExhaustedError };
