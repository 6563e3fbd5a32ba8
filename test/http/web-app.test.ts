import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerErrorHandling } from '../../src/http/error-handler.ts';
import { registerWebApp } from '../../src/http/web-app.ts';

describe('the web app served at /', () => {
  let app: FastifyInstance;
  let dist: string;

  before(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'web-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(dist, 'assets/index-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dist, 'favicon.svg'), '<svg/>');
    app = Fastify();
    const fallback = await registerWebApp(app, dist);
    registerErrorHandling(app, fallback ?? undefined);
    app.get('/api/v1/thing/', async () => ({ ok: true }));
    await app.ready();
  });
  after(async () => {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  test('/ is the app, never cached, with a strict content security policy', async () => {
    const res = await app.inject({ url: '/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(res.headers['content-security-policy'] as string, /script-src 'self'/);
    assert.match(res.headers['content-security-policy'] as string, /frame-ancestors 'none'/);
    assert.match(res.body, /id="root"/);
  });

  test("the app's own routes load on a refresh", async () => {
    for (const url of ['/products/0b7f3c1e-0000-4000-8000-000000000000', '/shops', '/admin/users?page=2']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /id="root"/, url);
    }
  });

  test('hashed assets are cached for a year; other files are revalidated', async () => {
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    assert.equal(asset.statusCode, 200);
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
    const icon = await app.inject({ url: '/favicon.svg' });
    assert.equal(icon.headers['cache-control'], 'no-cache');
  });

  test('the API keeps its JSON 404s, and a missing asset or a write is not answered with a page', async () => {
    const api = await app.inject({ url: '/api/v1/nothing/' });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().code, 'not_found');
    assert.equal((await app.inject({ url: '/assets/missing-123.js' })).statusCode, 404);
    assert.equal((await app.inject({ method: 'POST', url: '/shops' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/docs/nothing' })).statusCode, 404);
    assert.deepEqual((await app.inject({ url: '/api/v1/thing/' })).json(), { ok: true });
  });

  test('without a build, only the API is served', async () => {
    const bare = Fastify();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'web-none-'));
    const fallback = await registerWebApp(bare, empty);
    assert.equal(fallback, null);
    registerErrorHandling(bare);
    assert.equal((await bare.inject({ url: '/shops' })).statusCode, 404);
    await bare.close();
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
