import type { MarketOffer } from '../../kaspi/parsers/storefront-offers.parser.ts';

/** One storefront read of (public product id, city), shared by every store that sells the product. */
export interface MarketSnapshot {
  offers: MarketOffer[];
  total: number;
  fetched_at: string;
}

export interface CityMarketView {
  city_id: string;
  city_name: string | null;
  offers: {
    merchant_id: string;
    merchant_name: string | null;
    price: number;
    rating: number | null;
    reviews: number;
    delivery_duration: string;
    kaspi_delivery: boolean;
    preorder_days: number;
    is_ours: boolean;
  }[];
  our_position: number | null;
  our_price: number | null;
  cheapest_competitor: { merchant_id: string; merchant_name: string | null; price: number; position: number } | null;
  total: number;
  fetched_at: string;
}

/**
 * One city's market as one seller sees it. The list keeps Kaspi's order (cheapest first, better rating
 * first at equal price), so a position is an index in it. Competitors are every merchant except ours
 * and the seller's other shops; merchant ids compare as strings ("Sulpak" or 30141222).
 */
export function cityMarketView(snapshot: MarketSnapshot, city: { id: string; name: string | null }, ourMerchantId: string, sellerMerchantIds: ReadonlySet<string>): CityMarketView {
  const ours = String(ourMerchantId);
  const ourIndex = snapshot.offers.findIndex((o) => String(o.merchantId) === ours);
  let cheapest: CityMarketView['cheapest_competitor'] = null;
  snapshot.offers.forEach((o, i) => {
    const id = String(o.merchantId);
    if (id === ours || sellerMerchantIds.has(id)) return;
    // Strictly cheaper only: at equal price the earlier one ranks first on Kaspi.
    if (!cheapest || o.price < cheapest.price) cheapest = { merchant_id: id, merchant_name: o.merchantName, price: o.price, position: i + 1 };
  });
  return {
    city_id: city.id,
    city_name: city.name,
    offers: snapshot.offers.map((o) => ({
      merchant_id: String(o.merchantId),
      merchant_name: o.merchantName,
      price: o.price,
      rating: o.rating,
      reviews: o.reviews,
      delivery_duration: o.deliveryDuration,
      kaspi_delivery: o.kaspiDelivery,
      preorder_days: o.preorderDays,
      is_ours: String(o.merchantId) === ours,
    })),
    our_position: ourIndex >= 0 ? ourIndex + 1 : null,
    our_price: ourIndex >= 0 ? snapshot.offers[ourIndex]!.price : null,
    cheapest_competitor: cheapest,
    total: snapshot.total,
    fetched_at: snapshot.fetched_at,
  };
}
