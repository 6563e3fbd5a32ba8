import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProxyDispatchers } from '../../../src/infra/http/proxy-dispatchers.ts';
import { ProxyAddressPolicy, ProxyAddressRefusedError } from '../../../src/infra/http/proxy-guard.ts';

const isClosed = (dispatcher: unknown) => (dispatcher as { closed: boolean }).closed;

describe('proxy dispatchers', () => {
  test('keep at most maxAgents proxy agents, closing the least recently used', async () => {
    const dispatchers = new ProxyDispatchers({ maxAgents: 2 });
    const a = dispatchers.dispatcher('http://8.8.8.1:3128');
    const b = dispatchers.dispatcher('http://8.8.8.2:3128');
    assert.equal(dispatchers.dispatcher('http://8.8.8.1:3128'), a, 'an agent is reused while kept');
    dispatchers.dispatcher('http://8.8.8.3:3128');
    assert.equal(dispatchers.openAgents, 2);
    assert.equal(isClosed(b), true, 'the least recently used agent was closed');
    assert.equal(isClosed(a), false);
    assert.notEqual(dispatchers.dispatcher('http://8.8.8.2:3128'), b, 'a new agent replaces the closed one');
    await dispatchers.close();
  });

  test('close a proxy agent unused for idleMs', async () => {
    const dispatchers = new ProxyDispatchers({ idleMs: 100 });
    const agent = dispatchers.dispatcher('http://8.8.8.1:3128');
    await sleep(400);
    assert.equal(dispatchers.openAgents, 0);
    assert.equal(isClosed(agent), true);
    await dispatchers.close();
  });

  test("a browser login's proxy passes the same address check, and an http:// one is pinned to its checked address", async () => {
    const policy = new ProxyAddressPolicy({ allowedNetworks: ['127.0.0.0/8'], lookup: async () => ['127.0.0.7'] });
    const dispatchers = new ProxyDispatchers({ policy });
    assert.deepEqual(await dispatchers.browserProxy('http://u:p%40ss@proxy.example:3128'), { server: 'http://127.0.0.7:3128', username: 'u', password: 'p@ss' });
    assert.equal(await dispatchers.browserProxy(undefined), undefined);
    await assert.rejects(new ProxyDispatchers().browserProxy('http://u:p@169.254.169.254:80'), ProxyAddressRefusedError);
    await dispatchers.close();
  });
});
