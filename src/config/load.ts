import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { Type } from 'typebox';
import { isVariable, type Shape, type ValidEnv } from './define.ts';
import { type AppConfig, sections, variables } from './sections.ts';

/**
 * Typed configuration read from the environment once, at start.
 * A bad value stops the process with a message naming the variable, instead of failing later.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The environment as one JSON schema: validated with coercion (`"8010"` -> 8010) and defaults. */
const EnvSchema = Type.Object(Object.fromEntries(variables.map(({ variable }) => [variable.name, variable.schema])));

const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, removeAdditional: true });
addFormats.default(ajv);
const validateEnv = ajv.compile<Record<string, unknown>>(EnvSchema);

function build(shape: Shape, env: ValidEnv): Record<string, unknown> {
  return Object.fromEntries(Object.entries(shape).map(([key, node]) => [key, isVariable(node) ? node.to(env[node.name], env) : build(node, env)]));
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings count as unset, so `FOO=` in an .env file falls back to the default.
  const env: Record<string, unknown> = {};
  for (const { variable } of variables) {
    const value = source[variable.name];
    if (value !== undefined && value !== '') env[variable.name] = value;
  }
  const valid = validateEnv(env);
  const problems = (validateEnv.errors ?? []).map((e) => {
    const name = e.instancePath.replace(/^\//, '') || String(e.params['missingProperty'] ?? '');
    return `${name}: ${e.message}`;
  });
  const invalid = new Set(problems.map((p) => p.slice(0, p.indexOf(':'))));
  for (const { variable } of variables) {
    if (!variable.check || invalid.has(variable.name)) continue;
    const problem = variable.check(env[variable.name], env);
    if (problem) problems.push(`${variable.name}: ${problem}`);
  }
  if (!valid || problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return Object.assign({}, ...sections.map((s) => build(s.shape, env))) as AppConfig;
}
