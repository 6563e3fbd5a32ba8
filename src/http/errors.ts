/**
 * The one error shape of the API:
 *   {"detail": "<message for a person>", "code": "<stable_code>", "fields": {"<field>": "<why>"}}
 * Services throw AppError; the error handler (error-handler.ts) turns anything into this shape.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly detail: string,
    readonly fields?: Record<string, string>,
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found.`);
export const forbidden = (detail: string) => new AppError(403, 'permission_denied', detail);
export const conflict = (detail: string, code = 'conflict') => new AppError(409, code, detail);
export const invalid = (fields: Record<string, string>, detail?: string) =>
  new AppError(
    400,
    'validation_error',
    detail ?? `Invalid input: ${Object.entries(fields).map(([f, why]) => `${f}: ${why}`).join('; ')}`,
    fields,
  );
