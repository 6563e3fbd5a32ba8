/**
 * What an admin's write through the ordinary API becomes in the audit log: an action named after the
 * route (`PATCH /products/:id/` -> `product.update`, `POST /products/update_price/` ->
 * `product.update_price`), its target, and the body with every secret left out.
 */

/** A write request an admin made on data of other users, as the HTTP edge saw it. */
export interface AdminWrite {
  method: string;
  /** The route's pattern, e.g. `/api/v1/products/:id/`. */
  route: string;
  params: Record<string, string>;
  body: unknown;
  statusCode: number;
  /** The users whose data the request reached, other than the admin. */
  owners: string[];
}

const VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

/** Body keys whose values never reach the log (passwords, tokens, proxy credentials, SMS codes, cookies). */
const SECRET_KEY = /pass|secret|token|api_key|proxy|cookie|credential|code|session/i;
const MAX_STRING = 200;
const MAX_ITEMS = 50;
const MAX_DEPTH = 4;

export function describeWrite(write: AdminWrite): { action: string; targetType: string; targetId: string | null; details: Record<string, unknown> } {
  const segments = write.route
    .replace(/^\/api\/v1\//, '')
    .replace(/^kaspi\/(?=stores\/)/, '')
    .split('/')
    .filter(Boolean);
  const [collection = 'api', ...rest] = segments;
  const targetType = collection.endsWith('s') ? collection.slice(0, -1) : collection;
  const named = rest.filter((s) => !s.startsWith(':'));
  const verb = VERBS[write.method] ?? write.method.toLowerCase();
  const action = [targetType, ...named, ...(named.length === 0 || write.method !== 'POST' ? [verb] : [])].join('.');
  const body = isPlainObject(write.body) ? write.body : undefined;
  const targetId = write.params['id'] ?? stringField(body, 'product_id') ?? stringField(body, 'store_id') ?? null;
  return {
    action,
    targetType,
    targetId,
    details: {
      request: `${write.method} ${write.route}`,
      status: write.statusCode,
      owner_ids: write.owners,
      ...(body !== undefined && { body: redact(body, 0) }),
    },
  };
}

/** A copy of a JSON value with secrets replaced and its size bounded. */
export function redact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => redact(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… ${value.length - MAX_ITEMS} more`] : items;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value).slice(0, MAX_ITEMS)) out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function stringField(body: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = body?.[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}
