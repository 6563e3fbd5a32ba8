import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseMarketOffersPage } from '../../../src/kaspi/parsers/storefront-offers.parser.ts';

const documented = {
  masterSku: '102529963',
  merchantId: '30141222',
  merchantName: 'Shop',
  merchantSku: 'SKU-1',
  title: '...',
  price: 12990.0,
  merchantRating: 4.8,
  merchantReviewsQuantity: 1523,
  kaspiDelivery: true,
  deliveryDuration: 'TOMORROW',
  delivery: '2026-08-15T18:00:00.000+00:00',
  deliveryOptions: { TO_DOOR: { interCity: false, deliveryCost: 0 } },
  preorder: 0,
};

describe('storefront offers parser (4.1)', () => {
  test('reads the documented shape', () => {
    const page = parseMarketOffersPage({ offers: [documented], total: 12, offersCount: 12 });
    assert.equal(page.total, 12);
    assert.deepEqual(page.offers, [
      {
        merchantId: '30141222',
        merchantName: 'Shop',
        merchantSku: 'SKU-1',
        price: 12990,
        rating: 4.8,
        reviews: 1523,
        deliveryDuration: 'TOMORROW',
        kaspiDelivery: true,
        preorderDays: 0,
      },
    ]);
  });

  test('merchant ids are strings whether Kaspi sends numbers or words', () => {
    const page = parseMarketOffersPage({
      offers: [
        { ...documented, merchantId: 30141222 },
        { ...documented, merchantId: 'Sulpak' },
      ],
    });
    assert.deepEqual(
      page.offers.map((o) => o.merchantId),
      ['30141222', 'Sulpak'],
    );
  });

  test('no rating (absent or 0) is null; unknown delivery is OTHER; preorder days are read', () => {
    const { merchantRating: _, ...noRating } = documented;
    const page = parseMarketOffersPage({ offers: [noRating, { ...documented, merchantRating: 0, deliveryDuration: 'NEXT_WEEK', preorder: 5 }] });
    assert.deepEqual(
      page.offers.map((o) => [o.rating, o.deliveryDuration, o.preorderDays]),
      [
        [null, 'TOMORROW', 0],
        [null, 'OTHER', 5],
      ],
    );
  });

  test('an answer without a list is an error; offers without merchant or price are dropped', () => {
    assert.throws(() => parseMarketOffersPage({ error: 'x' }), /no offers array/);
    assert.throws(() => parseMarketOffersPage('<html>'), /no offers array/);
    const page = parseMarketOffersPage({ offers: [{ ...documented, price: null }, { ...documented, merchantId: '' }, documented] });
    assert.deepEqual([page.offers.length, page.received], [1, 3]);
    assert.equal(parseMarketOffersPage({ offers: [], total: 0 }).offers.length, 0, 'nobody sells it is a real answer');
  });
});
