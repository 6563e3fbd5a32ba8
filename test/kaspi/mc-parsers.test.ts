import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KaspiShapeError, parseMerchantDetails, parseMerchantList } from '../../src/kaspi/mc-parsers.ts';

describe('parseMerchantList (GET /s/m)', () => {
  test('the documented shape, with every merchant of the account', () => {
    assert.deepEqual(parseMerchantList({ merchants: [{ uid: '30141222', name: 'Shop' }, { uid: '30141223' }] }), [
      { uid: '30141222', name: 'Shop' },
      { uid: '30141223', name: null },
    ]);
  });

  test('variants: bare array, other keys, numeric and differently named ids, a single merchant', () => {
    const expected = [{ uid: '30141222', name: null }];
    for (const body of [
      [{ uid: '30141222' }],
      [{ uid: 30141222 }],
      { data: [{ id: '30141222' }] },
      { items: [{ merchantUid: '30141222' }] },
      { content: [{ merchantId: 30141222 }] },
      { merchant: { uid: '30141222' } },
      { data: { merchants: [{ uid: '30141222' }] } },
      ['30141222'],
    ]) {
      assert.deepEqual(parseMerchantList(body), expected, JSON.stringify(body));
    }
  });

  test('an empty list is empty; duplicates and entries without an id are dropped', () => {
    assert.deepEqual(parseMerchantList({ merchants: [] }), []);
    assert.deepEqual(parseMerchantList({ merchants: [{ uid: '1', merchantName: 'A' }, { uid: '1' }, { name: 'no id' }, null, { uid: ' ' }] }), [{ uid: '1', name: 'A' }]);
  });

  test('anything else is an error, never "no merchants"', () => {
    for (const body of [null, 'Unauthorized', { error: 'x' }, { merchants: 'x' }, 42]) {
      assert.throws(() => parseMerchantList(body), KaspiShapeError, JSON.stringify(body));
    }
  });
});

describe('parseMerchantDetails (getMerchant)', () => {
  const documented = {
    data: {
      merchant: {
        id: '30141222',
        name: 'Shop',
        logo: { url: 'https://cdn/logo.png' },
        points: [
          { id: '30141222_PP1', name: 'PP1', enabled: true, virtual: false, type: 'WAREHOUSE', city: { id: '710000000', name: 'Астана' } },
          { id: '30141222_PP2', name: 'PP2', enabled: false, virtual: true, type: 'WAREHOUSE', city: { id: 750000000, name: 'Алматы' } },
        ],
      },
    },
  };

  test('the documented shape', () => {
    assert.deepEqual(parseMerchantDetails(documented, '30141222'), {
      uid: '30141222',
      name: 'Shop',
      logoUrl: 'https://cdn/logo.png',
      points: [
        { name: 'PP1', id: '30141222_PP1', cityId: '710000000', cityName: 'Астана', enabled: true, virtual: false },
        { name: 'PP2', id: '30141222_PP2', cityId: '750000000', cityName: 'Алматы', enabled: false, virtual: true },
      ],
    });
  });

  test('variants: no data wrapper, points null or absent, flat city fields, no name on a point, no enabled', () => {
    assert.equal(parseMerchantDetails({ merchant: documented.data.merchant }, '30141222').points.length, 2);
    assert.deepEqual(parseMerchantDetails({ data: { merchant: { id: 30141222, name: 'S', logo: null, points: null } } }, '30141222'), {
      uid: '30141222',
      name: 'S',
      logoUrl: null,
      points: [],
    });
    assert.deepEqual(parseMerchantDetails({ data: { merchant: { name: 'S' } } }, '777').uid, '777');
    const [point] = parseMerchantDetails({ data: { merchant: { id: '1', name: 'S', points: [{ id: '1_PP3', cityId: '511010000', cityName: 'Шымкент' }] } } }, '1').points;
    assert.deepEqual(point, { name: 'PP3', id: '1_PP3', cityId: '511010000', cityName: 'Шымкент', enabled: true, virtual: false });
    const [noCity] = parseMerchantDetails({ data: { merchant: { id: '1', name: 'S', points: [{ name: 'PP1', enabled: 'true' }, 'junk', { id: 'x' }] } } }, '1').points;
    assert.deepEqual(noCity, { name: 'PP1', id: null, cityId: null, cityName: null, enabled: true, virtual: false });
  });

  test('a merchant without a name falls back to its uid', () => {
    assert.equal(parseMerchantDetails({ data: { merchant: { id: '5', points: [] } } }, '5').name, '5');
  });

  test('a null merchant (no access) or garbage is an error carrying the GraphQL message', () => {
    assert.throws(() => parseMerchantDetails({ data: { merchant: null }, errors: [{ message: 'Access denied' }] }, '1'), /Access denied/);
    for (const body of [null, [], 'x', { data: null }]) assert.throws(() => parseMerchantDetails(body, '1'), KaspiShapeError);
  });
});
