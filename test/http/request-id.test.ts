import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('x-request-id', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const idFor = async (header: string | string[] | undefined) => {
    const res = await t.app.inject({ url: '/health/', headers: header === undefined ? {} : { 'x-request-id': header } });
    return String(res.headers['x-request-id']);
  };

  test("a client's short safe token is kept and echoed", async () => {
    assert.equal(await idFor('req-42.a_b:c'), 'req-42.a_b:c');
    assert.equal(await idFor('x'.repeat(128)), 'x'.repeat(128));
  });

  test('anything else is replaced by a fresh UUID: absent, empty, too long, other characters, repeated', async () => {
    for (const bad of [undefined, '', 'x'.repeat(129), 'a b', 'id<script>', 'naïve', 'a\tb', ['one', 'two']]) {
      const id = await idFor(bad);
      assert.match(id, UUID, `${JSON.stringify(bad)} -> ${id}`);
    }
  });
});
