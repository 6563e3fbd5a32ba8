import { KaspiShapeError } from './mc-parsers.ts';

/** Everything that can go wrong talking to Kaspi. The API's status for each is in src/http/error-status.ts. */
export const kaspiErrorCodes = [
  /** Kaspi refused the e-mail/phone and password; `detail` is Kaspi's own message. */
  'kaspi_bad_credentials',
  /** The SMS code was wrong; the login can be retried with another code. */
  'kaspi_sms_invalid',
  /** The half-done login is gone (our TTL or Kaspi's): start again. */
  'kaspi_login_expired',
  /** The session cannot be renewed without the user (SMS or a changed password). */
  'kaspi_reauth_required',
  /** Kaspi answered with an error, an unexpected page or refused the connection. */
  'kaspi_unavailable',
  /** Kaspi did not answer in time. */
  'kaspi_timeout',
  /** No browser could run the login (Chromium failed to start or crashed). */
  'kaspi_browser_failed',
] as const;

export type KaspiErrorCode = (typeof kaspiErrorCodes)[number];

export class KaspiError extends Error {
  constructor(
    readonly code: KaspiErrorCode,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'KaspiError';
  }
}

/**
 * A cabinet call found the session dead (401, or a redirect to the login page). Internal: the session
 * manager renews and retries; it reaches the API only as kaspi_reauth_required.
 */
export class KaspiSessionExpiredError extends Error {
  override name = 'KaspiSessionExpiredError';
}

/** Runs a parser of Kaspi's answer; an answer it cannot read becomes kaspi_unavailable naming `what`. */
export function understood<T>(parse: () => T, what: string): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof KaspiShapeError) throw new KaspiError('kaspi_unavailable', `Kaspi's answer for ${what} was not understood: ${err.message}.`);
    throw err;
  }
}
