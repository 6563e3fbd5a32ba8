import type { PricefeedBody } from './pricefeed-body.ts';

/**
 * A pricefeed availability that also states the stock at the point (`stockEnabled: true` with
 * `stockCount`, kaspi-protocol.md 2.4 / the XML feed's `stockCount`). Preorders use it for the
 * quantity offered on preorder, and to resend the stock Kaspi already holds at the other points.
 */
export interface StockedAvailability {
  available: 'yes';
  storeId: string;
  stockEnabled: true;
  stockCount: number;
  preOrder?: number;
}

export interface StockPricefeedBody extends Omit<PricefeedBody, 'availabilities'> {
  availabilities: (PricefeedBody['availabilities'][number] | StockedAvailability)[];
}

/**
 * Adds stock counts (point name -> count) to the available points of a built pricefeed body. A count
 * of 0 or none leaves the point as it was (`stockEnabled: false`: Kaspi does not track its stock).
 */
export function withStockCounts(body: PricefeedBody, stock: ReadonlyMap<string, number>): StockPricefeedBody {
  const prefix = `${body.merchantUid}_`;
  return {
    ...body,
    availabilities: body.availabilities.map((a) => {
      const count = stock.get(a.storeId.startsWith(prefix) ? a.storeId.slice(prefix.length) : '') ?? 0;
      if (a.available !== 'yes' || !Number.isInteger(count) || count <= 0) return a;
      return { ...a, available: 'yes', stockEnabled: true, stockCount: count };
    }),
  };
}
