import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { RunningSimulator } from '../../../sim/server.ts';
import { registerUser, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { ALMATY, linkStoreDirectly, storePoints } from '../../helpers/linked-store.ts';
import { freePort } from '../../helpers/process.ts';
import { startTestSim } from '../../helpers/sim.ts';
import { linkingWorld, merchantUid } from '../../helpers/sim-worlds.ts';

const TIMEOUT_MS = 1000;

// A store whose own proxy accepts connections and never answers (the review held GET .../session/ for
// 301 s with it): the live session check fails within the HTTP timeout, the same way as a closed port.
describe("a store's proxy that never answers", () => {
  let sim: RunningSimulator;
  let t: TestApp;
  let user: TestUser;
  let silent: net.Server;
  const sockets = new Set<net.Socket>();
  before(async () => {
    sim = await startTestSim({ world: linkingWorld() });
    // The silent proxy listens on loopback, allowed here as an operator allows a private proxy fleet.
    t = await startTestApp({ sim, env: { KASPI_HTTP_TIMEOUT_MS: String(TIMEOUT_MS), PROXY_ALLOWED_NETWORKS: '127.0.0.0/8' } });
    user = await registerUser(t.app);
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await t?.close();
    await sim?.close();
  });

  async function sessionThrough(proxyPort: number, merchant: number) {
    const { storeId } = await linkStoreDirectly(t, sim, user, merchantUid(merchant), storePoints([{ name: 'PP1', city: ALMATY }]));
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/kaspi/stores/${storeId}/`, headers: user.headers, payload: { proxy_url: `http://seller:pw@127.0.0.1:${proxyPort}` } });
    assert.equal(patched.statusCode, 200, patched.body);
    const began = performance.now();
    const res = await t.app.inject({ url: `/api/v1/kaspi/stores/${storeId}/session/`, headers: user.headers });
    return { res, ms: performance.now() - began };
  }

  test('GET .../session/ fails within about the timeout, and reads the same as a closed port', async () => {
    const hung = await sessionThrough((silent.address() as net.AddressInfo).port, 1);
    assert.ok(sockets.size > 0, 'the proxy was reached');
    assert.ok(hung.ms < TIMEOUT_MS * 3, `answered after ${Math.round(hung.ms)} ms`);
    const closed = await sessionThrough(await freePort(), 2);
    assert.equal(hung.res.statusCode, closed.res.statusCode);
    assert.equal(hung.res.statusCode, 502);
    assert.deepEqual(hung.res.json(), closed.res.json());
    assert.doesNotMatch(hung.res.body, /ECONNREFUSED|127\.0\.0\.1|seller|pw/);
  });
});
