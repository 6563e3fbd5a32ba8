import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { RunningSimulator } from '../../../sim/server.ts';
import type { BrowserPool } from '../../../src/infra/browser/browser-pool.ts';
import { registerUser, sharedBrowserPool, startTestApp, type TestApp, type TestUser } from '../../helpers/app.ts';
import { freePort } from '../../helpers/process.ts';
import { addAccount, simControl, startTestSim } from '../../helpers/sim.ts';
import { linkingWorld, PASSWORD } from '../../helpers/sim-worlds.ts';

// Kaspi failing or not answering: the API says so with 502 / 504 and a clear message, links nothing.
describe('kaspi unavailable during linking', () => {
  let sim: RunningSimulator;
  let pool: BrowserPool;
  let t: TestApp;
  /** For the logins that must succeed: a login timeout no loaded machine reaches, so only a hang fails them. */
  let patient: TestApp;
  let user: TestUser;
  let patientUser: TestUser;
  let email: string;
  before(async () => {
    sim = await startTestSim({ world: linkingWorld() });
    pool = sharedBrowserPool(2);
    // Short enough that the hanging steps below end soon, long enough for a step plus its reload in a
    // Chromium on a loaded machine (CI runs two files at once, one of them often another browser's).
    t = await startTestApp({ sim, browserPool: pool, env: { KASPI_LOGIN_TIMEOUT_MS: '12000', KASPI_HTTP_TIMEOUT_MS: '1500' } });
    user = await registerUser(t.app);
    patient = await startTestApp({ sim, browserPool: pool, env: { KASPI_LOGIN_TIMEOUT_MS: '60000' } });
    patientUser = await registerUser(patient.app);
    email = (await addAccount(sim, [1])).email;
  });
  afterEach(() => simControl(sim, 'DELETE', '/faults'));
  after(async () => {
    await t?.close();
    await patient?.close();
    await pool?.close();
    await sim?.close();
  });

  const authenticatePatiently = () => patient.app.inject({ method: 'POST', url: '/api/v1/kaspi/auth/authenticate/', headers: patientUser.headers, payload: { email, password: PASSWORD } });
  const authenticate = () => t.app.inject({ method: 'POST', url: '/api/v1/kaspi/auth/authenticate/', headers: user.headers, payload: { email, password: PASSWORD } });

  const expectError = async (status: number, code: string, detail: RegExp) => {
    const res = await authenticate();
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.json().code, code);
    assert.match(res.json().detail, detail);
    const stores = (await t.app.inject({ url: '/api/v1/kaspi/stores/', headers: user.headers })).json();
    assert.equal(stores.count, 0);
  };

  test('the login page failing is a 502', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'idmc.login-page', kind: 'status', status: 503 });
    await expectError(502, 'kaspi_unavailable', /login page answered 503/);
  });

  test('a login step failing with 5xx is a 502, not bad credentials', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'idmc.auth', kind: 'status', status: 500 });
    await expectError(502, 'kaspi_unavailable', /login service failed \(HTTP 500\)/);
  });

  test('a login step that never answers is a 504', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'idmc.auth', kind: 'hang', times: 1 });
    await expectError(504, 'kaspi_timeout', /in time/);
  });

  test('the cabinet failing or hanging after the login is a 502 / 504', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'mc.me', kind: 'status', status: 503, times: 1 });
    await expectError(502, 'kaspi_unavailable', /503/);
    await simControl(sim, 'POST', '/faults', { route: 'mc.graphql', kind: 'hang', times: 1 });
    await expectError(504, 'kaspi_timeout', /in time/);
    await simControl(sim, 'POST', '/faults', { route: 'mc.me', kind: 'antibot', times: 1 });
    await expectError(502, 'kaspi_unavailable', /page instead of data/);
  });

  test('the OAuth callback answering 401 once is survived with a reload', async () => {
    await simControl(sim, 'POST', '/faults', { route: 'mc.oauth-callback', kind: 'status', status: 401, times: 1 });
    const res = await authenticatePatiently();
    assert.equal(res.statusCode, 200, res.body);
    await patient.sql('delete from kaspi_stores');
  });

  test('the OAuth 401 is survived also when its page arrives long after its headers', async () => {
    // The browser learns of the 401 from its headers; the retry then runs while the 401 page is still
    // loading, which is where a reload of "the current page" goes wrong.
    await simControl(sim, 'POST', '/faults', { route: 'mc.oauth-callback', kind: 'status', status: 401, times: 1, bodyDelayMs: 1500 });
    const res = await authenticatePatiently();
    assert.equal(res.statusCode, 200, res.body);
    await patient.sql('delete from kaspi_stores');
  });

  test('Kaspi unreachable is a 502', async () => {
    const closedPort = await freePort();
    const down = await startTestApp({ sim, browserPool: pool, env: { KASPI_IDMC_URL: `http://127.0.0.1:${closedPort}` } });
    try {
      const someone = await registerUser(down.app);
      const res = await down.app.inject({ method: 'POST', url: '/api/v1/kaspi/auth/authenticate/', headers: someone.headers, payload: { email, password: PASSWORD } });
      assert.equal(res.statusCode, 502, res.body);
      assert.equal(res.json().code, 'kaspi_unavailable');
      assert.match(res.json().detail, /unreachable \(net::ERR_CONNECTION_REFUSED\)/);
    } finally {
      await down.close();
    }
  });
});
