import type { ShapeVariant } from '../faults/faults.ts';
import type { OwnOffer } from '../world/own-offer.ts';
import type { OwnMerchant } from '../world/world.ts';

/** Kaspi's product-card slug: latin letters and digits, the rest collapsed into dashes. */
export function slugify(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'product'
  );
}

/** One offer as the cabinet's offer-view API shows it (the latest accepted state). */
export function offerView(merchant: OwnMerchant, offer: OwnOffer, shapes: ReadonlySet<ShapeVariant>): Record<string, unknown> {
  const state = offer.current();
  const view: Record<string, unknown> = {
    offerId: shapes.has('null-offer-id') ? null : `${merchant.id}_${offer.sku}`,
    sku: offer.sku,
    masterSku: offer.productId,
    masterTitle: offer.model,
    masterCategory: offer.category,
    brand: offer.brand,
    minPrice: shapes.has('min-price-object') ? { value: state.price } : state.price,
    cityPrices: [...state.cityPrices].map(([cityId, value]) => ({ cityId, value })),
    images: offer.productId ? [`h${offer.productId.slice(-2)}/${offer.productId}.jpg`] : [],
    availabilities: merchant.points.map((p) => {
      const a = state.availability.get(p.name);
      return { storeId: `${merchant.id}_${p.name}`, available: a?.available ? 'yes' : 'no', stockCount: a?.stockCount ?? 0, preOrder: a?.preOrder ?? 0 };
    }),
    updatedAt: new Date(offer.updatedAt).toISOString(),
  };
  // (quirk) offers not linked to a product card carry no shopLink at all.
  if (offer.productId) view.shopLink = `/p/${slugify(offer.model)}-${offer.productId}/`;
  return view;
}

/** Wraps a page of offers the way the shape variants say (default: `data` + `total`). */
export function offerListBody(items: unknown[], total: number, shapes: ReadonlySet<ShapeVariant>): unknown {
  if (shapes.has('list-array')) return items;
  if (shapes.has('list-items')) return { items, total };
  if (shapes.has('list-content')) return { content: items, totalElements: total };
  return { data: items, total };
}
