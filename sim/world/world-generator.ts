import { CITIES } from './cities.ts';
import { ListingStore, NEVER } from './listing-store.ts';
import { Prng } from './prng.ts';
import { type Merchant, World } from './world.ts';
import { behaviourFields, buildOwnMerchant } from './world-loader.ts';
import { type AccountSpec, type BehaviourSpec, DELIVERY_DURATIONS, type GenerateParams, ORDER_STATES, type OrderSpec, type OwnMerchantSpec } from './world-types.ts';

export const DEFAULT_GENERATE: Required<Omit<GenerateParams, 'behaviourMix'>> & { behaviourMix: Required<NonNullable<GenerateParams['behaviourMix']>> } = {
  seed: 1,
  products: 200,
  competitorsPerProduct: 5,
  cities: 3,
  cityCoverage: 1,
  ownOffers: 50,
  behaviourMix: { dumper: 0.1, follower: 0.05, randomWalk: 0.05 },
  churn: 0.02,
  orders: 40,
  tickMs: 1000,
};

/** Our shop in every generated world (the uid of the protocol document's examples). */
export const OWN_UID = '30141222';
/** A second shop on the same account: an account can hold several merchants. */
export const OWN_UID_2 = '30141223';

/** Accounts of every generated world; tests log in with these. */
export const DEFAULT_ACCOUNTS: AccountSpec[] = [
  { email: 'seller@example.kz', password: 'secret123', phone: '77001234567', smsRequired: false, merchants: [OWN_UID, OWN_UID_2] },
  { email: 'sms@example.kz', password: 'secret123', phone: '77007654321', smsRequired: true, merchants: [OWN_UID] },
  { email: 'locked@example.kz', password: 'secret123', phone: '77000000000', locked: true, merchants: [OWN_UID] },
];

const BRANDS = ['Samsung', 'Apple', 'Xiaomi', 'LG', 'Bosch', 'Philips', 'Tefal', 'Sony', 'Lenovo', 'HP', 'Huawei', 'Redmond', 'Polaris', 'Braun', 'Dyson', 'Canon'];
const NOUNS = ['Смартфон', 'Ноутбук', 'Телевизор', 'Пылесос', 'Чайник', 'Наушники', 'Фен', 'Утюг', 'Монитор', 'Планшет', 'Мультиварка', 'Холодильник', 'Кофемашина', 'Роутер'];
const CATEGORIES = ['Smartphones', 'Notebooks', 'TV', 'Vacuum cleaners', 'Kettles', 'Headphones', 'Hair dryers', 'Irons', 'Monitors', 'Tablets'];
const NAMED_MERCHANTS = ['Sulpak', 'Technodom', 'Mechta', 'Alser', 'Evrika', 'Belyi_veter'];

/**
 * Generates a world from a seed. Everything random comes from one Prng in a fixed order, so the same
 * parameters always give the same world, listing for listing. Listings go straight into typed arrays.
 */
export function generateWorld(input: GenerateParams, now: number): World {
  const p = { ...DEFAULT_GENERATE, ...input, behaviourMix: { ...DEFAULT_GENERATE.behaviourMix, ...input.behaviourMix } };
  const rng = new Prng(p.seed);
  const cityCount = Math.max(1, Math.min(CITIES.length, p.cities));

  const merchantCount = Math.max(40, p.competitorsPerProduct * 4);
  const merchants: Merchant[] = [];
  for (let i = 0; i < merchantCount; i++) {
    const named = i < NAMED_MERCHANTS.length;
    const noReviews = rng.chance(0.1);
    merchants.push({
      // (quirk) merchant ids are mostly digits, some are words ("Sulpak").
      id: named ? NAMED_MERCHANTS[i]! : String(1000000 + i * 7919),
      name: named ? NAMED_MERCHANTS[i]! : `Shop ${i}`,
      rating: noReviews ? 0 : Math.round((3 + rng.next() * 2) * 10) / 10,
      reviews: noReviews ? 0 : rng.int(1, 5000),
      deliveryDuration: rng.pick(DELIVERY_DURATIONS),
      kaspiDelivery: rng.chance(0.7),
    });
  }

  const n = Math.max(1, p.products);
  const products = { ids: new Array<string>(n), titles: new Array<string>(n), brands: new Array<string>(n), categories: new Array<string>(n) };
  const basePrice = new Int32Array(n);
  const store = new ListingStore(Math.max(1024, n * p.competitorsPerProduct * cityCount));
  const chosen = new Set<number>();
  const { dumper, follower, randomWalk } = p.behaviourMix;
  for (let i = 0; i < n; i++) {
    const brand = rng.pick(BRANDS);
    products.ids[i] = String(100000000 + i);
    products.brands[i] = brand;
    products.titles[i] = `${brand} ${rng.pick(NOUNS)} ${String.fromCharCode(65 + rng.int(0, 25))}${rng.int(10, 999)}`;
    products.categories[i] = rng.pick(CATEGORIES);
    const base = Math.round(Math.exp(Math.log(1000) + rng.next() * (Math.log(500000) - Math.log(1000))) / 10) * 10;
    basePrice[i] = base;
    chosen.clear();
    const k = Math.min(p.competitorsPerProduct, merchantCount);
    while (chosen.size < k) chosen.add(rng.int(0, merchantCount - 1));
    const sellers = [...chosen].sort((a, b) => a - b);
    for (let city = 0; city < cityCount; city++) {
      for (const merchant of sellers) {
        if (p.cityCoverage < 1 && !rng.chance(p.cityCoverage)) continue;
        const price = Math.max(10, Math.round(base * (0.95 + rng.next() * 0.2)));
        const r = rng.next();
        const behaviour: BehaviourSpec =
          r < dumper
            ? { kind: 'dumper', step: rng.pick([1, 5, 10, 50]), every: rng.int(5, 30), floor: Math.max(10, Math.round(price * 0.85)) }
            : r < dumper + follower
              ? { kind: 'follower', step: rng.pick([1, 10, 50]), every: rng.int(5, 30), floor: Math.max(10, Math.round(price * 0.85)), ceiling: Math.round(price * 1.15) }
              : r < dumper + follower + randomWalk
                ? { kind: 'random-walk', step: Math.max(1, Math.round(price * 0.005)), every: rng.int(3, 20), floor: Math.max(10, Math.round(price * 0.9)), ceiling: Math.round(price * 1.1) }
                : { kind: 'static' };
        let appear = 0;
        let leave = NEVER;
        if (rng.chance(p.churn)) {
          if (rng.chance(0.5)) appear = rng.int(60, 3600);
          else leave = rng.int(60, 3600);
        }
        store.push({ product: i, merchant, city, price, preorder: rng.chance(0.05) ? rng.int(1, 10) : 0, ...behaviourFields(behaviour, price), appear, leave });
      }
    }
  }
  store.finish(n);

  const pointCities = CITIES.slice(0, Math.min(cityCount, 3));
  const ownSpec = (uid: string, name: string, count: number, offset: number): OwnMerchantSpec => ({
    uid,
    name,
    points: pointCities.map((c, i) => ({ name: `PP${i + 1}`, cityId: c.id })),
    apiToken: `sim-token-${uid}`,
    offers: Array.from({ length: count }, (_, j) => {
      const product = Math.floor(((j + offset) * n) / Math.max(1, p.ownOffers)) % n;
      return {
        sku: `${uid === OWN_UID ? 'SKU' : 'SKU2'}-${j + 1}`,
        // (quirk) every 25th offer is not linked to a product card: no shopLink, cannot be repriced.
        ...(j % 25 === 24 ? {} : { productId: products.ids[product]! }),
        model: products.titles[product]!,
        brand: products.brands[product]!,
        category: products.categories[product]!,
        price: Math.round(basePrice[product]! * 1.05),
      };
    }),
  });
  const own1 = ownSpec(OWN_UID, 'Demo Shop', Math.min(p.ownOffers, n), 0);
  const own2 = ownSpec(OWN_UID_2, 'Demo Shop Outlet', Math.min(Math.ceil(p.ownOffers / 10), n), 0.5);
  const productIndex = new Map(products.ids.map((id, i) => [id, i]));
  const own = new Map([
    [OWN_UID, buildOwnMerchant(own1, productIndex, now)],
    [OWN_UID_2, buildOwnMerchant(own2, productIndex, now)],
  ]);

  const orders: OrderSpec[] = [];
  for (let i = 0; i < p.orders; i++) {
    const offer = own1.offers[rng.int(0, Math.max(0, own1.offers.length - 1))];
    const quantity = rng.int(1, 3);
    const basePriceOfOffer = offer?.price ?? 1000;
    orders.push({
      id: String(500000000 + i),
      code: String(700000000 + rng.int(0, 99999999)),
      merchantUid: OWN_UID,
      state: rng.pick(ORDER_STATES),
      // Spread over the last 30 days so the 14-day window matters.
      creationDate: now - rng.int(0, 30 * 24 * 3600) * 1000,
      totalPrice: basePriceOfOffer * quantity,
      entries: [{ sku: offer?.sku ?? 'SKU-1', quantity, basePrice: basePriceOfOffer }],
    });
  }
  return new World(
    p.seed,
    p.tickMs,
    now,
    products,
    merchants,
    store,
    own,
    DEFAULT_ACCOUNTS.map((a) => ({ ...a, merchants: [...a.merchants] })),
    orders,
  );
}
