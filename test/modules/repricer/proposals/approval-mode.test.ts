// Approval mode end to end, against the simulator: in `approve` the demper records proposals and
// nothing reaches the pricefeed until the seller approves; an approval is pushed and verified like a
// demper move, with who approved it in the history; stale proposals (the market moved, too old, a
// newer one) are refused and say why; approve-all; a product's mode beats its shop's; `notify` pushes
// and tells the notifier; nobody else sees or approves a seller's proposals.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningSimulator, startSimulator } from '../../../../sim/server.ts';
import type { WorldSpec } from '../../../../sim/world/world-types.ts';
import type { ProposalNotifier } from '../../../../src/modules/repricer/index.ts';
import { createProduct, registerUser, startTestApp, type TestApp, type TestUser } from '../../../helpers/app.ts';
import { ALMATY, ASTANA, type LinkedStore, linkStoreDirectly, storePoints } from '../../../helpers/linked-store.ts';
import { simControl } from '../../../helpers/sim.ts';
import { merchantUid } from '../../../helpers/sim-worlds.ts';
import { waitFor } from '../../../helpers/wait.ts';

const C1 = '900001';
/** Public product ids: one per scenario, so each has its own market and proposals. */
const P = { main: '800', override: '801', notify: '803', moved: '810', old: '811', newer: '812', allA: '820', allB: '821' } as const;

function world(): WorldSpec {
  const points = [
    { name: 'PP1', cityId: ALMATY.id },
    { name: 'PP2', cityId: ASTANA.id },
  ];
  const offer = (sku: string, productId: string) => ({ sku, productId, model: `Model ${sku}`, price: 1200, cityPrices: { [ALMATY.id]: 1200, [ASTANA.id]: 1200 } });
  const ids = Object.values(P);
  return {
    seed: 11,
    merchants: [{ id: C1, name: 'Rival One', rating: 4.5, reviews: 100 }],
    products: ids.map((id) => ({ id, title: `Product ${id}` })),
    listings: ids.flatMap((productId) => [
      { productId, merchantId: C1, cityId: ALMATY.id, price: 1000 },
      { productId, merchantId: C1, cityId: ASTANA.id, price: 1050 },
    ]),
    ownMerchants: [
      { uid: merchantUid(1), name: 'Approve shop', points, offers: [P.main, P.override, P.moved, P.old, P.newer].map((id) => offer(`A-${id}`, id)) },
      { uid: merchantUid(2), name: 'Notify shop', points, offers: [offer(`B-${P.notify}`, P.notify)] },
      { uid: merchantUid(3), name: 'Approve-all shop', points, offers: [P.allA, P.allB].map((id) => offer(`C-${id}`, id)) },
    ],
    accounts: [],
    orders: [],
  };
}

interface Told {
  kind: 'proposed' | 'pushed';
  payload: Record<string, unknown>;
}

interface ProposalJson {
  id: string;
  status: string;
  product_id: string;
  stale_reason: string | null;
  detail: string | null;
  decided_by: string | null;
  confirmed_at: string;
  cities: { city_id: string; city_name: string | null; old_price: number; new_price: number; reason: string; competitor_price: number | null; expected_position: number | null }[];
  market: { city_id: string; cheapest_competitor_price: number | null; our_place: number | null }[];
}

describe('approval mode', () => {
  let sim: RunningSimulator;
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let approveShop: LinkedStore;
  let notifyShop: LinkedStore;
  let allShop: LinkedStore;
  const ids: Record<string, string> = {};
  const told: Told[] = [];
  const notifier: ProposalNotifier = {
    proposed: async (p) => void told.push({ kind: 'proposed', payload: p }),
    pushed: async (p) => void told.push({ kind: 'pushed', payload: p }),
  };

  before(async () => {
    sim = await startSimulator({ world: world(), clock: 'real', ingestDelayMs: 300 });
    t = await startTestApp({
      sim,
      redis: true,
      proposalNotifier: notifier,
      env: {
        SYNC_INTERVAL_HOURS: '0',
        CARDS_AFTER_SYNC: 'false',
        SESSION_WATCH_SECONDS: '0',
        DEMPER_MIN_INTERVAL_SECONDS: '1',
        DEMPER_VERIFY_DELAY_SECONDS: '0.5',
        DEMPER_MARKET_MAX_AGE_SECONDS: '1',
        DEMPER_RETRY_SECONDS: '1',
      },
    });
    alice = await registerUser(t.app);
    bob = await registerUser(t.app);
    const points = storePoints([
      { name: 'PP1', city: ALMATY },
      { name: 'PP2', city: ASTANA },
    ]);
    approveShop = await linkStoreDirectly(t, sim, alice, merchantUid(1), points);
    notifyShop = await linkStoreDirectly(t, sim, alice, merchantUid(2), points);
    allShop = await linkStoreDirectly(t, sim, alice, merchantUid(3), points);
    const product = async (store: LinkedStore, sku: string, externalId: string, extra: Record<string, unknown> = {}) => {
      const p = await createProduct(t.app, alice, store.storeId, {
        kaspi_sku: sku,
        name: `Model ${sku}`,
        price: 1200,
        external_kaspi_id: externalId,
        min_price: 900,
        max_price: 1500,
        rules: { max_drop_percent: 50 },
        ...extra,
      });
      await t.sql(`update products set city_prices = $1::jsonb, availabilities = $2::jsonb, city_prices_seen_at = now() where id = $3`, [
        JSON.stringify([
          { city_id: ALMATY.id, price: 1200 },
          { city_id: ASTANA.id, price: 1200 },
        ]),
        JSON.stringify([
          { point: 'PP1', available: true, stock_count: 0, preorder_days: 0 },
          { point: 'PP2', available: true, stock_count: 0, preorder_days: 0 },
        ]),
        p.id,
      ]);
      return p.id as string;
    };
    for (const key of ['main', 'moved', 'old', 'newer'] as const) ids[key] = await product(approveShop, `A-${P[key]}`, P[key]);
    ids['override'] = await product(approveShop, `A-${P.override}`, P.override, { approval_mode: 'auto' });
    ids['notify'] = await product(notifyShop, `B-${P.notify}`, P.notify);
    ids['allA'] = await product(allShop, `C-${P.allA}`, P.allA);
    ids['allB'] = await product(allShop, `C-${P.allB}`, P.allB);
    const settings = async (store: LinkedStore, mode: string) => {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/kaspi/stores/${store.storeId}/demper/`,
        headers: alice.headers,
        payload: { enabled: true, check_interval_seconds: 2, approval_mode: mode },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().approval_mode, mode);
    };
    await settings(approveShop, 'approve');
    await settings(notifyShop, 'notify');
    await settings(allShop, 'approve');
    const enable = await t.app.inject({ method: 'POST', url: '/api/v1/products/batch_enable/', headers: alice.headers, payload: { filter: {} } });
    assert.equal(enable.statusCode, 200, enable.body);
    await t.container.startWorkers();
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });

  const api = (user: TestUser, method: 'GET' | 'POST', url: string) => t.app.inject({ method, url: `/api/v1${url}`, headers: user.headers });
  const proposalsOf = async (store: LinkedStore, productId: string, status?: string): Promise<ProposalJson[]> => {
    const res = await api(alice, 'GET', `/kaspi/stores/${store.storeId}/demper/proposals/?page_size=500${status ? `&status=${status}` : ''}`);
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().results as (ProposalJson & { product_id: string })[]).filter((p) => p.product_id === productId);
  };
  const openProposal = (store: LinkedStore, key: string) => waitFor(async () => (await proposalsOf(store, ids[key]!, 'open'))[0], { timeoutMs: 30_000, what: `an open proposal for ${key}` });
  /** Pricefeed calls the simulator received for a SKU. */
  const pricefeedCalls = async (uid: string, sku: string) => {
    const { requests } = await simControl<{ requests: { body: { sku?: string } | null }[] }>(sim, 'GET', `/requests?route=mc.pricefeed&merchant=${uid}&limit=10000`);
    return requests.filter((r) => r.body?.sku === sku).length;
  };
  const applied = async (uid: string, sku: string) =>
    (await simControl<{ offers: { cityPrices: Record<string, number>; storefront: Record<string, { price: number } | null> }[] }>(sim, 'GET', `/merchants/${uid}/prices?sku=${sku}`)).offers[0]!;
  /** The demper leaves the product alone from now on: what follows is the seller's doing. */
  const stopChecking = (key: string) => t.sql(`update products set bot_active = false where id = $1`, [ids[key]]);

  test('approve: the demper proposes, per city, and nothing reaches the pricefeed; the same decision is not proposed twice', async () => {
    const proposal = await openProposal(approveShop, 'main');
    const byCity = new Map(proposal.cities.map((c) => [c.city_id, c]));
    assert.equal(byCity.get(ALMATY.id)?.old_price, 1200);
    assert.equal(byCity.get(ALMATY.id)?.new_price, 999);
    assert.equal(byCity.get(ALMATY.id)?.competitor_price, 1000);
    assert.equal(byCity.get(ALMATY.id)?.expected_position, 1);
    assert.equal(byCity.get(ALMATY.id)?.city_name, ALMATY.name);
    assert.equal(byCity.get(ASTANA.id)?.new_price, 1049);
    assert.ok(byCity.get(ALMATY.id)?.reason);
    const market = new Map(proposal.market.map((m) => [m.city_id, m]));
    assert.equal(market.get(ALMATY.id)?.cheapest_competitor_price, 1000);
    assert.equal(market.get(ASTANA.id)?.cheapest_competitor_price, 1050);
    assert.equal(market.get(ALMATY.id)?.our_place, 2, 'we were second at 1200');

    // More checks of an unchanged market confirm the proposal instead of adding one.
    const firstConfirmed = proposal.confirmed_at;
    await waitFor(async () => ((await proposalsOf(approveShop, ids['main']!))[0]!.confirmed_at > firstConfirmed ? true : undefined), {
      timeoutMs: 20_000,
      what: 'a later check confirming the proposal',
    });
    assert.equal((await proposalsOf(approveShop, ids['main']!)).length, 1, 'one proposal, however many checks');
    assert.equal(await pricefeedCalls(merchantUid(1), 'A-800'), 0, 'nothing reached the pricefeed');
    assert.equal((await applied(merchantUid(1), 'A-800')).cityPrices[ALMATY.id], 1200);

    const product = (await api(alice, 'GET', `/products/${ids['main']}/`)).json();
    assert.equal(product.approval_mode, null);
    assert.equal(product.effective_approval_mode, 'approve');
    assert.equal(product.demper_state.proposal_id, proposal.id, "the product's demper state points at the proposal");
    const proposedCalls = told.filter((c) => c.kind === 'proposed' && c.payload['proposalId'] === proposal.id);
    assert.equal(proposedCalls.length, 1, 'the notifier heard of the proposal once');
    assert.equal(proposedCalls[0]!.payload['userId'], alice.id);
    assert.deepEqual(proposedCalls[0]!.payload['cities'], [
      { cityId: ALMATY.id, oldPrice: 1200, newPrice: 999 },
      { cityId: ASTANA.id, oldPrice: 1200, newPrice: 1049 },
    ]);
  });

  test('nobody else sees or approves a proposal: 404s, and the Telegram path says "not found"', async () => {
    const proposal = (await proposalsOf(approveShop, ids['main']!, 'open'))[0]!;
    const base = `/kaspi/stores/${approveShop.storeId}/demper/proposals`;
    assert.equal((await api(bob, 'GET', `${base}/`)).statusCode, 404);
    assert.equal((await api(bob, 'GET', `${base}/${proposal.id}/`)).statusCode, 404);
    assert.equal((await api(bob, 'POST', `${base}/${proposal.id}/approve/`)).statusCode, 404);
    assert.equal((await api(bob, 'POST', `${base}/${proposal.id}/reject/`)).statusCode, 404);
    assert.equal((await api(bob, 'POST', `${base}/approve_all/`)).statusCode, 404);
    const proposals = t.container.services.proposals;
    assert.equal(await proposals.approve(bob.id, proposal.id, 'telegram'), 'Предложение не найдено.');
    assert.equal(await proposals.reject(bob.id, proposal.id, 'telegram'), 'Предложение не найдено.');
    // Alice's store path with a proposal of another of her stores is not found either.
    assert.equal((await api(alice, 'GET', `/kaspi/stores/${allShop.storeId}/demper/proposals/${proposal.id}/`)).statusCode, 404);
    const still = (await api(alice, 'GET', `${base}/${proposal.id}/`)).json();
    assert.equal(still.status, 'open');
    // An admin acts for a user through the same routes.
    const admin = await registerUser(t.app);
    await t.sql(`update users set is_admin = true where id = $1`, [admin.id]);
    const asAdmin = await api(admin, 'GET', `${base}/?status=open`);
    assert.equal(asAdmin.statusCode, 200, asAdmin.body);
    assert.ok(asAdmin.json().results.some((p: { id: string }) => p.id === proposal.id));
    assert.equal(await pricefeedCalls(merchantUid(1), 'A-800'), 0);
  });

  test('an approval is pushed like a demper move, verified on the storefront, and the history says who approved it', async () => {
    const proposal = (await proposalsOf(approveShop, ids['main']!, 'open'))[0]!;
    const res = await api(alice, 'POST', `/kaspi/stores/${approveShop.storeId}/demper/proposals/${proposal.id}/approve/`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'pushed');
    assert.equal(res.json().decided_by, alice.id);
    assert.equal(await pricefeedCalls(merchantUid(1), 'A-800'), 1, 'one pricefeed call carries both cities');

    await waitFor(
      async () => {
        const rows = await t.sql<{ status: string }>(`select status from price_history where proposal_id = $1`, [proposal.id]);
        return rows.length === 2 && rows.every((r) => r.status === 'applied') ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'the approved change verified on the storefront in both cities' },
    );
    const storefront = await applied(merchantUid(1), 'A-800');
    assert.equal(storefront.storefront[ALMATY.id]?.price, 999);
    assert.equal(storefront.storefront[ASTANA.id]?.price, 1049);
    const history = (await api(alice, 'GET', `/products/${ids['main']}/price_history/`)).json();
    const approvedRows = history.results.filter((r: { proposal_id: string | null }) => r.proposal_id === proposal.id);
    assert.equal(approvedRows.length, 2);
    for (const row of approvedRows) {
      assert.equal(row.approved_by, alice.id);
      assert.equal(row.source, 'demper');
    }
    // Approving again is refused: it is closed.
    const again = await api(alice, 'POST', `/kaspi/stores/${approveShop.storeId}/demper/proposals/${proposal.id}/approve/`);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'proposal_closed');
  });

  test('a product set to auto in an approve shop is pushed without a proposal', async () => {
    await waitFor(async () => ((await applied(merchantUid(1), 'A-801')).storefront[ALMATY.id]?.price === 999 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'A-801 pushed to 999 without approval',
    });
    assert.equal((await proposalsOf(approveShop, ids['override']!)).length, 0);
    const product = (await api(alice, 'GET', `/products/${ids['override']}/`)).json();
    assert.equal(product.approval_mode, 'auto');
    assert.equal(product.effective_approval_mode, 'auto');
  });

  test('notify: the move is pushed, then the notifier hears of it', async () => {
    await waitFor(async () => ((await applied(merchantUid(2), `B-${P.notify}`)).cityPrices[ALMATY.id] === 999 ? true : undefined), { timeoutMs: 30_000, what: 'B-803 pushed' });
    const call = await waitFor(async () => told.find((c) => c.kind === 'pushed' && c.payload['productId'] === ids['notify']), { timeoutMs: 10_000, what: 'the notifier told of the push' });
    assert.equal(call.payload['userId'], alice.id);
    assert.equal(call.payload['storeId'], notifyShop.storeId);
    assert.equal(call.payload['productName'], `Model B-${P.notify}`);
    assert.deepEqual(call.payload['cities'], [
      { cityId: ALMATY.id, oldPrice: 1200, newPrice: 999 },
      { cityId: ASTANA.id, oldPrice: 1200, newPrice: 1049 },
    ]);
    assert.equal((await proposalsOf(notifyShop, ids['notify']!)).length, 0, 'notify records no proposal');
  });

  test('stale: the market moved since the proposal, so it is refused with the reason and nothing is pushed', async () => {
    const proposal = await openProposal(approveShop, 'moved');
    await stopChecking('moved');
    await simControl(sim, 'POST', '/competitors/price', { productId: P.moved, merchantId: C1, cityId: ASTANA.id, price: 1040 });
    const res = await api(alice, 'POST', `/kaspi/stores/${approveShop.storeId}/demper/proposals/${proposal.id}/approve/`);
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().code, 'proposal_stale');
    assert.match(res.json().detail, /market moved in Астана.*1040.*1050/);
    const after = (await api(alice, 'GET', `/kaspi/stores/${approveShop.storeId}/demper/proposals/${proposal.id}/`)).json();
    assert.equal(after.status, 'stale');
    assert.equal(after.stale_reason, 'market_moved');
    assert.equal(after.decided_by, alice.id);
    assert.equal(await pricefeedCalls(merchantUid(1), `A-${P.moved}`), 0);
    assert.equal((await t.sql(`select 1 from price_history where product_id = $1`, [ids['moved']])).length, 0, 'no history row for a refused approval');
  });

  test("stale: a proposal older than DEMPER_PROPOSAL_MAX_AGE_SECONDS is refused (also from Telegram, in the seller's words)", async () => {
    const proposal = await openProposal(approveShop, 'old');
    await stopChecking('old');
    await t.sql(`update price_proposals set confirmed_at = now() - interval '2 hours' where id = $1`, [proposal.id]);
    const answer = await t.container.services.proposals.approve(alice.id, proposal.id, 'telegram');
    assert.equal(answer, 'Предложение устарело: прошло слишком много времени.');
    const after = (await api(alice, 'GET', `/kaspi/stores/${approveShop.storeId}/demper/proposals/${proposal.id}/`)).json();
    assert.equal(after.status, 'stale');
    assert.equal(after.stale_reason, 'too_old');
    assert.equal(after.decided_via, 'telegram');
    assert.match(after.detail, /120 min old \(the limit is 30 min\)/);
    const res = await api(alice, 'POST', `/kaspi/stores/${approveShop.storeId}/demper/proposals/${proposal.id}/approve/`);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'proposal_stale');
    assert.equal(await pricefeedCalls(merchantUid(1), `A-${P.old}`), 0);
  });

  test('stale: a newer proposal replaces the open one, which is then refused', async () => {
    const first = await openProposal(approveShop, 'newer');
    await simControl(sim, 'POST', '/competitors/price', { productId: P.newer, merchantId: C1, cityId: ALMATY.id, price: 980 });
    const second = await waitFor(async () => (await proposalsOf(approveShop, ids['newer']!, 'open')).find((p) => p.id !== first.id && p.cities.some((c) => c.new_price === 979)), {
      timeoutMs: 30_000,
      what: 'a newer proposal at 979',
    });
    await stopChecking('newer');
    const res = await api(alice, 'POST', `/kaspi/stores/${approveShop.storeId}/demper/proposals/${first.id}/approve/`);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'proposal_stale');
    assert.match(res.json().detail, /newer proposal/);
    const open = await proposalsOf(approveShop, ids['newer']!, 'open');
    assert.deepEqual(
      open.map((p) => p.id),
      [second.id],
      'only the newer one is open',
    );
    // Rejecting the newer one: it stays rejected, and the demper does not propose the same move again.
    const rejected = await api(alice, 'POST', `/kaspi/stores/${approveShop.storeId}/demper/proposals/${second.id}/reject/`);
    assert.equal(rejected.statusCode, 200);
    assert.equal(rejected.json().status, 'rejected');
    await t.sql(`update products set bot_active = true, next_check_at = now() where id = $1`, [ids['newer']]);
    await waitFor(async () => ((await t.sql<{ c: string }>(`select 1 from products where id = $1 and last_check_time > now() - interval '1 second'`, [ids['newer']])).length ? true : undefined), {
      timeoutMs: 20_000,
      what: 'another check of the product',
    });
    assert.equal((await proposalsOf(approveShop, ids['newer']!, 'open')).length, 0, 'the rejected move is not proposed again');
    const approveRejected = await api(alice, 'POST', `/kaspi/stores/${approveShop.storeId}/demper/proposals/${second.id}/approve/`);
    assert.equal(approveRejected.statusCode, 409);
    assert.equal(approveRejected.json().code, 'proposal_closed');
    assert.equal(await pricefeedCalls(merchantUid(1), `A-${P.newer}`), 0);
  });

  test('approve all: every open proposal of the shop is pushed, with counts', async () => {
    await openProposal(allShop, 'allA');
    await openProposal(allShop, 'allB');
    await stopChecking('allA');
    await stopChecking('allB');
    const res = await api(alice, 'POST', `/kaspi/stores/${allShop.storeId}/demper/proposals/approve_all/`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.pushed, 2, res.body);
    assert.equal(body.stale, 0);
    assert.equal(body.failed, 0);
    assert.equal(body.left_open, 0);
    assert.equal(body.results.length, 2);
    assert.equal((await proposalsOf(allShop, ids['allA']!, 'open')).length, 0);
    for (const sku of [`C-${P.allA}`, `C-${P.allB}`]) {
      await waitFor(async () => ((await applied(merchantUid(3), sku)).storefront[ALMATY.id]?.price === 999 ? true : undefined), { timeoutMs: 20_000, what: `${sku} at 999` });
    }
    const rows = await t.sql<{ approved_by: string }>(`select approved_by from price_history where product_id in ($1, $2)`, [ids['allA'], ids['allB']]);
    assert.equal(rows.length, 4);
    assert.ok(rows.every((r) => r.approved_by === alice.id));
    const status = (await api(alice, 'GET', `/kaspi/stores/${allShop.storeId}/demper/status/`)).json();
    assert.equal(status.changes_last_hour, 2, "approved pushes count among the hour's changes");
  });

  test('leaving approval mode closes the open proposals, except of products that ask for approval themselves', async () => {
    const own = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${ids['allA']}/`, headers: alice.headers, payload: { approval_mode: 'approve' } });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().effective_approval_mode, 'approve');
    const proposal = async (key: string) =>
      (
        await t.sql<{ id: string }>(`insert into price_proposals (product_id, store_id, user_id, changes, fingerprint) values ($1, $2, $3, '[]'::jsonb, 'test') returning id`, [
          ids[key],
          allShop.storeId,
          alice.id,
        ])
      )[0]!.id;
    const kept = await proposal('allA');
    const closed = await proposal('allB');
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/kaspi/stores/${allShop.storeId}/demper/`, headers: alice.headers, payload: { approval_mode: 'auto' } });
    assert.equal(res.statusCode, 200, res.body);
    const statusOf = async (id: string) => (await api(alice, 'GET', `/kaspi/stores/${allShop.storeId}/demper/proposals/${id}/`)).json();
    assert.equal((await statusOf(kept)).status, 'open');
    const gone = await statusOf(closed);
    assert.equal(gone.status, 'stale');
    assert.equal(gone.stale_reason, 'no_longer_proposed');
    assert.equal((await api(alice, 'GET', `/products/${ids['allB']}/`)).json().effective_approval_mode, 'auto');
  });
});
