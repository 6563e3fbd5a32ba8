import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeWrite, redact } from '../../../src/modules/admin/audit-entry.ts';

const write = (method: string, route: string, params: Record<string, string> = {}, body: unknown = undefined) => describeWrite({ method, route, params, body, statusCode: 200, owners: ['owner-1'] });

test('an admin write is named after its route: collection, action segments, verb', () => {
  const id = { id: 'p1' };
  assert.equal(write('PATCH', '/api/v1/products/:id/', id).action, 'product.update');
  assert.equal(write('DELETE', '/api/v1/products/:id/', id).action, 'product.delete');
  assert.equal(write('POST', '/api/v1/products/', {}, { store_id: 's1' }).action, 'product.create');
  assert.equal(write('POST', '/api/v1/products/update_price/', {}, { product_id: 'p9', price: 100 }).action, 'product.update_price');
  assert.equal(write('POST', '/api/v1/products/batch_enable/', {}, { store_id: 's1' }).action, 'product.batch_enable');
  assert.equal(write('PATCH', '/api/v1/kaspi/stores/:id/demper/', id).action, 'store.demper.update');
  assert.equal(write('POST', '/api/v1/kaspi/stores/:id/sync/', id).action, 'store.sync');
  assert.equal(write('PATCH', '/api/v1/preorders/:id/', id).action, 'preorder.update');

  const price = write('POST', '/api/v1/products/update_price/', {}, { product_id: 'p9', price: 100 });
  assert.equal(price.targetType, 'product');
  assert.equal(price.targetId, 'p9', 'the target comes from the body when the path has no id');
  assert.equal(write('PATCH', '/api/v1/products/:id/', id, { product_id: 'other' }).targetId, 'p1', 'the path id wins');
  assert.deepEqual(write('PATCH', '/api/v1/products/:id/', id, { min_price: 10 }).details, {
    request: 'PATCH /api/v1/products/:id/',
    status: 200,
    owner_ids: ['owner-1'],
    body: { min_price: 10 },
  });
});

test('secrets never reach the details, at any depth, and big values are bounded', () => {
  const body = {
    name: 'Shop',
    api_key: 'k',
    proxy_url: 'http://u:p@h:1',
    password: 'x',
    nested: { new_password: 'y', items: [{ code: '1234', sku: 'A' }] },
    long: 'z'.repeat(1000),
    many: Array.from({ length: 60 }, (_, i) => i),
  };
  const out = redact(body, 0) as Record<string, unknown>;
  const text = JSON.stringify(out);
  for (const secret of ['http://u:p@h:1', '"x"', '"y"', '1234']) assert.ok(!text.includes(secret), secret);
  assert.equal(out['name'], 'Shop');
  assert.deepEqual(out['nested'], { new_password: '[redacted]', items: [{ code: '[redacted]', sku: 'A' }] });
  assert.ok((out['long'] as string).length <= 201);
  assert.equal((out['many'] as unknown[]).length, 51);
});
