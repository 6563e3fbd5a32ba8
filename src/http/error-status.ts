import type { DomainErrorCode } from '../errors/domain-error.ts';
import type { KaspiBusyCode } from '../kaspi/kaspi-busy.ts';
import type { KaspiErrorCode } from '../kaspi/kaspi-errors.ts';

/** Every code a service or the Kaspi client can raise. */
export type ErrorCode = DomainErrorCode | KaspiErrorCode | KaspiBusyCode;

/**
 * The HTTP status of each error code: the only place where statuses meet the domain. A Record, so a new
 * code without a status does not typecheck.
 */
export const errorStatus: Record<ErrorCode, number> = {
  // General
  not_found: 404,
  permission_denied: 403,
  not_authenticated: 401,
  validation_error: 400,
  // The state of things refuses the change
  conflict: 409,
  merchant_already_linked: 409,
  store_not_linked: 409,
  product_exists: 409,
  preorder_exists: 409,
  not_pushable: 409,
  city_prices_unknown: 409,
  offer_removed: 409,
  nothing_to_upload: 409,
  not_repriceable: 409,
  no_sales_cities: 409,
  proposal_stale: 409,
  proposal_closed: 409,
  // Feature codes
  invalid_credentials: 401,
  account_disabled: 403,
  csrf_failed: 403,
  rate_limited: 429,
  kaspi_no_merchants: 400,
  queue_unavailable: 503,
  telegram_off: 503,
  // Kaspi: the user's input or login state
  kaspi_bad_credentials: 400,
  kaspi_sms_invalid: 400,
  kaspi_login_expired: 400,
  kaspi_reauth_required: 409,
  // Kaspi: the other side failed
  kaspi_unavailable: 502,
  kaspi_timeout: 504,
  kaspi_browser_failed: 503,
  // Kaspi: come back later (with Retry-After)
  kaspi_paused: 503,
  kaspi_busy: 503,
  kaspi_rate_limited: 503,
};

/** Retry-After in whole seconds, at least 1 (a 0 would invite an immediate retry). */
export function retryAfterSeconds(retryInMs: number): number {
  return Math.max(1, Math.ceil(retryInMs / 1000));
}
