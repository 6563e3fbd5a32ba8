// What a competing offer is, for the engine. The engine's own vocabulary, so it imports nothing from
// the Kaspi client: the storefront parser's offers (src/kaspi/parsers/storefront-offers.parser.ts) have
// the same shape and are passed in as they are.

/** Delivery buckets, fastest first (the storefront's words, kaspi-protocol.md 4.1). */
export const deliveryDurations = ['EXPRESS', 'TODAY', 'TOMORROW', 'TILL_2_DAYS', 'TILL_3_DAYS', 'TILL_5_DAYS', 'TILL_7_DAYS', 'OTHER'] as const;
export type DeliveryDuration = (typeof deliveryDurations)[number];

/** One competing offer in a city. */
export interface MarketOffer {
  /** Always a string: merchant ids can be numbers or words ("Sulpak"); compare as strings. */
  merchantId: string;
  merchantName: string | null;
  merchantSku: string | null;
  price: number;
  /** Null for merchants without reviews. */
  rating: number | null;
  reviews: number;
  deliveryDuration: DeliveryDuration;
  kaspiDelivery: boolean;
  /** Days on preorder; 0 = in stock. */
  preorderDays: number;
}
