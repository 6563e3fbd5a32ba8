/**
 * Kaspi's XML price list (kaspi-protocol.md 5), written as a stream of text chunks: nothing but the
 * current batch of offers is held, so 50,000 offers cost the same memory as 500. Element order is
 * Kaspi's: model, brand, availabilities, price, cityprices.
 */

export interface FeedAvailability {
  /** PP1, PP2, ... (the XML uses the point's name; the pricefeed JSON uses `<uid>_PP1`). */
  storeId: string;
  available: 'yes' | 'no';
  preOrder?: number;
  stockCount?: number;
}

export interface FeedOffer {
  sku: string;
  model: string;
  brand: string;
  availabilities: FeedAvailability[];
  /** Absent for an offer with no price of its own yet (it stays listed: a missing offer goes off sale). */
  price?: number;
  cityPrices: { cityId: string; value: number }[];
}

export interface FeedHeader {
  /** The list's date: when its content last changed, written in Almaty time (UTC+5). */
  date: Date;
  company: string;
  merchantId: string;
}

// XML 1.0 allows tab, newline, carriage return and U+0020 upwards except lone surrogates and U+FFFE/F.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML forbids
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPED = /[&<>"']/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text or attribute value: characters XML cannot carry are dropped, markup characters escaped. */
export function xmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(ESCAPED, (c) => ENTITY[c]!);
}

/** `2026-09-21T10:00:00+05:00`: the protocol's example writes Almaty time with its offset. */
export function almatyTimestamp(date: Date): string {
  const shifted = new Date(Math.floor(date.getTime() / 1000) * 1000 + 5 * 3_600_000);
  return `${shifted.toISOString().slice(0, 19)}+05:00`;
}

export function feedHead(header: FeedHeader): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<kaspi_catalog date="${almatyTimestamp(header.date)}" xmlns="kaspiShopping" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="kaspiShopping http://kaspi.kz/kaspishopping.xsd">\n` +
    `<company>${xmlText(header.company)}</company>\n<merchantid>${xmlText(header.merchantId)}</merchantid>\n<offers>\n`
  );
}

export const FEED_TAIL = '</offers>\n</kaspi_catalog>\n';

export function offerXml(offer: FeedOffer): string {
  let xml = `<offer sku="${xmlText(offer.sku)}"><model>${xmlText(offer.model)}</model><brand>${xmlText(offer.brand)}</brand><availabilities>`;
  for (const a of offer.availabilities) {
    xml += `<availability available="${a.available}" storeId="${xmlText(a.storeId)}"`;
    if (a.preOrder) xml += ` preOrder="${a.preOrder}"`;
    if (a.stockCount !== undefined) xml += ` stockCount="${a.stockCount}"`;
    xml += '/>';
  }
  xml += '</availabilities>';
  if (offer.price !== undefined) xml += `<price>${offer.price}</price>`;
  if (offer.cityPrices.length) {
    xml += '<cityprices>';
    for (const c of offer.cityPrices) xml += `<cityprice cityId="${xmlText(c.cityId)}">${c.value}</cityprice>`;
    xml += '</cityprices>';
  }
  return `${xml}</offer>\n`;
}

/**
 * The whole document as chunks of about `chunkChars` characters: the head, the offers batch by batch
 * (each batch read only when the consumer asks for more), and the tail.
 */
export async function* feedChunks(header: FeedHeader, batches: AsyncIterable<FeedOffer[]>, chunkChars = 64 * 1024): AsyncGenerator<string> {
  let chunk = feedHead(header);
  for await (const batch of batches) {
    for (const offer of batch) {
      chunk += offerXml(offer);
      if (chunk.length >= chunkChars) {
        yield chunk;
        chunk = '';
      }
    }
  }
  yield chunk + FEED_TAIL;
}
