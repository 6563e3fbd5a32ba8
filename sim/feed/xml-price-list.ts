import { SaxesParser } from 'saxes';
import { cityIndex } from '../world/cities.ts';
import type { PointAvailability, PriceState } from '../world/own-offer.ts';
import type { OwnMerchant } from '../world/world.ts';

/**
 * Kaspi's XML price list (kaspi-protocol.md 5) as Kaspi reads it when it pulls a seller's URL: the
 * document is checked whole (namespace, root, element order, attribute values) and refused with a
 * reason when anything is off; a valid one gives each listed offer its whole new state.
 */

export const KASPI_NS = 'kaspiShopping';

export interface FeedOfferState {
  sku: string;
  model: string;
  brand: string;
  price: number | null;
  cityPrices: Map<string, number>;
  availability: Map<string, PointAvailability>;
}

export type ParsedPriceList = { ok: true; merchantId: string; date: string; offers: Map<string, FeedOfferState> } | { ok: false; reason: string };

interface El {
  name: string;
  uri: string;
  attrs: Map<string, string>;
  children: El[];
  text: string;
}

class Invalid extends Error {}

function tree(xml: string): El {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: El[] = [];
  let root: El | undefined;
  let error: string | undefined;
  parser.on('error', (err) => {
    error ??= err.message;
  });
  parser.on('opentag', (tag) => {
    const attrs = new Map<string, string>();
    for (const a of Object.values(tag.attributes)) if (typeof a === 'object' && a.prefix !== 'xmlns' && a.name !== 'xmlns') attrs.set(a.name, a.value);
    const el: El = { name: tag.local, uri: tag.uri, attrs, children: [], text: '' };
    if (stack.length) stack.at(-1)!.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (text) => {
    if (stack.length) stack.at(-1)!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (error) throw new Invalid(`not well-formed XML: ${error}`);
  if (!root) throw new Invalid('no root element');
  return root;
}

const INTEGER = /^[0-9]+$/;

function int(value: string, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const trimmed = value.trim();
  if (!INTEGER.test(trimmed)) throw new Invalid(`${what} must be a whole number (got "${value}")`);
  const n = Number(trimmed);
  if (n < min || n > max) throw new Invalid(`${what} must be ${min}..${max === Number.MAX_SAFE_INTEGER ? '' : max} (got ${n})`);
  return n;
}

function onlyAttrs(el: El, allowed: string[], where: string): void {
  for (const name of el.attrs.keys()) if (!allowed.includes(name) && !name.startsWith('xsi:')) throw new Invalid(`${where}: unexpected attribute ${name}`);
}

/** Element names of `el`'s children, in Kaspi's namespace only. */
function kids(el: El, where: string): El[] {
  for (const c of el.children) if (c.uri !== KASPI_NS) throw new Invalid(`${where}: <${c.name}> is not in the ${KASPI_NS} namespace`);
  return el.children;
}

const OFFER_ORDER = ['model', 'brand', 'availabilities', 'price', 'cityprices'];
const MANDATORY = ['model', 'brand', 'availabilities'];

function offerOf(el: El, points: ReadonlySet<string>): FeedOfferState {
  const sku = el.attrs.get('sku') ?? '';
  if (!sku.trim()) throw new Invalid('an <offer> has no sku');
  const where = `offer ${sku}`;
  onlyAttrs(el, ['sku'], where);
  const children = kids(el, where);
  let last = -1;
  const byName = new Map<string, El>();
  for (const c of children) {
    const at = OFFER_ORDER.indexOf(c.name);
    if (at < 0) throw new Invalid(`${where}: unexpected <${c.name}>`);
    if (at <= last) throw new Invalid(`${where}: <${c.name}> out of order or repeated (order: ${OFFER_ORDER.join(', ')})`);
    last = at;
    byName.set(c.name, c);
  }
  for (const name of MANDATORY) if (!byName.has(name)) throw new Invalid(`${where}: <${name}> is mandatory`);
  const availability = new Map<string, PointAvailability>();
  for (const a of kids(byName.get('availabilities')!, where)) {
    if (a.name !== 'availability') throw new Invalid(`${where}: unexpected <${a.name}> in <availabilities>`);
    onlyAttrs(a, ['available', 'storeId', 'preOrder', 'stockCount'], where);
    const storeId = a.attrs.get('storeId') ?? '';
    if (!points.has(storeId)) throw new Invalid(`${where}: unknown storeId "${storeId}" (the XML names the point, e.g. PP1)`);
    if (availability.has(storeId)) throw new Invalid(`${where}: storeId ${storeId} listed twice`);
    const available = a.attrs.get('available');
    if (available !== 'yes' && available !== 'no') throw new Invalid(`${where}: available must be "yes" or "no" at ${storeId}`);
    const preOrder = a.attrs.has('preOrder') ? int(a.attrs.get('preOrder')!, `${where}: preOrder at ${storeId}`, 0, 30) : 0;
    const stock = a.attrs.has('stockCount') ? int(a.attrs.get('stockCount')!, `${where}: stockCount at ${storeId}`, 0) : available === 'yes' ? 1 : 0;
    availability.set(storeId, { available: available === 'yes', stockCount: stock, preOrder });
  }
  const priceEl = byName.get('price');
  const price = priceEl ? int(priceEl.text, `${where}: price`, 10) : null;
  const cityPrices = new Map<string, number>();
  for (const c of byName.has('cityprices') ? kids(byName.get('cityprices')!, where) : []) {
    if (c.name !== 'cityprice') throw new Invalid(`${where}: unexpected <${c.name}> in <cityprices>`);
    const cityId = c.attrs.get('cityId') ?? '';
    if (cityIndex(cityId) < 0) throw new Invalid(`${where}: unknown cityId "${cityId}"`);
    if (cityPrices.has(cityId)) throw new Invalid(`${where}: city ${cityId} priced twice`);
    cityPrices.set(cityId, int(c.text, `${where}: price in city ${cityId}`, 10));
  }
  return { sku, model: byName.get('model')!.text, brand: byName.get('brand')!.text, price, cityPrices, availability };
}

/** Reads and checks a price list for `merchant`; any fault refuses the whole document. */
export function parsePriceList(xml: string, merchant: Pick<OwnMerchant, 'id' | 'points'>): ParsedPriceList {
  try {
    const root = tree(xml);
    if (root.name !== 'kaspi_catalog' || root.uri !== KASPI_NS) throw new Invalid(`the root must be <kaspi_catalog xmlns="${KASPI_NS}"> (got <${root.name}> in "${root.uri}")`);
    const date = root.attrs.get('date') ?? '';
    if (!date || Number.isNaN(Date.parse(date))) throw new Invalid('<kaspi_catalog> needs a date attribute (ISO 8601)');
    const top = kids(root, 'kaspi_catalog');
    if (top.map((c) => c.name).join(',') !== 'company,merchantid,offers')
      throw new Invalid(`<kaspi_catalog> must hold <company>, <merchantid>, <offers> in that order (got ${top.map((c) => c.name).join(', ')})`);
    const merchantId = top[1]!.text.trim();
    if (merchantId !== merchant.id) throw new Invalid(`merchantid ${merchantId} is not this shop's (${merchant.id})`);
    const points = new Set(merchant.points.map((p) => p.name));
    const offers = new Map<string, FeedOfferState>();
    for (const el of kids(top[2]!, 'offers')) {
      if (el.name !== 'offer') throw new Invalid(`unexpected <${el.name}> in <offers>`);
      const offer = offerOf(el, points);
      if (offers.has(offer.sku)) throw new Invalid(`sku ${offer.sku} listed twice`);
      offers.set(offer.sku, offer);
    }
    return { ok: true, merchantId, date, offers };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, reason: err.message };
    throw err;
  }
}

/**
 * The state Kaspi gives an offer from its entry in the list: its availability replaced by the listed
 * points (others: no); its prices replaced when the entry has any (a base price alone applies in every
 * city; city prices alone bring their lowest as the base), kept when it has none.
 */
export function stateFromFeed(entry: FeedOfferState, current: PriceState, pointNames: readonly string[]): PriceState {
  const availability = new Map(pointNames.map((name) => [name, entry.availability.get(name) ?? { available: false, stockCount: 0, preOrder: 0 }]));
  if (entry.price === null && entry.cityPrices.size === 0) return { price: current.price, cityPrices: current.cityPrices, availability };
  const price = entry.price ?? Math.min(...entry.cityPrices.values());
  return { price, cityPrices: new Map(entry.cityPrices), availability };
}

/** An offer missing from the list goes off sale (kaspi-protocol.md 5): every point unavailable. */
export function offSale(current: PriceState): PriceState {
  return { ...current, availability: new Map([...current.availability].map(([name, a]) => [name, { ...a, available: false }])) };
}

export function sameState(a: PriceState, b: PriceState): boolean {
  if (a.price !== b.price || a.cityPrices.size !== b.cityPrices.size || a.availability.size !== b.availability.size) return false;
  for (const [city, price] of a.cityPrices) if (b.cityPrices.get(city) !== price) return false;
  for (const [name, x] of a.availability) {
    const y = b.availability.get(name);
    if (!y || y.available !== x.available || y.preOrder !== x.preOrder || y.stockCount !== x.stockCount) return false;
  }
  return true;
}
