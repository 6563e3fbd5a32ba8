import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Type } from 'typebox';
import { findBadText, schemaCompiler } from '../../src/http/validation.ts';

describe('request validation', () => {
  const compile = (schema: object, httpPart = 'body') => schemaCompiler({ schema, httpPart, url: '/x', method: 'POST' }) as ((data: unknown) => boolean) & { errors: unknown };

  test('a NUL or an unpaired surrogate is found in any string or key, at any depth, with its path', () => {
    assert.equal(findBadText({ a: ['ok', { b: 'fine 🙂' }], n: 1, z: null }), null);
    assert.equal(findBadText({ a: [0, { 'b/c': 'x\u0000' }] })?.instancePath, '/a/1/b~1c');
    assert.equal(findBadText({ a: { 'k\u0000': 1 } })?.instancePath, '/a');
    assert.equal(findBadText('\udfff')?.instancePath, '');
    assert.equal(findBadText({ s: 'high \ud83d alone' })?.instancePath, '/s');
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.ok(findBadText(deep), 'no stack overflow at 100,000 levels');
  });

  test('every compiled schema refuses them, body or query, even where the schema allows any value', () => {
    const body = compile(Type.Object({ name: Type.String(), extra: Type.Record(Type.String(), Type.Unknown()) }));
    assert.equal(body({ name: 'shop', extra: { deep: ['x'] } }), true);
    assert.equal(body({ name: 'shop', extra: { deep: ['x\u0000'] } }), false);
    assert.deepEqual(body.errors, [{ instancePath: '/extra/deep/0', keyword: 'text', schemaPath: '#', message: 'not contain NUL characters or unpaired surrogates', params: {} }]);
    const query = compile(Type.Object({ search: Type.Optional(Type.String({ maxLength: 200 })), page: Type.Optional(Type.Integer()) }), 'querystring');
    const coerced = { search: 'a', page: '2' };
    assert.equal(query(coerced), true);
    assert.deepEqual(coerced, { search: 'a', page: 2 }, 'query strings are still coerced');
    assert.equal(query({ search: 'a\u0000' }), false);
  });
});
