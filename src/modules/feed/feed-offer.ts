import type { ProductRow, StoreRow } from '../../infra/db/schema.ts';
import { PricefeedBodyError } from '../../kaspi/pricefeed-body.ts';
import { currentAvailabilities, type OfferState, offerPush } from '../products/index.ts';
import type { FeedOffer } from './feed-xml.ts';

/** What of a product the feed needs (the repository reads only these columns). */
export type FeedProduct = OfferState & Pick<ProductRow, 'brand'> & { cardBrand: string | null };

/**
 * One offer of the XML price list, built by the same function as every pricefeed push (offerPush,
 * with nothing changed): every city price, the base price, every pickup point with its availability,
 * preorder days and stock. An offer whose push Kaspi would refuse (no price yet) is still listed, with
 * its points and no price: an offer missing from the feed would be taken off sale.
 */
export function feedOffer(product: FeedProduct, store: Pick<StoreRow, 'points' | 'merchantId'>): FeedOffer {
  const brand = product.brand ?? product.cardBrand ?? '';
  const prefix = `${store.merchantId}_`;
  const point = (storeId: string) => (storeId.startsWith(prefix) ? storeId.slice(prefix.length) : storeId);
  try {
    const { body } = offerPush(product, store, {});
    return {
      sku: product.kaspiSku,
      model: product.name,
      brand,
      availabilities: body.availabilities.map((a) => ({
        storeId: point(a.storeId),
        available: a.available,
        ...(a.preOrder !== undefined && { preOrder: a.preOrder }),
        ...('stockCount' in a && { stockCount: a.stockCount }),
      })),
      price: body.price,
      cityPrices: (body.cityPrices ?? []).map((c) => ({ cityId: c.cityId, value: c.value })),
    };
  } catch (err) {
    if (!(err instanceof PricefeedBodyError)) throw err;
    return {
      sku: product.kaspiSku,
      model: product.name,
      brand,
      availabilities: currentAvailabilities(product, store).map((a) => ({
        storeId: a.point,
        available: a.available ? 'yes' : 'no',
        ...(a.available && a.preorder_days > 0 && { preOrder: a.preorder_days }),
      })),
      cityPrices: [],
    };
  }
}
