import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { RunningSimulator } from '../../sim/server.ts';
import type { BrowserPool } from '../../src/infra/browser/browser-pool.ts';
import { ProxyDispatchers } from '../../src/infra/http/proxy-dispatchers.ts';
import { ProxyAddressPolicy } from '../../src/infra/http/proxy-guard.ts';
import { KaspiSessionExpiredError } from '../../src/kaspi/kaspi-errors.ts';
import { McClient } from '../../src/kaspi/mc-client.ts';
import type { SessionCookie } from '../../src/kaspi/session-cookies.ts';
import { registerUser, sharedBrowserPool, startTestApp, type TestApp } from '../helpers/app.ts';
import { addAccount, simControl, startTestSim } from '../helpers/sim.ts';
import { linkingWorld, PASSWORD } from '../helpers/sim-worlds.ts';

/** A forward proxy that tunnels CONNECT and remembers who asked for what, with which credentials. */
async function startConnectProxy() {
  const seen: { target: string; auth: string | undefined }[] = [];
  // Tunnelled sockets leave the HTTP server's books: track them to end them on close.
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, socket, head) => {
    seen.push({ target: req.url ?? '', auth: req.headers['proxy-authorization'] });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host!, () => {
      sockets.add(upstream).add(socket as net.Socket);
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function plainLogin(sim: RunningSimulator, email: string): Promise<SessionCookie[]> {
  const step = (await (
    await fetch(`${sim.urls.idmc}/auth/v1/password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) })
  ).json()) as { url: string };
  const res = await fetch(step.url, { redirect: 'manual' });
  return res.headers.getSetCookie().map((c) => {
    const [name, value] = c.split(';')[0]!.split('=');
    return { name: name!, value: value!, domain: '127.0.0.1', path: '/', expires: -1 };
  });
}

describe('cabinet client', () => {
  let sim: RunningSimulator;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  let pool: BrowserPool;
  let t: TestApp;
  before(async () => {
    sim = await startTestSim({ world: linkingWorld() });
    proxy = await startConnectProxy();
    pool = sharedBrowserPool(1);
    // The test's CONNECT proxy listens on loopback: allowed here the way an operator allows a private fleet.
    t = await startTestApp({ sim, browserPool: pool, env: { PROXY_ALLOWED_NETWORKS: '127.0.0.0/8' } });
  });
  after(async () => {
    await t?.close();
    await pool?.close();
    await proxy?.close();
    await sim?.close();
  });

  test("sends Kaspi's headers; a dead session (401 or a redirect to login) is KaspiSessionExpiredError", async () => {
    const account = await addAccount(sim, [1, 2]);
    const cookies = await plainLogin(sim, account.email);
    const direct = new ProxyDispatchers();
    after(() => direct.close());
    const mc = new McClient({ baseUrl: sim.urls.mc, timeoutMs: 2000 }, direct);
    assert.deepEqual(
      (await mc.merchants({ cookies })).map((m) => m.uid),
      ['40000001', '40000002'],
    );
    const details = await mc.merchant({ cookies }, '40000002');
    assert.equal(details.name, 'Shop 2');
    await simControl(sim, 'POST', '/sessions/expire', { email: account.email });
    await assert.rejects(mc.merchants({ cookies }), KaspiSessionExpiredError);
    await simControl(sim, 'POST', '/faults', { route: 'mc.me', kind: 'shape', variant: 'session-redirect', times: 1 });
    await assert.rejects(mc.merchants({ cookies }), (err: unknown) => err instanceof KaspiSessionExpiredError && /redirected/.test(String(err)));
  });

  test('goes through an HTTP proxy, with its credentials, when one is given; the pool picks one per merchant, stably', async () => {
    const account = await addAccount(sim, [3]);
    const cookies = await plainLogin(sim, account.email);
    const proxyUrl = `http://user:p%40ss@127.0.0.1:${proxy.port}`;
    const dispatchers = new ProxyDispatchers({ pool: [proxyUrl, 'http://127.0.0.1:1'], policy: new ProxyAddressPolicy({ allowedNetworks: ['127.0.0.0/8'] }) });
    const mc = new McClient({ baseUrl: sim.urls.mc, timeoutMs: 2000 }, dispatchers);
    const before = proxy.seen.length;
    await mc.merchants({ cookies, proxyUrl });
    const [seen] = proxy.seen.slice(before);
    assert.equal(seen?.target, new URL(sim.urls.mc).host);
    assert.equal(seen?.auth, `Basic ${Buffer.from('user:p@ss').toString('base64')}`);
    assert.equal(dispatchers.proxyFor('http://own:1', 'm1'), 'http://own:1');
    const picks = new Set(Array.from({ length: 5 }, () => dispatchers.proxyFor(undefined, 'merchant-42')));
    assert.equal(picks.size, 1);
    assert.equal(new ProxyDispatchers().proxyFor(undefined, 'x'), undefined);
    await dispatchers.close();
  });

  test("a store's proxy is sealed, never returned, and carries its cabinet calls", async () => {
    const user = await registerUser(t.app);
    const account = await addAccount(sim, [4]);
    const linked = await t.app.inject({ method: 'POST', url: '/api/v1/kaspi/auth/authenticate/', headers: user.headers, payload: { email: account.email, password: PASSWORD } });
    assert.equal(linked.statusCode, 200, linked.body);
    const storeId = linked.json().store_id;
    const proxyUrl = `http://shop:secret-proxy-pass@127.0.0.1:${proxy.port}`;
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/kaspi/stores/${storeId}/`, headers: user.headers, payload: { proxy_url: proxyUrl } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().has_proxy, true);
    assert.ok(!patched.body.includes('secret-proxy-pass'));
    const [row] = await t.sql<{ proxy_url_encrypted: string }>('select proxy_url_encrypted from kaspi_stores where id = $1', [storeId]);
    assert.ok(!row!.proxy_url_encrypted.includes('secret-proxy-pass'));

    const before = proxy.seen.length;
    const merchants = await t.container.services.kaspiSessions.withCabinet(storeId, (s) => t.container.kaspi.mc.merchants(s));
    assert.deepEqual(
      merchants.map((m) => m.uid),
      ['40000004'],
    );
    assert.ok(proxy.seen.length > before, 'the call went through the proxy');

    const invalid = await t.app.inject({ method: 'PATCH', url: `/api/v1/kaspi/stores/${storeId}/`, headers: user.headers, payload: { proxy_url: 'socks5://x:1' } });
    assert.equal(invalid.statusCode, 400);
    const cleared = await t.app.inject({ method: 'PATCH', url: `/api/v1/kaspi/stores/${storeId}/`, headers: user.headers, payload: { proxy_url: null } });
    assert.equal(cleared.json().has_proxy, false);
  });
});
