import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('/metrics with nothing configured', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('is off: a 404 in the error shape, to anyone', async () => {
    for (const headers of [{}, { authorization: 'Bearer anything' }]) {
      const res = await t.app.inject({ url: '/metrics', headers });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'not_found');
      assert.doesNotMatch(res.body, /process_resident_memory_bytes/);
    }
  });
});

describe('/metrics with METRICS_PUBLIC=true', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { METRICS_PUBLIC: 'true' } });
  });
  after(() => t.close());

  test('is open without a token, by explicit choice', async () => {
    const res = await t.app.inject({ url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /process_resident_memory_bytes/);
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: 'metrics-token-0123456789' } });
  });
  after(() => t.close());

  test('answers the token (bearer or x-metrics-token) and refuses any other, of any length, with a 401', async () => {
    for (const headers of [{ authorization: 'Bearer metrics-token-0123456789' }, { 'x-metrics-token': 'metrics-token-0123456789' }]) {
      const res = await t.app.inject({ url: '/metrics', headers });
      assert.equal(res.statusCode, 200, JSON.stringify(headers));
      assert.match(res.body, /process_resident_memory_bytes/);
    }
    const wrong = [{}, { authorization: 'Bearer metrics-token-0123456788' }, { authorization: 'Bearer m' }, { authorization: `Bearer ${'x'.repeat(500)}` }, { 'x-metrics-token': '' }];
    for (const headers of wrong) {
      const res = await t.app.inject({ url: '/metrics', headers });
      assert.equal(res.statusCode, 401, JSON.stringify(headers));
      assert.equal(res.json().code, 'not_authenticated');
    }
  });
});
