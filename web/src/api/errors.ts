/** The API's one error shape (see src/http/error-handler.ts): a message, a code, and the fields at fault. */
export interface ApiErrorBody {
  detail: string;
  code?: string;
  fields?: Record<string, string>;
}

/** An answer that was not 2xx. `detail` is the API's message, shown to the seller as is. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly fields: Record<string, string>;
  /** Seconds to wait before trying again (Retry-After), when the API said. */
  readonly retryAfter: number | undefined;

  constructor(status: number, body: Partial<ApiErrorBody> | undefined, retryAfter?: number) {
    super(body?.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code;
    this.fields = body?.fields ?? {};
    this.retryAfter = retryAfter;
  }
}

/** Network failures (offline, the service restarting) get a status of 0. */
export class NetworkError extends ApiError {
  constructor(cause: unknown) {
    super(0, { detail: cause instanceof Error ? cause.message : 'Network error', code: 'network' });
    this.name = 'NetworkError';
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
