import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { registerUser, startTestApp, type TestApp } from '../helpers/app.ts';

describe('health, metrics and docs', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: 'metrics-secret' } });
  });
  after(() => t.close());

  test('GET /health/ and /health/db/ answer without authentication', async () => {
    const health = await t.app.inject({ url: '/health/' });
    assert.equal(health.statusCode, 200);
    assert.equal(health.json().status, 'ok');
    const db = await t.app.inject({ url: '/health/db' });
    assert.equal(db.statusCode, 200);
    assert.deepEqual(db.json(), { status: 'ok', backend: 'postgres' });
    const redis = await t.app.inject({ url: '/health/redis/' });
    assert.equal(redis.statusCode, 200, 'without REDIS_URL there is nothing to be down');
  });

  test('every response carries a request id, and a given x-request-id is kept', async () => {
    const res = await t.app.inject({ url: '/health/', headers: { 'x-request-id': 'trace-me-123' } });
    assert.equal(res.headers['x-request-id'], 'trace-me-123');
    const fresh = await t.app.inject({ url: '/health/' });
    assert.match(String(fresh.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  test('/metrics is Prometheus text behind METRICS_TOKEN', async () => {
    await t.app.inject({ url: '/api/v1/kaspi/stores/' });
    const denied = await t.app.inject({ url: '/metrics' });
    assert.equal(denied.statusCode, 401);
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer metrics-secret' } });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.match(res.body, /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/kaspi\/stores\/",status="401"\} 1/);
    assert.match(res.body, /process_resident_memory_bytes/);
  });

  test('/openapi.json documents every route of the old API, with bearer auth; /docs serves Swagger UI', async () => {
    const res = await t.app.inject({ url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    const expected: [string, string][] = [
      ['/api/v1/kaspi/stores/', 'get'],
      ['/api/v1/kaspi/stores/', 'post'],
      ['/api/v1/kaspi/stores/{id}/', 'get'],
      ['/api/v1/kaspi/stores/{id}/', 'delete'],
      ['/api/v1/kaspi/stores/{id}/sync/', 'post'],
      ['/api/v1/products/', 'get'],
      ['/api/v1/products/', 'post'],
      ['/api/v1/products/{id}/', 'get'],
      ['/api/v1/products/batch_enable/', 'post'],
      ['/api/v1/products/batch_disable/', 'post'],
      ['/api/v1/preorders/', 'get'],
      ['/api/v1/preorders/', 'post'],
      ['/api/v1/preorders/{id}/', 'get'],
      ['/api/v1/auth/register/', 'post'],
      ['/api/v1/auth/login/', 'post'],
      ['/api/v1/auth/me/', 'get'],
      ['/api/v1/jobs/{id}/', 'get'],
      ['/health/', 'get'],
      ['/health/db/', 'get'],
    ];
    for (const [path, method] of expected) assert.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path} is documented`);
    assert.deepEqual(doc.paths['/api/v1/products/'].get.security, [{ bearerAuth: [] }, { cookieAuth: [] }]);
    assert.equal(doc.paths['/api/v1/auth/login/'].post.security, undefined);
    const docs = await t.app.inject({ url: '/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
  });

  test('unknown routes and methods answer 404 in the error shape', async () => {
    const user = await registerUser(t.app);
    const res = await t.app.inject({ url: '/api/v1/nothing-here/', headers: user.headers });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'not_found');
  });

  test('with the database gone, /health/db/ answers 503 and the API answers 5xx, never a hang', async () => {
    await t.database.drop();
    const db = await t.app.inject({ url: '/health/db/' });
    assert.equal(db.statusCode, 503);
    assert.equal(db.json().status, 'unavailable');
    const health = await t.app.inject({ url: '/health/' });
    assert.equal(health.statusCode, 200, 'the process itself is still up');
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/', payload: { email: 'a@example.kz', password: 'whatever1' } });
    assert.equal(api.statusCode, 503);
    assert.equal(api.json().code, 'unavailable');
  });
});

describe('health with Redis configured but down', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  after(() => t.close());

  test('/health/redis/ answers 503 within a few seconds', async () => {
    const started = Date.now();
    const res = await t.app.inject({ url: '/health/redis/' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().backend, 'redis');
    assert.ok(Date.now() - started < 5_000);
  });
});
