import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config/index.ts';

describe('config', () => {
  test('nothing configured means embedded defaults on port 8010', () => {
    const c = loadConfig({});
    assert.equal(c.port, 8010);
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.redisUrl, undefined);
    assert.equal(c.runWorkers, true, 'one process does everything without Redis');
    assert.equal(c.kaspi.mcUrl, 'https://mc.shop.kaspi.kz');
    assert.match(c.dataDir, /\.data$/);
  });

  test('with Redis, serve leaves jobs to worker processes unless told otherwise', () => {
    assert.equal(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).runWorkers, false);
    assert.equal(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', RUN_WORKERS: 'true' }).runWorkers, true);
  });

  test('empty values count as unset', () => {
    assert.equal(loadConfig({ PORT: '', DATABASE_URL: '' }).port, 8010);
  });

  test('bad values are refused with the variable named', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: '70000' }, /PORT/],
      [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
      [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
      [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL/],
      [{ KASPI_MC_URL: 'not a url' }, /KASPI_MC_URL/],
      [{ SECRET_KEY: 'short' }, /SECRET_KEY/],
      [{ DATABASE_URL: 'postgres://h/db' }, /SECRET_KEY: required/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => loadConfig(env),
        (err: unknown) => err instanceof ConfigError && message.test(err.message),
        JSON.stringify(env),
      );
    }
  });

  test('previous secret keys are a comma-separated list', () => {
    assert.deepEqual(loadConfig({ SECRET_KEY_PREVIOUS: ' a , b,,' }).previousSecretKeys, ['a', 'b']);
  });
});
