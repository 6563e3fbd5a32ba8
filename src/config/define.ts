import type { Static, TObject, TSchema } from 'typebox';

/**
 * The building blocks of the configuration. A variable is declared once, in the section file of its
 * concern: its environment name, its TypeBox schema (type, bounds, `default`, `description`) and, when
 * the config value is not the environment value as is, how it becomes one (`to`: seconds to ms, a list).
 * Where it lands in the config object is where the section puts it; `AppConfig` is inferred from that.
 */

/** The validated environment: every declared variable, coerced, defaults applied, empty values dropped. */
export type ValidEnv = Readonly<Record<string, unknown>>;

/** The type of an environment variable after validation; `Type.Optional(...)` adds `undefined`. */
export type EnvValue<Name extends string, Schema extends TSchema> = ValueIn<Static<TObject<{ [K in Name]: Schema }>>, Name>;
type ValueIn<Env, Name extends string> = Name extends keyof Env ? Env[Name] : never;

// `to` and `check` are methods, not function properties, so a Variable<'PORT', TInteger, number> is
// also a Variable (of unknown value) to the code that walks every variable.
export interface Variable<Name extends string = string, Schema extends TSchema = TSchema, Value = unknown> {
  readonly name: Name;
  readonly schema: Schema;
  /** From the validated environment value to the config value (unit conversions, lists, derived defaults). */
  to(value: EnvValue<Name, Schema>, env: ValidEnv): Value;
  /**
   * A rule the schema cannot say, run once the variable itself is valid; returns the problem (the text
   * after `NAME: `) or nothing. A message never echoes the value: it may carry a password.
   */
  check?(value: EnvValue<Name, Schema>, env: ValidEnv): string | undefined;
}

export interface VariableOptions<In, Out> {
  to?: (value: In, env: ValidEnv) => Out;
  check?: (value: In, env: ValidEnv) => string | undefined;
}

/**
 * Declares one environment variable. The schema carries the default and the description (both
 * required by test/config, the description becomes the comment in `.env.example`).
 */
export function variable<const Name extends string, Schema extends TSchema, Value = EnvValue<Name, Schema>>(
  name: Name,
  schema: Schema,
  options: VariableOptions<EnvValue<Name, Schema>, Value> = {},
): Variable<Name, Schema, NoInfer<Value>> {
  const identity = (value: EnvValue<Name, Schema>) => value as unknown as Value;
  return { name, schema, to: options.to ?? identity, ...(options.check ? { check: options.check } : {}) };
}

/** Where variables land in the config object: property names, nested objects of them, variables at the leaves. */
export interface Shape {
  readonly [property: string]: Variable<string, TSchema, unknown> | Shape;
}

export interface Section<S extends Shape = Shape> {
  /** The header of the section in `.env.example`. */
  readonly title: string;
  /** Comment lines under the header, for what concerns the whole section. */
  readonly note?: string | undefined;
  readonly shape: S;
}

export function section<const S extends Shape>(title: string, shape: S, note?: string): Section<S> {
  return { title, note, shape };
}

/** The config object a shape describes: each variable replaced by the type its `to` returns. */
export type ConfigOf<S> = {
  -readonly [K in keyof S]: S[K] extends Variable<string, TSchema, infer Value> ? Value : ConfigOf<S[K]>;
};

export function isVariable(node: Variable | Shape): node is Variable {
  return typeof node['name'] === 'string' && typeof node['to'] === 'function';
}

/** Every variable of a shape, depth first in declaration order, with its property path. */
export function variablesOf(shape: Shape, path: string[] = []): { path: string[]; variable: Variable }[] {
  return Object.entries(shape).flatMap(([key, node]) => (isVariable(node) ? [{ path: [...path, key], variable: node }] : variablesOf(node, [...path, key])));
}

/** Shared conversions, so a unit change reads the same everywhere. */
export const msFromSeconds = (seconds: number): number => seconds * 1000;
export const msFromHours = (hours: number): number => hours * 3_600_000;
/** `a, b,,c` -> ['a', 'b', 'c']; unset -> []. */
export const commaList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
