// Simulator worlds for tests: small hand-made ones where every number is known.
import type { OwnMerchantSpec, WorldSpec } from '../../sim/world/world-types.ts';

export const PASSWORD = 'secret123';
export const OWN_UID = '30141222';
export const SELLER = { email: 'seller@example.kz', password: PASSWORD };

/** Own merchants 40000001..40000012 of linkingWorld(), each with two pickup points in known cities. */
export const merchantUid = (n: number) => String(40_000_000 + n);

function ownMerchant(n: number): OwnMerchantSpec {
  return {
    uid: merchantUid(n),
    name: `Shop ${n}`,
    points: [
      { name: 'PP1', cityId: '750000000' },
      { name: 'PP2', cityId: '710000000', enabled: false },
    ],
    offers: [],
  };
}

/** For the linking tests: twelve own merchants and no accounts (each test adds its own). */
export function linkingWorld(): WorldSpec {
  return {
    seed: 11,
    merchants: [{ id: '111', name: 'Alpha' }],
    products: [{ id: '500', title: 'Kettle' }],
    listings: [{ productId: '500', merchantId: '111', cityId: '750000000', price: 1000 }],
    ownMerchants: Array.from({ length: 16 }, (_, i) => ownMerchant(i + 1)),
    accounts: [],
    orders: [],
  };
}

/** A small hand-made world where every number is known. */
export function tinyWorld(extra: Partial<WorldSpec> = {}): WorldSpec {
  return {
    seed: 7,
    merchants: [
      { id: '111', name: 'Alpha', rating: 4.9, reviews: 100 },
      { id: '222', name: 'Beta', rating: 4.1, reviews: 50 },
      { id: 'Sulpak', name: 'Sulpak', rating: 4.5, reviews: 900 },
      { id: '333', name: 'Newbie', rating: 0, reviews: 0 },
    ],
    products: [
      { id: '500', title: 'Samsung Galaxy A55 128GB', brand: 'Samsung', category: 'Smartphones' },
      { id: '501', title: 'Tefal Kettle K1', brand: 'Tefal', category: 'Kettles' },
    ],
    listings: [
      { productId: '500', merchantId: '111', cityId: '750000000', price: 1000 },
      { productId: '500', merchantId: '222', cityId: '750000000', price: 1000 },
      { productId: '500', merchantId: 'Sulpak', cityId: '750000000', price: 990, preorder: 5 },
      { productId: '500', merchantId: '333', cityId: '750000000', price: 1200 },
      { productId: '500', merchantId: '111', cityId: '710000000', price: 1500 },
    ],
    ownMerchants: [
      {
        uid: OWN_UID,
        name: 'Our Shop',
        apiToken: 'token-1',
        points: [
          { name: 'PP1', cityId: '750000000' },
          { name: 'PP2', cityId: '710000000' },
        ],
        offers: [
          { sku: 'SKU-1', productId: '500', model: 'Samsung Galaxy A55 128GB', brand: 'Samsung', price: 1100 },
          { sku: 'SKU-2', productId: '501', model: 'Tefal Kettle K1', brand: 'Tefal', price: 5000 },
          { sku: 'SKU-3', model: 'Unlinked offer', price: 700 },
        ],
      },
    ],
    accounts: [
      { email: SELLER.email, password: SELLER.password, phone: '77001234567', merchants: [OWN_UID] },
      { email: 'sms@example.kz', password: 'secret123', phone: '77007654321', smsRequired: true, smsCode: '123456', merchants: [OWN_UID] },
      { email: 'locked@example.kz', password: 'secret123', locked: true, merchants: [OWN_UID] },
    ],
    orders: [],
    ...extra,
  };
}
