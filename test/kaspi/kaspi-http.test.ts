import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ProxyDispatchers } from '../../src/infra/http/proxy-dispatchers.ts';
import { ProxyAddressPolicy } from '../../src/infra/http/proxy-guard.ts';
import { KaspiError } from '../../src/kaspi/kaspi-errors.ts';
import { kaspiRequest } from '../../src/kaspi/kaspi-http.ts';
import { freePort } from '../helpers/process.ts';

const TIMEOUT_MS = 1000;

/** A TCP server that accepts connections and never says a word: a proxy that hangs. */
async function startSilentServer() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    accepted: () => sockets.size,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A working target (plays Kaspi) and a working CONNECT proxy that counts its tunnels. */
async function startTargetAndProxy() {
  const target = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  let tunnels = 0;
  const proxy = http.createServer();
  proxy.on('connect', (req, client) => {
    tunnels++;
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    targetUrl: `http://127.0.0.1:${(target.address() as net.AddressInfo).port}/s/m`,
    proxyPort: (proxy.address() as net.AddressInfo).port,
    tunnels: () => tunnels,
    close: async () => {
      proxy.closeAllConnections();
      target.closeAllConnections();
      await Promise.all([new Promise((r) => proxy.close(r)), new Promise((r) => target.close(r))]);
    },
  };
}

/** The call a cabinet client makes, through `proxyUrl`; fails the test after 10 s instead of hanging for undici's 300 s. */
async function callThrough(dispatchers: ProxyDispatchers, url: string, proxyUrl: string): Promise<{ error: KaspiError; ms: number } | { ok: true }> {
  const began = performance.now();
  const call = kaspiRequest(url, { method: 'GET', headers: {}, dispatcher: dispatchers.dispatcher(proxyUrl), proxied: true, timeoutMs: TIMEOUT_MS, what: 'cabinet GET /s/m' });
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the call through the proxy was still running after 10 s')), 10_000);
  });
  try {
    await Promise.race([call, stuck]);
    return { ok: true };
  } catch (err) {
    if (!(err instanceof KaspiError)) throw err;
    return { error: err, ms: performance.now() - began };
  } finally {
    clearTimeout(timer);
  }
}

describe('kaspi http calls through a proxy', () => {
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  let world: Awaited<ReturnType<typeof startTargetAndProxy>>;
  // The proxies of this test listen on loopback, which the operator allows here; the address rule itself is tested below.
  const allowLoopback = new ProxyAddressPolicy({ allowedNetworks: ['127.0.0.0/8'] });
  const dispatchers = new ProxyDispatchers({ timeoutMs: TIMEOUT_MS, policy: allowLoopback });
  before(async () => {
    silent = await startSilentServer();
    world = await startTargetAndProxy();
  });
  after(async () => {
    await dispatchers.close();
    await silent?.close();
    await world?.close();
  });

  test('a proxy that accepts and never answers fails within the timeout, exactly like a closed port', async () => {
    const hung = await callThrough(dispatchers, world.targetUrl, `http://user:pass@127.0.0.1:${silent.port}`);
    assert.ok('error' in hung, 'the call failed');
    assert.ok(silent.accepted() > 0, 'the proxy was reached');
    assert.ok(hung.ms < TIMEOUT_MS * 2.5, `failed after ${Math.round(hung.ms)} ms (timeout ${TIMEOUT_MS} ms)`);

    const closed = await callThrough(dispatchers, world.targetUrl, `http://user:pass@127.0.0.1:${await freePort()}`);
    assert.ok('error' in closed, 'the call failed');
    // Same code and same words: the answer does not tell an open port from a closed one.
    assert.equal(hung.error.code, closed.error.code);
    assert.equal(hung.error.detail, closed.error.detail);
    assert.doesNotMatch(hung.error.detail, /ECONNREFUSED|timeout|127\.0\.0\.1|\b\d{4,5}\b(?! ms)/i);
  });

  test('a working proxy carries the call', async () => {
    const before = world.tunnels();
    const res = await callThrough(dispatchers, world.targetUrl, `http://127.0.0.1:${world.proxyPort}`);
    assert.deepEqual(res, { ok: true });
    assert.equal(world.tunnels(), before + 1);
  });

  test('the address is checked on every connection: a proxy name that now resolves to loopback is never contacted', async () => {
    let answers = 0;
    // Public when the store was saved, loopback when the call is made (DNS rebinding).
    const policy = new ProxyAddressPolicy({ lookup: async () => (answers++ === 0 ? ['8.8.8.8'] : ['127.0.0.1']) });
    const guarded = new ProxyDispatchers({ timeoutMs: TIMEOUT_MS, policy });
    after(() => guarded.close());
    const proxyUrl = `http://user:pass@rebinding.example:${world.proxyPort}`;
    await policy.check(proxyUrl);
    const before = world.tunnels();
    const res = await callThrough(guarded, world.targetUrl, proxyUrl);
    assert.ok('error' in res, 'the call failed');
    assert.equal(res.error.code, 'kaspi_unavailable');
    assert.match(res.error.detail, /public address/);
    assert.equal(world.tunnels(), before, 'the proxy saw nothing');

    const unlisted = new ProxyDispatchers({ timeoutMs: TIMEOUT_MS });
    after(() => unlisted.close());
    const literal = await callThrough(unlisted, world.targetUrl, `http://127.0.0.1:${world.proxyPort}`);
    assert.ok('error' in literal && /public address/.test(literal.error.detail));
    assert.equal(world.tunnels(), before, 'the proxy saw nothing');
  });
});
