import { describe, expect, it } from 'vitest';
import { createProblems, createRequest, listQuery, pointErrors } from './preorder-request.ts';

describe('creating preorders', () => {
  it('one product: the single create, with its shop, points and days', () => {
    expect(createRequest({ storeId: 's', productIds: ['p1'], points: { PP1: 7, PP2: '' }, deliveryDays: 5 })).toEqual({
      kind: 'single',
      body: {
        product_id: 'p1',
        store_id: 's',
        warehouses: [
          { point: 'PP1', quantity: 7 },
          { point: 'PP2', quantity: 0 },
        ],
        delivery_days: 5,
      },
    });
  });

  it('several products: one batch for the shop, the same points and days for each', () => {
    const request = createRequest({ storeId: 's', productIds: ['p1', 'p2'], points: { PP1: 1 }, deliveryDays: '' });
    expect(request).toEqual({
      kind: 'batch',
      body: {
        store_id: 's',
        items: [
          { product_id: 'p1', warehouses: [{ point: 'PP1', quantity: 1 }] },
          { product_id: 'p2', warehouses: [{ point: 'PP1', quantity: 1 }] },
        ],
      },
    });
  });

  it('asks for products and points first', () => {
    expect(createProblems({ storeId: 's', productIds: [], points: {}, deliveryDays: 30 })).toEqual(['chooseProducts', 'choosePoints']);
    expect(createProblems({ storeId: 's', productIds: ['p'], points: { PP1: 0 }, deliveryDays: 30 })).toEqual([]);
  });

  it("puts the API's point messages next to the point", () => {
    expect(pointErrors({ 'warehouses[1].point': 'disabled', 'items[2].warehouses[0].point': 'unknown', delivery_days: 'x' }, ['PP1', 'PP2'])).toEqual({ PP2: 'disabled', PP1: 'unknown' });
  });
});

describe('the list filters', () => {
  it('sends only what is set', () => {
    expect(listQuery({ storeId: null, status: 'all', search: ' ', page: 1, pageSize: 50 })).toEqual({ page: 1, page_size: 50, ordering: '-updated_at' });
    expect(listQuery({ storeId: 's', status: 'failed', search: ' phone ', page: 2, pageSize: 50 })).toEqual({
      page: 2,
      page_size: 50,
      ordering: '-updated_at',
      store_id: 's',
      status: 'failed',
      search: 'phone',
    });
  });
});
