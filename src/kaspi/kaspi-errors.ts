import { AppError } from '../http/errors.ts';
import { KaspiShapeError } from './mc-parsers.ts';

/** Everything that can go wrong talking to Kaspi, with the HTTP status the API answers. */
export const kaspiErrorCodes = {
  /** Kaspi refused the e-mail/phone and password; `detail` is Kaspi's own message. */
  kaspi_bad_credentials: 400,
  /** The SMS code was wrong; the login can be retried with another code. */
  kaspi_sms_invalid: 400,
  /** The half-done login is gone (our TTL or Kaspi's): start again. */
  kaspi_login_expired: 400,
  /** The session cannot be renewed without the user (SMS or a changed password). */
  kaspi_reauth_required: 409,
  /** Kaspi answered with an error, an unexpected page or refused the connection. */
  kaspi_unavailable: 502,
  /** Kaspi did not answer in time. */
  kaspi_timeout: 504,
  /** No browser could run the login (Chromium failed to start or crashed). */
  kaspi_browser_failed: 503,
} as const;

export type KaspiErrorCode = keyof typeof kaspiErrorCodes;

export class KaspiError extends AppError {
  constructor(
    override readonly code: KaspiErrorCode,
    detail: string,
  ) {
    super(kaspiErrorCodes[code], code, detail);
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

/** Runs a parser of Kaspi's answer; an answer it cannot read becomes a 502 naming `what`. */
export function understood<T>(parse: () => T, what: string): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof KaspiShapeError) throw new KaspiError('kaspi_unavailable', `Kaspi's answer for ${what} was not understood: ${err.message}.`);
    throw err;
  }
}
