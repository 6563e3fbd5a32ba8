import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type HostLookup, ProxyAddressPolicy, ProxyAddressRefusedError } from '../../../src/infra/http/proxy-guard.ts';

/** A resolver that answers from a table, the way a name can resolve to anything its owner chooses. */
const fakeDns =
  (table: Record<string, string[]>): HostLookup =>
  async (hostname) => {
    const answer = table[hostname];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answer;
  };

const names = fakeDns({
  'metadata.google.internal': ['169.254.169.254'],
  'db.corp.internal': ['10.1.2.3'],
  'ula.example': ['fd00:ec2::254'],
  'mixed.example': ['8.8.8.8', '192.168.0.10'],
  'proxy.example': ['8.8.4.4', '2001:4860:4860::8844'],
});

const refused = (err: unknown) => err instanceof ProxyAddressRefusedError && !/\d+\.\d+\.\d+\.\d+|::/.test(err.message);

describe('proxy address policy', () => {
  const policy = new ProxyAddressPolicy({ lookup: names });

  test('refuses loopback, private, link-local, multicast, reserved and metadata addresses in every notation', async () => {
    const hosts = [
      '127.0.0.1',
      '0x7f000001',
      '2130706433',
      '0177.0.0.1',
      '127.1',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '[0:0:0:0:0:ffff:7f00:1]',
      '[fd00::1]',
      '[fe80::1]',
      '[::]',
      '0.0.0.0',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.100.100.200',
      '224.0.0.1',
      '255.255.255.255',
      '240.0.0.1',
      '[2002:7f00:1::]',
      '[64:ff9b::7f00:1]',
      'localhost',
      'metadata.google.internal',
      'db.corp.internal',
      'ula.example',
      'mixed.example',
      'does-not-resolve.example',
    ];
    for (const host of hosts) {
      await assert.rejects(policy.check(`http://user:pass@${host}:3128`), refused, host);
    }
  });

  test('lets public addresses and names that resolve only to them through, and gives the address to connect to', async () => {
    for (const host of ['8.8.8.8', '[2001:4860:4860::8888]', 'proxy.example']) await policy.check(`http://user:pass@${host}:3128`);
    assert.equal(await policy.resolve('proxy.example'), '8.8.4.4');
    assert.equal(await policy.resolve('[2001:4860:4860::8888]'), '2001:4860:4860::8888');
  });

  test('an operator allow-list opens exactly its networks', async () => {
    const fleet = new ProxyAddressPolicy({ allowedNetworks: ['10.1.0.0/16', '127.0.0.2', 'fd00::/8'], lookup: names });
    await fleet.check('http://db.corp.internal:3128');
    await fleet.check('http://127.0.0.2:3128');
    await fleet.check('http://[fd00::1]:3128');
    await fleet.check('http://[::ffff:10.1.9.9]:3128');
    await assert.rejects(fleet.check('http://127.0.0.1:3128'), refused);
    await assert.rejects(fleet.check('http://10.2.0.1:3128'), refused);
    await assert.rejects(fleet.check('http://metadata.google.internal'), refused);
  });
});
