import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Two validators: JSON bodies are taken as typed (no "12" for 12, unknown fields rejected), while
 * query strings and path params, which are always text, are coerced.
 */
function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, ...options });
  addFormats.default(ajv);
  ajv.addKeyword('example');
  return ajv;
}

const bodyAjv = makeAjv({ coerceTypes: false });
const textAjv = makeAjv({ coerceTypes: 'array' });

/** An issue in Ajv's shape, so the error handler names the field like any schema error. */
export interface TextIssue {
  instancePath: string;
  keyword: 'text';
  schemaPath: string;
  message: string;
  params: Record<string, never>;
}

/**
 * PostgreSQL cannot store a NUL character in text or jsonb, and a lone UTF-16 surrogate is not text at
 * all: both are refused here, in every string and object key of the input, at any depth (JSON values
 * such as strategy_params included). Iterative, so a deeply nested value cannot overflow the stack.
 */
export function findBadText(data: unknown): TextIssue | null {
  const stack: { value: unknown; path: string }[] = [{ value: data, path: '' }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isStorableText(value)) return textIssue(path);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}/${i}` });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        // A bad key is named by the object that holds it: the key itself cannot be shown.
        if (!isStorableText(key)) return textIssue(path);
        stack.push({ value: item, path: `${path}/${escapePointer(key)}` });
      }
    }
  }
  return null;
}

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value);
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function textIssue(instancePath: string): TextIssue {
  return { instancePath, keyword: 'text', schemaPath: '#', message: 'not contain NUL characters or unpaired surrogates', params: {} };
}

/** Ajv's validator with the text check in front; Fastify reads `errors` and `schemaEnv` off it. */
function withTextCheck(validate: ValidateFunction): ValidateFunction {
  const checked = ((data: unknown, context?: Parameters<ValidateFunction>[1]) => {
    const issue = findBadText(data);
    if (issue) {
      checked.errors = [issue];
      return false;
    }
    const valid = validate(data, context);
    checked.errors = validate.errors ?? null;
    return valid;
  }) as ValidateFunction;
  return Object.assign(checked, { schema: validate.schema, schemaEnv: validate.schemaEnv, errors: null });
}

export const schemaCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return withTextCheck(ajv.compile(schema as object));
};
