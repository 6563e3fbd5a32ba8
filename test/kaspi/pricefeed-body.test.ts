import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PricefeedBodyError, pricefeedBody } from '../../src/kaspi/pricefeed-body.ts';

const offer = {
  merchantUid: '30141222',
  sku: 'SKU-1',
  model: 'Product name',
  points: [
    { point: 'PP1', available: true, preorderDays: 3 },
    { point: 'PP2', available: true },
    { point: 'PP3', available: false },
  ],
};

describe('pricefeed body', () => {
  test('city prices travel with a base price (the lowest) and every pickup point, in one body', () => {
    const body = pricefeedBody({
      ...offer,
      cityPrices: [
        { cityId: '750000000', price: 12990 },
        { cityId: '710000000', price: 13490 },
      ],
    });
    assert.deepEqual(body, {
      merchantUid: '30141222',
      sku: 'SKU-1',
      model: 'Product name',
      price: 12990,
      cityPrices: [
        { cityId: '750000000', value: 12990 },
        { cityId: '710000000', value: 13490 },
      ],
      availabilities: [
        { available: 'yes', storeId: '30141222_PP1', stockEnabled: false, preOrder: 3 },
        { available: 'yes', storeId: '30141222_PP2', stockEnabled: false },
        { available: 'no', storeId: '30141222_PP3', stockEnabled: false },
      ],
    });
  });

  test('a base price alone sends no cityPrices; an explicit base wins over the lowest city price', () => {
    assert.equal(pricefeedBody({ ...offer, basePrice: 5000 }).cityPrices, undefined);
    assert.equal(pricefeedBody({ ...offer, basePrice: 5000, cityPrices: [{ cityId: '1', price: 4000 }] }).price, 5000);
  });

  test('refuses what Kaspi would refuse or misread', () => {
    const bad = [
      { ...offer, basePrice: 9 },
      { ...offer, basePrice: 99.5 },
      { ...offer, cityPrices: [{ cityId: '1', price: 5 }] },
      {
        ...offer,
        cityPrices: [
          { cityId: '1', price: 500 },
          { cityId: '1', price: 600 },
        ],
      },
      { ...offer },
      { ...offer, basePrice: 500, points: [] },
      { ...offer, basePrice: 500, points: [{ point: 'PP1', available: true, preorderDays: 31 }] },
    ];
    for (const o of bad) assert.throws(() => pricefeedBody(o), PricefeedBodyError, JSON.stringify(o));
  });
});
