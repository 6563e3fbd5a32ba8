import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { type CliProcess, freePort, runCli } from './helpers/process.ts';
import { waitFor } from './helpers/wait.ts';

/**
 * The README's first command: `npm start` with nothing configured runs on embedded PGlite with the
 * in-process queue. This drives a real listening server the way a newcomer would.
 */
describe('embedded mode (PGlite, no Redis): a real server', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaspi-embedded-'));
  const embeddedEnv = (port: number) => ({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    REDIS_URL: '',
    SECRET_KEY: '',
    PASSWORD_HASH_LOG_N: '12',
  });
  const running: CliProcess[] = [];
  after(() => {
    for (const p of running) p.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function start() {
    const port = await freePort();
    const server = runCli(['serve'], embeddedEnv(port));
    running.push(server);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => ((await fetch(`${base}/health/db/`)).ok ? true : undefined), { timeoutMs: 120_000, intervalMs: 200, what: `embedded server: ${server.output()}` });
    return { server, base };
  }

  const call = async (base: string, method: string, url: string, body?: unknown, token?: string) => {
    const res = await fetch(base + url, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  test('boots, migrates, registers a user, creates and lists a store; data and tokens survive a restart', async () => {
    const first = await start();
    // The start-up line may reach our pipe a moment after the server answers: wait for it, then check it.
    const startLine = /"database":"pglite","queue":"in-process","workers":true/;
    await waitFor(async () => (startLine.test(first.server.output()) ? true : undefined), { timeoutMs: 10_000, what: `the start-up log line: ${first.server.output()}` });
    const db = await call(first.base, 'GET', '/health/db/');
    assert.deepEqual(db.body, { status: 'ok', backend: 'pglite' });

    const credentials = { email: 'embedded@example.kz', password: 'embedded pass' };
    const reg = await call(first.base, 'POST', '/api/v1/auth/register/', credentials);
    assert.equal(reg.status, 202);
    const token = (await call(first.base, 'POST', '/api/v1/auth/login/', credentials)).body['token'] as string;
    const created = await call(first.base, 'POST', '/api/v1/kaspi/stores/', { name: 'Embedded shop', merchant_id: '777' }, token);
    assert.equal(created.status, 201);
    const listed = await call(first.base, 'GET', '/api/v1/kaspi/stores/', undefined, token);
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body['results'].map((s: { name: string }) => s.name),
      ['Embedded shop'],
    );

    const keyFile = path.join(dataDir, 'secret.key');
    assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600, 'the generated key is readable by its owner only');

    first.server.child.kill('SIGTERM');
    assert.equal(await first.server.exited, 0, 'graceful shutdown exits 0');

    const second = await start();
    const again = await call(second.base, 'GET', '/api/v1/kaspi/stores/', undefined, token);
    assert.equal(again.status, 200, 'the token signed before the restart still works (same generated key)');
    assert.equal(again.body['count'], 1);
    second.server.child.kill('SIGTERM');
    assert.equal(await second.server.exited, 0);
  });

  test('the catalogue list and bulk edits run on PGlite: covering indexes, trigram search, the generated repriceable, ids as one array', async () => {
    const { server, base } = await start();
    const credentials = { email: 'embedded@example.kz', password: 'embedded pass' };
    const token = (await call(base, 'POST', '/api/v1/auth/login/', credentials)).body['token'] as string;
    const store = (await call(base, 'GET', '/api/v1/kaspi/stores/', undefined, token)).body['results'][0].id as string;
    const ids: string[] = [];
    for (let i = 1; i <= 7; i++) {
      const made = await call(
        base,
        'POST',
        '/api/v1/products/',
        { store_id: store, kaspi_sku: `E-${i}`, name: `${i % 2 ? 'Lamp' : 'lamp'} ${i}`, price: 1000 - i, ...(i % 3 ? { external_kaspi_id: String(500 + i) } : {}) },
        token,
      );
      assert.equal(made.status, 201, JSON.stringify(made.body));
      ids.push(made.body['id']);
    }
    const names = async (query: string) => {
      const res = await call(base, 'GET', `/api/v1/products/?${query}`, undefined, token);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return { count: res.body['count'] as number, names: res.body['results'].map((r: { name: string }) => r.name) as string[] };
    };
    assert.deepEqual(await names('ordering=name&page_size=3&page=2'), { count: 7, names: ['lamp 4', 'Lamp 5', 'lamp 6'] });
    assert.deepEqual(await names('ordering=-price&page_size=2&page=4'), { count: 7, names: ['Lamp 7'] });
    assert.deepEqual(await names('search=AMP 5'), { count: 1, names: ['Lamp 5'] });
    assert.deepEqual(await names('repriceable=false&ordering=name'), { count: 2, names: ['Lamp 3', 'lamp 6'] });
    const updated = await call(base, 'POST', '/api/v1/products/batch_update/', { product_ids: ids.slice(0, 3), set: { min_price: 100, max_price: 5000 } }, token);
    assert.deepEqual(updated.body, { updated_count: 3, failed: [] });
    const byFilter = await call(base, 'POST', '/api/v1/products/batch_update/', { filter: { search: 'lamp' }, set: { max_price: 50 } }, token);
    assert.equal(byFilter.body['updated_count'], 4, JSON.stringify(byFilter.body));
    assert.equal(byFilter.body['failed'].length, 3, 'the three with min_price 100 are refused');
    const enabled = await call(base, 'POST', '/api/v1/products/batch_enable/', { filter: { repriceable: true } }, token);
    assert.equal(enabled.body['updated_count'], 5);
    assert.equal((await names('bot_active=true')).count, 5);
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
  });
});

describe('configuration errors stop the process with a clear message', () => {
  test('a bad PORT and a DATABASE_URL without SECRET_KEY are named', async () => {
    const bad = runCli(['serve'], { PORT: 'eighty', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', SECRET_KEY: '' });
    assert.equal(await bad.exited, 1);
    assert.match(bad.output(), /Invalid configuration/);
    assert.match(bad.output(), /PORT/);
    assert.match(bad.output(), /SECRET_KEY: required when DATABASE_URL is set/);
  });

  test('the placeholder SECRET_KEY of the old .env.example stops the process', async () => {
    const placeholder = runCli(['serve'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', SECRET_KEY: 'change-me-to-a-long-random-string-of-32-plus-characters' });
    assert.equal(await placeholder.exited, 1);
    assert.match(placeholder.output(), /SECRET_KEY: is a placeholder/);
  });
});
