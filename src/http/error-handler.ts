import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.ts';
import { unavailableBackend } from '../infra/unavailable.ts';
import { KaspiBusyError } from '../kaspi/kaspi-busy.ts';
import { KaspiError } from '../kaspi/kaspi-errors.ts';
import { errorStatus, retryAfterSeconds } from './error-status.ts';

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/warehouses/0/point` -> `warehouses[0].point` */
function fieldName(issue: AjvIssue): string {
  const parts = issue.instancePath.split('/').filter(Boolean);
  if (issue.keyword === 'required') parts.push(String(issue.params['missingProperty']));
  if (issue.keyword === 'additionalProperties') parts.push(String(issue.params['additionalProperty']));
  return parts.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '') || 'non_field_errors';
}

function describe(issue: AjvIssue): string {
  switch (issue.keyword) {
    case 'required':
      return 'This field is required.';
    case 'additionalProperties':
      return 'Unknown field.';
    case 'enum':
      return `Must be one of: ${(issue.params['allowedValues'] as unknown[]).join(', ')}.`;
    case 'anyOf':
      return 'Has an invalid value.';
    default:
      return `Must ${issue.message ?? 'be valid'}.`.replace(/^Must must/, 'Must');
  }
}

export function validationFields(issues: AjvIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const name = fieldName(issue);
    // Union branches repeat the same field; the first, most specific, message wins.
    fields[name] ??= describe(issue);
  }
  return fields;
}

/** Retry-After of a 503 for a backing service that is down (database, Redis, the job queue). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export function registerErrorHandling(app: FastifyInstance, pageFallback?: (request: FastifyRequest, reply: FastifyReply) => boolean): void {
  app.setNotFoundHandler((request, reply) => {
    // A page of the web app (/products/123 on a refresh) is answered by the app, not a 404.
    if (pageFallback?.(request, reply)) return;
    reply.code(404).send({ detail: `No route for ${request.method} ${request.url.split('?')[0]}.`, code: 'not_found' });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      if (error.retryInMs !== undefined) reply.header('retry-after', String(retryAfterSeconds(error.retryInMs)));
      else if (errorStatus[error.code] === 503) reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      return reply.code(errorStatus[error.code]).send({ detail: error.detail, code: error.code, ...(error.fields && { fields: error.fields }) });
    }
    if (error instanceof KaspiBusyError) {
      reply.header('retry-after', String(retryAfterSeconds(error.retryInMs)));
      return reply.code(errorStatus[error.code]).send({ detail: error.detail, code: error.code });
    }
    if (error instanceof KaspiError) {
      return reply.code(errorStatus[error.code]).send({ detail: error.detail, code: error.code });
    }
    if (error.validation) {
      const fields = validationFields(error.validation as AjvIssue[]);
      const where = error.validationContext === 'body' ? '' : `${error.validationContext} `;
      const summary = Object.entries(fields)
        .map(([f, why]) => `${f}: ${why}`)
        .join(' ');
      return reply.code(400).send({ detail: `Invalid ${where}input. ${summary}`.trim(), code: 'validation_error', fields });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return reply.code(429).send({ detail: error.message || 'Too many requests; try again later.', code: 'rate_limited' });
    }
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large, ...
      const code = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'bad_request';
      return reply.code(status).send({ detail: error.message, code });
    }
    // A database or Redis that does not answer (down, pool exhausted, statement_timeout): retry later.
    const unavailable = unavailableBackend(error);
    if (unavailable) {
      request.log.error({ err: error }, `${unavailable} unavailable`);
      reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      const what = unavailable === 'database' ? 'The database is' : 'A service this request needs is';
      return reply.code(503).send({ detail: `${what} unavailable; try again shortly.`, code: 'unavailable' });
    }
    // Drizzle wraps driver errors (DrizzleQueryError); the PostgreSQL code is on the cause.
    const pgCode = (error as { code?: string }).code ?? (error.cause as { code?: string } | undefined)?.code;
    if (pgCode === '23505') {
      return reply.code(409).send({ detail: 'An object with these values already exists.', code: 'conflict' });
    }
    if (isBadValue(pgCode)) {
      return reply.code(400).send({ detail: 'A value is out of range or malformed.', code: 'validation_error' });
    }
    request.log.error({ err: error }, 'request failed');
    if (status === 503) {
      reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      return reply.code(503).send({ detail: 'Service temporarily unavailable.', code: 'unavailable' });
    }
    return reply.code(500).send({ detail: 'Internal server error.', code: 'internal_error' });
  });
}

/**
 * A value PostgreSQL refuses: class 22 (data exception: malformed text, a NUL byte, a number out of
 * range, bad JSON) or a check constraint. Validation should have stopped it; if not, it is still the
 * client's input, never a 500.
 */
function isBadValue(code: string | undefined): boolean {
  return code !== undefined && (code.startsWith('22') || code === '23514');
}
