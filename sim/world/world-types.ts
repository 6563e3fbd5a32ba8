/**
 * The JSON shapes a world is described with (control API `POST /_sim/world`, `startSimulator({world})`).
 * Ids are strings on the wire, as Kaspi sends them.
 */

export const DELIVERY_DURATIONS = ['EXPRESS', 'TODAY', 'TOMORROW', 'TILL_2_DAYS', 'TILL_3_DAYS', 'TILL_5_DAYS', 'TILL_7_DAYS', 'OTHER'] as const;
export type DeliveryDuration = (typeof DELIVERY_DURATIONS)[number];

export interface MerchantSpec {
  id: string;
  name: string;
  /** 0 (or absent) = no reviews yet: the storefront then omits the rating. */
  rating?: number;
  reviews?: number;
  deliveryDuration?: DeliveryDuration;
  kaspiDelivery?: boolean;
}

export interface ProductSpec {
  id: string;
  title: string;
  brand?: string;
  category?: string;
}

/**
 * How a competitor listing moves its price over simulated time. `every` counts world ticks
 * (`tickMs`, 1 s by default); `step` is in tenge.
 *  - dumper: when someone is at or below it, undercuts the cheapest other offer by `step`, never below `floor`;
 *  - follower: sits `step` below the cheapest other offer, up or down, inside [floor, ceiling];
 *  - random-walk: moves -step/0/+step at random inside [floor, ceiling];
 *  - answerer: a bot that answers a move: once another offer has sat below it for `delay` ticks, it
 *    undercuts the cheapest by `step`, never below `floor` (a price war at the pace of its rival).
 * `phase` (ticks, default 0) shifts the `every` test, so bots of one period do not all move on one tick.
 */
export type BehaviourSpec =
  | { kind: 'static' }
  | { kind: 'dumper'; step: number; every: number; floor: number; phase?: number }
  | { kind: 'follower'; step: number; every: number; floor: number; ceiling: number; phase?: number }
  | { kind: 'random-walk'; step: number; every: number; floor: number; ceiling: number; phase?: number }
  | { kind: 'answerer'; step: number; delay: number; floor: number };

export interface ListingSpec {
  productId: string;
  merchantId: string;
  cityId: string;
  price: number;
  preorder?: number;
  behaviour?: BehaviourSpec;
  /** Seconds after the world's start when the merchant starts / stops selling it. */
  appearAt?: number;
  leaveAt?: number;
}

export interface PointSpec {
  name: string;
  cityId: string;
  enabled?: boolean;
  virtual?: boolean;
}

export interface AvailabilitySpec {
  point: string;
  available?: boolean;
  stockCount?: number;
  preOrder?: number;
}

export interface OwnOfferSpec {
  sku: string;
  /** Absent: the offer has no shopLink (Kaspi has not linked it to a product card). */
  productId?: string;
  model: string;
  brand?: string;
  category?: string;
  price: number;
  cityPrices?: Record<string, number>;
  /** Absent: available at every point of the merchant. */
  availabilities?: AvailabilitySpec[];
}

export interface OwnMerchantSpec {
  uid: string;
  name: string;
  rating?: number;
  reviews?: number;
  deliveryDuration?: DeliveryDuration;
  points: PointSpec[];
  /** Shop API v2 token (X-Auth-Token). */
  apiToken?: string;
  offers: OwnOfferSpec[];
}

export interface AccountSpec {
  /** The e-mail the cabinet login takes. */
  email: string;
  password: string;
  /** 7XXXXXXXXXX, for the phone flow. */
  phone?: string;
  smsRequired?: boolean;
  /** Fixed code for tests; absent: a fresh code per login, readable through the control API. */
  smsCode?: string;
  locked?: boolean;
  /** Merchant uids this account can act for. */
  merchants: string[];
}

export const ORDER_STATES = ['NEW', 'SIGN_REQUIRED', 'PICKUP', 'DELIVERY', 'KASPI_DELIVERY', 'ARCHIVE'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export interface OrderSpec {
  id: string;
  code: string;
  merchantUid: string;
  state: OrderState;
  creationDate: number;
  totalPrice: number;
  entries: { sku: string; quantity: number; basePrice: number }[];
}

export interface WorldSpec {
  seed?: number;
  /** Length of one behaviour tick in simulated ms. */
  tickMs?: number;
  merchants: MerchantSpec[];
  products: ProductSpec[];
  listings: ListingSpec[];
  ownMerchants: OwnMerchantSpec[];
  accounts?: AccountSpec[];
  orders?: OrderSpec[];
}

export interface GenerateParams {
  seed?: number;
  products?: number;
  competitorsPerProduct?: number;
  /** How many cities the world uses (the first N of the KATO list) ... */
  cities?: number;
  /** ... and the share of those cities each competitor listing covers. */
  cityCoverage?: number;
  /** Offers of our shop (merchant 30141222). */
  ownOffers?: number;
  /** Share of competitor listings that move: dumper, follower, random walk; the rest is static. */
  behaviourMix?: { dumper?: number; follower?: number; randomWalk?: number };
  /** Share of listings that appear or leave during the first simulated hour. */
  churn?: number;
  orders?: number;
  tickMs?: number;
}
