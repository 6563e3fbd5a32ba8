import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/index.ts';
import { variables } from '../../src/config/sections.ts';

describe('configuration declarations', () => {
  test('every variable has an UPPER_SNAKE name and a description', () => {
    for (const { variable } of variables) {
      assert.match(variable.name, /^[A-Z][A-Z0-9_]*$/);
      const description = (variable.schema as { description?: string }).description ?? '';
      assert.ok(description.trim() !== '', `${variable.name} has no description`);
    }
  });

  test('every default is valid: nothing configured loads', () => {
    assert.doesNotThrow(() => loadConfig({}));
  });

  test('units are converted where the config says so', () => {
    const c = loadConfig({ DEMPER_LEASE_SECONDS: '30', PRODUCT_CARD_MAX_AGE_HOURS: '0.5', STOREFRONT_BAN_PAUSE_SECONDS: '2.5' });
    assert.equal(c.demper.leaseMs, 30_000);
    assert.equal(c.market.cardMaxAgeMs, 1_800_000);
    assert.equal(c.budgets.storefrontBanPauseMs, 2500);
    assert.equal(c.demper.minIntervalSeconds, 5, 'seconds stay seconds where the property says so');
  });

  test('a bad proxy list is refused without echoing it, with the other problems', () => {
    const secret = 'socks5://user:hunter2@10.0.0.1:1080';
    assert.throws(
      () => loadConfig({ KASPI_PROXIES: `http://ok:1, ${secret}`, PORT: 'x' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /KASPI_PROXIES: each entry must be http\(s\):\/\/\[user:pass@\]host:port/.test(err.message) &&
        /PORT: must be integer/.test(err.message) &&
        !err.message.includes('hunter2'),
    );
    assert.deepEqual(loadConfig({ KASPI_PROXIES: 'http://u:p@h:1, https://h2:8080/' }).kaspiProxies, ['http://u:p@h:1', 'https://h2:8080/']);
  });

  test('the proxy allow-list takes CIDRs and addresses; anything else stops the start', () => {
    assert.deepEqual(loadConfig({ PROXY_ALLOWED_NETWORKS: '10.20.0.0/16, 127.0.0.2,fd00::/8' }).proxyAllowedNetworks, ['10.20.0.0/16', '127.0.0.2', 'fd00::/8']);
    assert.deepEqual(loadConfig({}).proxyAllowedNetworks, []);
    assert.throws(
      () => loadConfig({ PROXY_ALLOWED_NETWORKS: '10.0.0.0/8, intranet' }),
      (err: unknown) => err instanceof ConfigError && /PROXY_ALLOWED_NETWORKS: each entry must be a CIDR/.test(err.message),
    );
  });

  test('settings nothing declares are ignored', () => {
    assert.equal((loadConfig({ KASPI_API_URL: 'https://kaspi.kz/shop/api/v2' }).kaspi as Record<string, unknown>)['apiUrl'], undefined);
  });
});
