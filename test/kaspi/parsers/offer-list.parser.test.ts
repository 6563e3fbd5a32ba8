import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseOffer, parseOfferListPage, productIdFromShopLink } from '../../../src/kaspi/parsers/offer-list.parser.ts';

const documented = {
  offerId: '120345',
  sku: 'SKU-1',
  masterTitle: 'Смартфон X 128 ГБ',
  masterCategory: 'Smartphones',
  brand: 'Xphone',
  minPrice: 12990,
  images: ['h1a/p12345.jpg'],
  shopLink: '/p/smartfon-x-128-gb-102529963/',
  availabilities: [
    { storeId: '30141222_PP1', available: 'yes', stockCount: 5, preOrder: 0 },
    { storeId: '30141222_PP2', available: 'no', stockCount: 0 },
    { storeId: '30141222_PP3', available: 'yes', stockCount: 2, preOrder: 7 },
  ],
  updatedAt: '2026-09-21T10:00:00Z',
};

describe('offer list parser (cabinet 2.3)', () => {
  test('reads the documented shape', () => {
    const page = parseOfferListPage({ data: [documented], total: 1 });
    assert.equal(page.total, 1);
    assert.equal(page.received, 1);
    assert.deepEqual(page.offers[0], {
      offerId: '120345',
      sku: 'SKU-1',
      name: 'Смартфон X 128 ГБ',
      category: 'Smartphones',
      brand: 'Xphone',
      price: 12990,
      cityPrices: [],
      imageUrl: 'https://resources.cdn-kaspi.kz/img/m/p/h1a/p12345.jpg',
      externalProductId: '102529963',
      shopLink: '/p/smartfon-x-128-gb-102529963/',
      availabilities: [
        { point: 'PP1', available: true, stockCount: 5, preorderDays: 0 },
        { point: 'PP2', available: false, stockCount: 0, preorderDays: 0 },
        { point: 'PP3', available: true, stockCount: 2, preorderDays: 7 },
      ],
      updatedAt: '2026-09-21T10:00:00Z',
    });
  });

  test('the list may sit under data, items, content or be a bare array', () => {
    for (const body of [{ data: [documented] }, { items: [documented] }, { content: [documented], total: 9 }, [documented]]) {
      const page = parseOfferListPage(body);
      assert.equal(page.offers.length, 1, JSON.stringify(Object.keys(body)));
      assert.equal(page.offers[0]!.sku, 'SKU-1');
    }
  });

  test('an answer without any list is an error, never an empty catalogue', () => {
    for (const body of [{}, { data: null }, '<html>', null, { total: 0 }]) {
      assert.throws(() => parseOfferListPage(body), /no offers array/);
    }
    assert.deepEqual(parseOfferListPage({ data: [] }).offers, [], 'an empty list is a real empty page');
  });

  test('minPrice as an object, a float or a string; null offerId falls back to the SKU', () => {
    assert.equal(parseOffer({ ...documented, minPrice: { value: 15490 } })!.price, 15490);
    assert.equal(parseOffer({ ...documented, minPrice: 15490.0 })!.price, 15490);
    assert.equal(parseOffer({ ...documented, minPrice: '990' })!.price, 990);
    assert.equal(parseOffer({ ...documented, minPrice: null })!.price, null);
    assert.equal(parseOffer({ ...documented, offerId: null })!.offerId, 'SKU-1');
    assert.equal(parseOffer({ ...documented, offerId: 987 })!.offerId, '987');
  });

  test('an offer without a shopLink is kept but has no public product id', () => {
    const { shopLink: _, ...withoutLink } = documented;
    const offer = parseOffer(withoutLink)!;
    assert.equal(offer.externalProductId, null);
    assert.equal(offer.shopLink, null);
  });

  test('an item without a SKU is counted as unreadable, and paging still sees the page size', () => {
    const page = parseOfferListPage({ items: [documented, { offerId: 'x' }, 'junk'] });
    assert.deepEqual([page.offers.length, page.unreadable, page.received], [1, 2, 3]);
  });

  test('city prices, full image URLs and boolean availability are read too', () => {
    const offer = parseOffer({
      ...documented,
      cityPrices: [{ cityId: '750000000', value: 12990 }, { cityId: 710000000, value: '13490' }, { cityId: '1' }],
      images: [{ url: 'https://cdn.example/img.jpg' }],
      availabilities: [{ storeId: 'PP1', available: true, stockCount: '3' }],
    })!;
    assert.deepEqual(offer.cityPrices, [
      { cityId: '750000000', price: 12990 },
      { cityId: '710000000', price: 13490 },
    ]);
    assert.equal(offer.imageUrl, 'https://cdn.example/img.jpg');
    assert.deepEqual(offer.availabilities, [{ point: 'PP1', available: true, stockCount: 3, preorderDays: 0 }]);
  });

  test('product id from every form of shopLink', () => {
    const cases: [string, string | null][] = [
      ['/p/smartfon-x-102529963/', '102529963'],
      ['/p/smartfon-x-102529963', '102529963'],
      ['https://kaspi.kz/shop/p/smartfon-x-102529963/?c=750000000', '102529963'],
      ['/shop/p/a-b-c-7/#reviews', '7'],
      ['/p/102529963/', '102529963'],
      ['/p/no-digits-here/', null],
      ['', null],
    ];
    for (const [link, id] of cases) assert.equal(productIdFromShopLink(link), id, link);
  });
});
