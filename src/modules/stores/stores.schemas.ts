import { Type } from 'typebox';
import { listQueryProperties, orderingSchema, pageSchema } from '../../http/pagination.ts';

export const storeOrderingFields = ['name', 'created_at', 'updated_at', 'products_count'] as const;

export const MerchantId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Kaspi merchant uid, e.g. 30141222' });
const StoreName = Type.String({ minLength: 1, maxLength: 200 });
const ApiKey = Type.String({ minLength: 1, maxLength: 500, description: 'Kaspi Shop API token; stored encrypted, never returned' });
const ProxyUrl = Type.String({
  maxLength: 500,
  // Host names and [IPv6] only: anything else (a `$` or `>` in the host) passed before and then broke every Kaspi call of the store.
  pattern: '^https?://([^\\s/\\\\?#@]+@)?([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?/?$',
  description: "HTTP(S) proxy for this store's Kaspi calls, http(s)://[user:pass@]host:port; stored encrypted, never returned",
});

export const StorePoint = Type.Object({
  name: Type.String({ description: 'PP1, PP2, ...' }),
  city_id: Type.Union([Type.String(), Type.Null()]),
  city_name: Type.Union([Type.String(), Type.Null()]),
  enabled: Type.Boolean(),
});

export const Store = Type.Object({
  id: Type.String({ format: 'uuid' }),
  user_id: Type.String({ format: 'uuid' }),
  merchant_id: Type.String(),
  name: Type.String(),
  has_api_key: Type.Boolean(),
  products_count: Type.Integer(),
  last_sync: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  is_active: Type.Boolean(),
  last_login: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** Pickup points, from the cabinet when the shop was linked. */
  points: Type.Array(StorePoint),
  /** Linked through a Kaspi login (a cabinet session is stored). */
  has_session: Type.Boolean(),
  kaspi_login: Type.Union([Type.String(), Type.Null()]),
  /** The session died and renewing it needs the user (SMS); cabinet work for the store is paused. */
  needs_reauth: Type.Boolean(),
  reauth_reason: Type.Union([Type.String(), Type.Null()]),
  has_proxy: Type.Boolean(),
  /** A Kaspi login proved the merchant. False: added by hand, a claim the merchant's verified login takes over. */
  kaspi_verified: Type.Boolean(),
  feed_url: Type.Union([Type.String(), Type.Null()], {
    description: "The store's XML price list for Kaspi (kaspi-protocol.md 5): enter it in the merchant cabinet. Secret: anyone with it reads the price list. POST .../feed/rotate/ replaces it.",
  }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const StoreParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const CreateStoreBody = Type.Object(
  { name: StoreName, merchant_id: MerchantId, api_key: Type.Optional(ApiKey), is_active: Type.Optional(Type.Boolean()), proxy_url: Type.Optional(ProxyUrl) },
  { additionalProperties: false },
);

export const UpdateStoreBody = Type.Object(
  {
    name: Type.Optional(StoreName),
    api_key: Type.Optional(Type.Union([ApiKey, Type.Null()])),
    is_active: Type.Optional(Type.Boolean()),
    proxy_url: Type.Optional(Type.Union([ProxyUrl, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListStoresQuery = Type.Object({ ...listQueryProperties, ordering: orderingSchema(storeOrderingFields) });

export const StorePage = pageSchema(Store);
