import { describe, expect, test } from 'vitest';
import { languages } from './languages.ts';
import { namespaces } from './resources.ts';

/** Every key path of a strings object, `a.b.c`, with its value. */
function entries(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, inner]) => entries(inner, prefix ? `${prefix}.${key}` : key));
}

describe('strings', () => {
  for (const [name, strings] of Object.entries(namespaces)) {
    test(`${name}: every language has exactly Russian's keys, none empty`, () => {
      const reference = entries(strings.ru)
        .map(([key]) => key)
        .sort();
      for (const language of languages) {
        const own = entries(strings[language]);
        expect(own.map(([key]) => key).sort(), `${name} in ${language}`).toEqual(reference);
        for (const [key, value] of own) expect(typeof value === 'string' && value.trim().length > 0, `${name}.${key} in ${language}`).toBe(true);
      }
    });
    test(`${name}: placeholders are the same in every language`, () => {
      const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      const reference = new Map(entries(strings.ru).map(([key, value]) => [key, placeholders(value)]));
      for (const language of languages) {
        for (const [key, value] of entries(strings[language])) expect(placeholders(value), `${name}.${key} in ${language}`).toEqual(reference.get(key));
      }
    });
  }
});
