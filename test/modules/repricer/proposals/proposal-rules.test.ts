import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProposalCityChange } from '../../../../src/infra/db/schema.ts';
import type { MarketOffer } from '../../../../src/kaspi/parsers/storefront-offers.parser.ts';
import { answerText, formatTenge } from '../../../../src/modules/repricer/proposals/proposal-messages.ts';
import { cheapestCompetitor, effectiveApprovalMode, marketMoved, proposalFingerprint, staleBeforeRead } from '../../../../src/modules/repricer/proposals/proposal-rules.ts';

const offer = (merchantId: string, price: number): MarketOffer => ({
  merchantId,
  merchantName: null,
  merchantSku: null,
  price,
  rating: null,
  reviews: 0,
  deliveryDuration: 'TOMORROW',
  kaspiDelivery: false,
  preorderDays: 0,
});

const change = (over: Partial<ProposalCityChange> = {}): ProposalCityChange => ({
  city_id: '750000000',
  city_name: 'Алматы',
  old_price: 1200,
  new_price: 999,
  reason: 'undercut_leader',
  strategy: 'beat_first',
  competitor_price: 1000,
  expected_position: 1,
  ...over,
});

const product = { price: 1200, cityPrices: [{ city_id: '750000000', price: 1200 }], minPrice: 900, maxPrice: 1500, cityRules: {} };

describe('approval mode rules', () => {
  test("a product's own mode beats its store's; null inherits", () => {
    assert.equal(effectiveApprovalMode({ approvalMode: null }, 'approve'), 'approve');
    assert.equal(effectiveApprovalMode({ approvalMode: 'auto' }, 'approve'), 'auto');
    assert.equal(effectiveApprovalMode({ approvalMode: 'notify' }, 'auto'), 'notify');
  });

  test('the cheapest competitor leaves out us, our other shops and ignored merchants', () => {
    const offers = [offer('us', 900), offer('sister', 950), offer('rival', 1000), offer('other', 1100)];
    assert.equal(cheapestCompetitor(offers, new Set(['us', 'sister'])), 1000);
    assert.equal(cheapestCompetitor([offer('us', 900)], new Set(['us'])), null);
  });

  test('the fingerprint ignores city order and tells moves apart', () => {
    const a = change();
    const b = change({ city_id: '710000000', new_price: 1049 });
    assert.equal(proposalFingerprint([a, b]), proposalFingerprint([b, a]));
    assert.notEqual(proposalFingerprint([a]), proposalFingerprint([change({ new_price: 998 })]));
    assert.notEqual(proposalFingerprint([a]), proposalFingerprint([change({ old_price: 1100 })]));
  });

  test('refused before any read: newer proposal, too old, our price changed, out of bounds', () => {
    const now = new Date('2026-11-30T10:00:00Z');
    const base = { confirmedAt: new Date(now.getTime() - 60_000), now, maxAgeMs: 1_800_000, newerExists: false, changes: [change()], product };
    assert.equal(staleBeforeRead(base), null);
    assert.equal(staleBeforeRead({ ...base, newerExists: true })?.reason, 'newer_proposal');
    assert.equal(staleBeforeRead({ ...base, confirmedAt: new Date(now.getTime() - 1_900_000) })?.reason, 'too_old');
    assert.equal(staleBeforeRead({ ...base, product: { ...product, cityPrices: [{ city_id: '750000000', price: 1100 }] } })?.reason, 'price_changed');
    assert.equal(staleBeforeRead({ ...base, product: { ...product, minPrice: 1000 } })?.reason, 'out_of_bounds');
    // A city's own min overrides the product's.
    assert.equal(staleBeforeRead({ ...base, product: { ...product, cityRules: { '750000000': { min_price: 1000 } } } })?.reason, 'out_of_bounds');
  });

  test('the market moved: another cheapest competitor, or our own price, in any city it saw', () => {
    const saw = [{ city_id: '750000000', city_name: 'Алматы', cheapest_competitor_price: 1000, our_place: 2, read_at: '' }];
    const ignore = new Set(['us']);
    const same = new Map([['750000000', [offer('rival', 1000), offer('us', 1200)]]]);
    assert.equal(marketMoved(saw, [change()], same, 'us', ignore), null);
    const cheaper = new Map([['750000000', [offer('rival', 990), offer('us', 1200)]]]);
    const moved = marketMoved(saw, [change()], cheaper, 'us', ignore);
    assert.equal(moved?.reason, 'market_moved');
    assert.match(moved!.detail, /Алматы.*990 ₸.*1000 ₸/);
    const gone = marketMoved(saw, [change()], new Map([['750000000', [offer('us', 1200)]]]), 'us', ignore);
    assert.match(gone!.detail, /now nobody/);
    const ourPrice = marketMoved(saw, [change()], new Map([['750000000', [offer('rival', 1000), offer('us', 1150)]]]), 'us', ignore);
    assert.equal(ourPrice?.reason, 'price_changed');
  });

  test("answers in the seller's language, prices as 12 990 ₸", () => {
    assert.equal(formatTenge(12990), '12\u202f990\u00a0₸');
    assert.equal(formatTenge(999), '999\u00a0₸');
    const proposal = { changes: [change()], status: 'pushed', staleReason: null, detail: null } as never;
    assert.equal(answerText('ru', { kind: 'pushed', proposal, productName: 'Чайник' }), 'Цена отправлена в Kaspi: Чайник — Алматы 1\u202f200\u00a0₸ → 999\u00a0₸.');
    assert.equal(answerText('kk', { kind: 'not_found' }), 'Ұсыныс табылмады.');
    assert.equal(
      answerText('en', { kind: 'stale', proposal: { ...(proposal as object), status: 'stale', staleReason: 'market_moved' } as never, productName: 'x' }),
      "The proposal is stale: competitors' prices changed.",
    );
  });
});
