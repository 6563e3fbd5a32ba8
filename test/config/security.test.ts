import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/index.ts';

const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return '';
};

describe('SECRET_KEY', () => {
  test('the placeholder of the old .env.example and others like it are refused, naming the variable but not the value', () => {
    const placeholders = [
      'change-me-to-a-long-random-string-of-32-plus-characters',
      'CHANGEME_please_0123456789_abcdefghij',
      'replace-with-your-own-secret-key-0123456789',
      'put-your-secret-key-here-0123456789abcdefgh',
      '<32+ random characters, e.g. from openssl rand>',
    ];
    for (const key of placeholders) {
      const message = refusal({ SECRET_KEY: key, DATABASE_URL: 'postgres://h/db' });
      assert.match(message, /SECRET_KEY: is a placeholder/, key);
      assert.ok(!message.includes(key), 'the key is never echoed');
    }
  });

  test('obviously weak keys are refused', () => {
    for (const key of ['a'.repeat(40), '0123456789'.repeat(4), 'abcdefghijklmnop'.repeat(3), 'qwerty12'.repeat(5)]) {
      assert.match(refusal({ SECRET_KEY: key }), /SECRET_KEY: is too weak/, key);
    }
  });

  test('a random key is taken', () => {
    const key = 'Zr8q1mXv0bWf3kTnYs6JpLa9Ue2HcGd5Oi7NwQe4';
    assert.equal(loadConfig({ SECRET_KEY: key, DATABASE_URL: 'postgres://h/db' }).secretKey, key);
  });
});

describe('METRICS_PUBLIC', () => {
  test('is off by default and may not be combined with METRICS_TOKEN', () => {
    assert.equal(loadConfig({}).metricsPublic, false);
    assert.equal(loadConfig({ METRICS_PUBLIC: 'true' }).metricsPublic, true);
    assert.match(refusal({ METRICS_PUBLIC: 'true', METRICS_TOKEN: 'metrics-token' }), /METRICS_PUBLIC: set either METRICS_TOKEN or METRICS_PUBLIC=true, not both/);
  });
});
