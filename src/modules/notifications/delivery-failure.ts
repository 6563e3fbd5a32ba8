import type { DeliveryErrorCode } from '../../infra/db/schema.ts';

/**
 * A failed attempt. `permanent`: no retry can make it (the delivery fails at once); `byUser`: the
 * user removed the channel themselves, so the failure is listed but not reported to them as news.
 */
export class DeliveryFailure extends Error {
  override name = 'DeliveryFailure';

  constructor(
    readonly code: DeliveryErrorCode,
    message: string,
    readonly detail: string | null = null,
    readonly permanent = false,
    readonly byUser = false,
  ) {
    super(message);
  }

  /** Any error as a failure: a DeliveryFailure as it is, anything else as `unexpected` (retried). */
  static of(err: unknown): DeliveryFailure {
    if (err instanceof DeliveryFailure) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new DeliveryFailure('unexpected', message, message);
  }
}
