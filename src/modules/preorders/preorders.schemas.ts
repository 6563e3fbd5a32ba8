import { Type } from 'typebox';
import { listQueryProperties, orderingSchema, pageSchema } from '../../http/pagination.ts';
import { preorderStatuses } from '../../infra/db/schema.ts';
import { Price } from '../products/index.ts';

export const preorderOrderingFields = ['name', 'price', 'updated_at', 'created_at'] as const;

const Warehouse = Type.Object(
  {
    point: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Pickup point name, e.g. PP1' }),
    quantity: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Stock offered on preorder at this point' }),
  },
  { additionalProperties: false },
);
const Warehouses = Type.Array(Warehouse, { maxItems: 200 });
const DeliveryDays = Type.Integer({ minimum: 1, maximum: 30, description: 'Days until the buyer receives it (1-30)' });

export const Preorder = Type.Object({
  id: Type.String({ format: 'uuid' }),
  product_id: Type.String({ format: 'uuid' }),
  store_id: Type.String({ format: 'uuid' }),
  article: Type.String(),
  name: Type.String(),
  brand: Type.Union([Type.String(), Type.Null()]),
  price: Type.Union([Type.Integer(), Type.Null()]),
  warehouses: Type.Array(Type.Object({ point: Type.String(), quantity: Type.Integer() })),
  delivery_days: Type.Integer(),
  status: Type.String(),
  status_reason: Type.Union([Type.String(), Type.Null()]),
  pushed_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const PreorderParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const CreatePreorderBody = Type.Object(
  {
    product_id: Type.String({ format: 'uuid' }),
    store_id: Type.Optional(Type.String({ format: 'uuid', description: "Optional; must be the product's store" })),
    warehouses: Type.Optional(Warehouses),
    delivery_days: Type.Optional(DeliveryDays),
    price: Type.Optional(Price),
  },
  { additionalProperties: false },
);

export const UpdatePreorderBody = Type.Object(
  { warehouses: Type.Optional(Warehouses), delivery_days: Type.Optional(DeliveryDays), price: Type.Optional(Type.Union([Price, Type.Null()])) },
  { additionalProperties: false, minProperties: 1 },
);

export const ListPreordersQuery = Type.Object({
  ...listQueryProperties,
  ordering: orderingSchema(preorderOrderingFields),
  store_id: Type.Optional(Type.String({ format: 'uuid' })),
  status: Type.Optional(Type.Enum(preorderStatuses)),
});

export const PreorderPage = pageSchema(Preorder);

const BatchItem = Type.Object({ product_id: Type.String({ format: 'uuid' }), warehouses: Type.Optional(Warehouses), delivery_days: Type.Optional(DeliveryDays) }, { additionalProperties: false });

/** Each item is pushed to Kaspi in turn within the write budget (~1.5/s), hence the cap. */
export const BatchPreordersBody = Type.Object({ store_id: Type.String({ format: 'uuid' }), items: Type.Array(BatchItem, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false });

export const BatchPreordersResponse = Type.Array(Preorder);

export const StoreQuery = Type.Object({ store_id: Type.String({ format: 'uuid' }) });

export const UploadPriceListBody = Type.Object({ store_id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export const UploadPriceListResponse = Type.Object({
  store_id: Type.String({ format: 'uuid' }),
  rows: Type.Integer({ description: 'Preorders in the uploaded file' }),
  kaspi: Type.Unknown({ description: "Kaspi's answer, as it sent it" }),
});
