/**
 * What a service says when it refuses: a stable code, a message for a person and, for bad input, the
 * fields at fault. No HTTP here: src/http/error-status.ts maps each code to a status, and the one error
 * handler writes the API's error shape `{detail, code, fields?}`.
 */

/** Codes any feature may use. */
export type GeneralErrorCode =
  /** The object does not exist, or belongs to someone else (the two look the same). */
  | 'not_found'
  /** The caller is known but may not do this. */
  | 'permission_denied'
  /** No caller, or a token that is not (or no longer) valid. */
  | 'not_authenticated'
  /** The input breaks a rule; `fields` says which field and why. */
  | 'validation_error';

/** The request is fine but the state of things refuses it: each code names the rule. */
export type ConflictErrorCode =
  /** The change clashes with what is stored (a unique value taken, ...). */
  | 'conflict'
  /** stores, kaspi-auth: the Kaspi merchant is linked to another store or user. */
  | 'merchant_already_linked'
  /** catalogue: the store has no Kaspi session to sync with. */
  | 'store_not_linked'
  /** products: the store already has a product with this SKU or Kaspi offer id. */
  | 'product_exists'
  /** preorders: the product already has a preorder. */
  | 'preorder_exists'
  /** preorders, pricing: what Kaspi needs for the change is missing (SKU, price, pickup points, ...). */
  | 'not_pushable'
  /** preorders, pricing, repricer: the offer's own price in each city could not be read from the storefront. */
  | 'city_prices_unknown'
  /** preorders, pricing: Kaspi no longer lists the offer. */
  | 'offer_removed'
  /** preorders: the store has no preorders to send. */
  | 'nothing_to_upload'
  /** market: the product has no public Kaspi product id, so its competitors cannot be looked up. */
  | 'not_repriceable'
  /** market: the shop has no enabled pickup point with a city, so it sells nowhere. */
  | 'no_sales_cities'
  /** repricer: the proposal is stale (a newer one exists, it is too old, or the market moved); nothing was pushed. */
  | 'proposal_stale'
  /** repricer: the proposal was already approved, rejected or is being approved. */
  | 'proposal_closed';

/** Every code a DomainError can carry. */
export type DomainErrorCode =
  | GeneralErrorCode
  | ConflictErrorCode
  /** users: wrong email or password at login. */
  | 'invalid_credentials'
  /** users: an admin disabled the account; it cannot sign in. */
  | 'account_disabled'
  /** users: a request signed in by the session cookie changes state without its session's CSRF token. */
  | 'csrf_failed'
  /** Too many attempts (logins of one e-mail, Kaspi logins of one user or IP): come back after `retryInMs`. */
  | 'rate_limited'
  /** kaspi-auth: the Kaspi account has no merchant (shop) to link. */
  | 'kaspi_no_merchants'
  /** jobs: the job queue cannot take or report jobs right now. */
  | 'queue_unavailable'
  /** notifications: no Telegram bot is configured on this server (TELEGRAM_BOT_TOKEN unset). */
  | 'telegram_off';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly detail: string,
    readonly fields?: Record<string, string>,
    /** When the caller may try again (the API answers Retry-After); for `rate_limited`. */
    readonly retryInMs?: number,
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found.`);
export const forbidden = (detail: string) => new DomainError('permission_denied', detail);
export const conflict = (detail: string, code: ConflictErrorCode = 'conflict') => new DomainError(code, detail);
export const rateLimited = (detail: string, retryInMs: number) => new DomainError('rate_limited', detail, undefined, retryInMs);
export const invalid = (fields: Record<string, string>, detail?: string) =>
  new DomainError(
    'validation_error',
    detail ??
      `Invalid input: ${Object.entries(fields)
        .map(([f, why]) => `${f}: ${why}`)
        .join('; ')}`,
    fields,
  );
