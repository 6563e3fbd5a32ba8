import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KaspiShapeError } from '../../../src/kaspi/mc-parsers.ts';
import { parseProductCard } from '../../../src/kaspi/parsers/product-card.parser.ts';

const gallery = (n: number) => ({
  small: `https://resources.cdn-kaspi.kz/img/m/p/h1/${n}.jpg?format=gallery-small`,
  medium: `https://resources.cdn-kaspi.kz/img/m/p/h1/${n}.jpg?format=gallery-medium`,
  large: `https://resources.cdn-kaspi.kz/img/m/p/h1/${n}.jpg?format=gallery-large`,
});

describe('product card parser (4.2)', () => {
  test('reads the documented card: title, brand, largest gallery pictures, rating, reviews', () => {
    const card = parseProductCard({ id: '500', title: ' Kettle ', brand: 'Bosch', rating: 4.7, reviewsQuantity: 123, galleryImages: [gallery(1), gallery(2)] });
    assert.deepEqual(card, {
      title: 'Kettle',
      brand: 'Bosch',
      images: [gallery(1).large, gallery(2).large],
      rating: 4.7,
      reviews_count: 123,
    });
  });

  test('falls back to medium or small pictures, to `images` or `previewImages`, to CDN paths and plain strings', () => {
    assert.deepEqual(parseProductCard({ title: 'A', galleryImages: [{ medium: gallery(1).medium }, { small: gallery(2).small }] }).images, [gallery(1).medium, gallery(2).small]);
    assert.deepEqual(parseProductCard({ title: 'A', images: ['h1/1.jpg', '/h1/2.jpg', 'https://x.kz/3.jpg'] }).images, [
      'https://resources.cdn-kaspi.kz/img/m/p/h1/1.jpg',
      'https://resources.cdn-kaspi.kz/img/m/p/h1/2.jpg',
      'https://x.kz/3.jpg',
    ]);
    assert.deepEqual(parseProductCard({ title: 'A', galleryImages: [], previewImages: [{ url: 'h1/9.jpg' }] }).images, ['https://resources.cdn-kaspi.kz/img/m/p/h1/9.jpg']);
    assert.deepEqual(parseProductCard({ title: 'A', images: ['h1/1.jpg', 'h1/1.jpg', null, {}, 7] }).images, ['https://resources.cdn-kaspi.kz/img/m/p/h1/1.jpg'], 'duplicates and junk dropped');
  });

  test('brand as an object, rating as a string or an object, other review keys', () => {
    const card = parseProductCard({ name: 'Toaster', brand: { name: 'Philips' }, rating: '4.25', reviewsCount: '17' });
    assert.deepEqual([card.title, card.brand, card.rating, card.reviews_count], ['Toaster', 'Philips', 4.25, 17]);
    assert.equal(parseProductCard({ title: 'X', rating: { value: 3.9 } }).rating, 3.9);
  });

  test('no rating yet (absent, 0, out of scale) and no reviews are null', () => {
    for (const rating of [undefined, 0, -1, 7, 'n/a', null]) assert.equal(parseProductCard({ title: 'X', rating }).rating, null, String(rating));
    const card = parseProductCard({ title: 'X' });
    assert.deepEqual([card.brand, card.images, card.reviews_count], [null, [], null]);
    assert.equal(parseProductCard({ title: 'X', reviewsQuantity: 0 }).reviews_count, 0);
  });

  test('a body that is not a card is refused, never stored as an empty card', () => {
    for (const body of [null, [], 'html', { status: 404 }, { title: '  ', images: [] }]) {
      assert.throws(() => parseProductCard(body), KaspiShapeError, JSON.stringify(body));
    }
    assert.equal(parseProductCard({ galleryImages: [gallery(1)] }).title, null, 'pictures alone are a card');
  });

  test('at most 20 pictures', () => {
    const card = parseProductCard({ title: 'X', galleryImages: Array.from({ length: 30 }, (_, i) => gallery(i)) });
    assert.equal(card.images.length, 20);
  });
});
