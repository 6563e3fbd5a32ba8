import { Type } from 'typebox';
import { listQueryProperties, orderingSchema, pageSchema } from '../../http/pagination.ts';

export const storeOrderingFields = ['name', 'created_at', 'updated_at', 'products_count'] as const;

export const MerchantId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Kaspi merchant uid, e.g. 30141222' });
const StoreName = Type.String({ minLength: 1, maxLength: 200 });
const ApiKey = Type.String({ minLength: 1, maxLength: 500, description: 'Kaspi Shop API token; stored encrypted, never returned' });

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
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const StoreParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const CreateStoreBody = Type.Object(
  { name: StoreName, merchant_id: MerchantId, api_key: Type.Optional(ApiKey), is_active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const UpdateStoreBody = Type.Object(
  { name: Type.Optional(StoreName), api_key: Type.Optional(Type.Union([ApiKey, Type.Null()])), is_active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const ListStoresQuery = Type.Object({ ...listQueryProperties, ordering: orderingSchema(storeOrderingFields) });

export const StorePage = pageSchema(Store);
