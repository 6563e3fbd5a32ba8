/** Small readers for Kaspi's loosely typed JSON: every field may be absent, null, a string or a number. */

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Ids come as strings or numbers ("Sulpak" or 30141222); blank means absent. */
export function idString(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return null;
}

export function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/**
 * A price in whole tenge: a number (12990 or 12990.0), a numeric string, or (quirk) an object
 * `{"value": n}`. Fractions are rounded: Kaspi prices are integers, floats are only its JSON.
 */
export function tenge(v: unknown): number | null {
  if (isObject(v)) return tenge(v['value'] ?? v['amount']);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

/** A non-negative integer count (stock, days); absent or malformed reads as the fallback. */
export function count(v: unknown, fallback = 0): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback;
}

/** The list inside a paged answer, wherever this version of the endpoint put it. */
export function listIn(body: unknown, keys: readonly string[]): unknown[] | null {
  if (Array.isArray(body)) return body;
  if (!isObject(body)) return null;
  for (const key of keys) {
    const value = body[key];
    if (Array.isArray(value)) return value;
  }
  return null;
}
