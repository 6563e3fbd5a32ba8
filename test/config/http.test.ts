import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/index.ts';

describe('TRUST_PROXY', () => {
  test('false, true (one hop), a number of hops, or the networks of the proxies', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, 1, 'never "believe every hop"');
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,fd00::/8' }).trustProxy, ['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
  });

  test('anything else is refused at start', () => {
    for (const value of ['yes', '10.0.0.0/33', '10.0.0.0/8,proxy.local', '11']) {
      assert.throws(
        () => loadConfig({ TRUST_PROXY: value }),
        (err: unknown) => err instanceof ConfigError && /TRUST_PROXY/.test(err.message),
        value,
      );
    }
  });
});
