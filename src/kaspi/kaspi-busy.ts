import type { FastifyInstance } from 'fastify';
import { AppError } from '../http/errors.ts';
import { BudgetExhaustedError } from '../infra/budget/rate-budget.ts';

/**
 * 503 with Retry-After: a Kaspi budget is paused after a ban, or too busy to wait for. The request is
 * fine; the client should come back later (never hammer Kaspi into a longer ban).
 */
export class KaspiBusyError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(code: 'kaspi_paused' | 'kaspi_busy' | 'kaspi_rate_limited', detail: string, retryInMs: number) {
    super(503, code, detail);
    this.name = 'KaspiBusyError';
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryInMs / 1000));
  }
}

/** A budget refusal as the API answers it; `what` names what waits ("Market data", "Price changes"). */
export function busyFromBudget(err: BudgetExhaustedError, what: string, pausedBecause: string): KaspiBusyError {
  const seconds = Math.max(1, Math.ceil(err.retryInMs / 1000));
  return err.reason === 'paused'
    ? new KaspiBusyError('kaspi_paused', `${what}: paused because ${pausedBecause}; try again in ${seconds} s.`, err.retryInMs)
    : new KaspiBusyError('kaspi_busy', `${what}: too many requests to Kaspi are waiting; try again in ${seconds} s.`, err.retryInMs);
}

/** Sets Retry-After on every KaspiBusyError answer; the error handler writes the body as usual. */
export function registerRetryAfterHeader(app: FastifyInstance): void {
  app.addHook('onError', async (_request, reply, error) => {
    if (error instanceof KaspiBusyError) reply.header('retry-after', String(error.retryAfterSeconds));
  });
}

export { BudgetExhaustedError };
