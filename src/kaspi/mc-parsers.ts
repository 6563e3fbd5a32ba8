/**
 * Pure parsers for the merchant cabinet's answers. Each accepts every shape seen in the wild
 * (kaspi-protocol.md 2.1, 2.2) and throws KaspiShapeError on anything it cannot read, so an
 * unexpected page is an error and never "no merchants".
 */

export interface MerchantRef {
  uid: string;
  name: string | null;
}

export interface MerchantPoint {
  /** PP1, PP2, ... */
  name: string;
  id: string | null;
  cityId: string | null;
  cityName: string | null;
  enabled: boolean;
  virtual: boolean;
}

export interface MerchantDetails {
  uid: string;
  name: string;
  logoUrl: string | null;
  points: MerchantPoint[];
}

export class KaspiShapeError extends Error {
  override name = 'KaspiShapeError';
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Ids come as strings or numbers; blank means absent. */
function idString(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return null;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/**
 * `GET /s/m`: `{"merchants":[{"uid":"30141222",...}]}`. Also read: a bare array; the list under
 * `data`/`items`/`content`; a single `merchant` object; a merchant's id as `uid`, `id` or
 * `merchantUid`, string or number. Duplicates are dropped, order kept.
 */
export function parseMerchantList(body: unknown): MerchantRef[] {
  let list: unknown;
  if (Array.isArray(body)) list = body;
  else if (isObject(body)) {
    list = body['merchants'] ?? body['data'] ?? body['items'] ?? body['content'];
    if (list === undefined && isObject(body['merchant'])) list = [body['merchant']];
    if (isObject(list) && Array.isArray((list as Json)['merchants'])) list = (list as Json)['merchants'];
  }
  if (!Array.isArray(list)) throw new KaspiShapeError('the merchant list has no merchants array');
  const seen = new Set<string>();
  const merchants: MerchantRef[] = [];
  for (const item of list) {
    const uid = isObject(item) ? idString(item['uid'] ?? item['id'] ?? item['merchantUid'] ?? item['merchantId']) : idString(item);
    if (!uid || seen.has(uid)) continue;
    seen.add(uid);
    merchants.push({ uid, name: isObject(item) ? text(item['name'] ?? item['merchantName']) : null });
  }
  return merchants;
}

/**
 * `POST /mc/facade/graphql?opName=getMerchant`: `{"data":{"merchant":{...}}}`. Also read: the merchant
 * at the top level or under `merchant` without `data`; `points` absent or null (no pickup points);
 * a point's city absent, or as `cityId`/`cityName`; `enabled` absent (true); a point without a name
 * named from its id's `_PPn` suffix. A null merchant (GraphQL `errors`, no access) is an error.
 */
export function parseMerchantDetails(body: unknown, expectedUid: string): MerchantDetails {
  if (!isObject(body)) throw new KaspiShapeError('getMerchant answered no JSON object');
  const data = isObject(body['data']) ? body['data'] : body;
  const merchant = isObject(data['merchant']) ? data['merchant'] : isObject(data) && 'points' in data && 'name' in data ? data : null;
  if (!merchant) {
    const errors = Array.isArray(body['errors']) ? body['errors'] : [];
    const message = errors
      .map((e) => (isObject(e) ? text(e['message']) : null))
      .filter(Boolean)
      .join('; ');
    throw new KaspiShapeError(`getMerchant returned no merchant${message ? `: ${message}` : ''}`);
  }
  const uid = idString(merchant['id'] ?? merchant['uid']) ?? expectedUid;
  const logo = merchant['logo'];
  const rawPoints = Array.isArray(merchant['points']) ? merchant['points'] : [];
  const points: MerchantPoint[] = [];
  for (const p of rawPoints) {
    if (!isObject(p)) continue;
    const id = idString(p['id']);
    const name = text(p['name']) ?? (id ? (/_(PP\d+)$/i.exec(id)?.[1] ?? null) : null);
    if (!name) continue;
    const city = isObject(p['city']) ? p['city'] : {};
    points.push({
      name,
      id,
      cityId: idString(city['id'] ?? p['cityId']),
      cityName: text(city['name'] ?? p['cityName']),
      enabled: p['enabled'] === undefined || p['enabled'] === null ? true : p['enabled'] === true || p['enabled'] === 'true',
      virtual: p['virtual'] === true,
    });
  }
  return {
    uid,
    name: text(merchant['name']) ?? uid,
    logoUrl: isObject(logo) ? text(logo['url']) : text(logo),
    points,
  };
}
