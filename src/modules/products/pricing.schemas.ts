import { Type } from 'typebox';
import { listQueryProperties, pageSchema } from '../../http/pagination.ts';
import { Price } from './products.schemas.ts';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const UpdatePriceBody = Type.Object(
  {
    product_id: Type.String({ format: 'uuid' }),
    price: Price,
    city_id: Type.Optional(Type.String({ minLength: 1, description: 'Only this city gets the price (the other cities keep theirs); without it, every city does' })),
  },
  { additionalProperties: false },
);

const CityPrice = Type.Object({ city_id: Type.String(), price: Type.Integer() });

export const UpdatePriceResponse = Type.Object({
  success: Type.Boolean(),
  message: Type.String(),
  product_id: Type.String({ format: 'uuid' }),
  old_price: Nullable(Type.Integer()),
  price: Type.Integer(),
  city_prices: Type.Array(CityPrice, { description: 'Every city price after the change (all set to the manual price unless city_id was given)' }),
});

export const PriceHistoryParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const PriceHistoryQuery = Type.Object({ page: listQueryProperties.page, page_size: listQueryProperties.page_size });

export const PriceHistoryEntry = Type.Object({
  id: Type.String({ format: 'uuid' }),
  product_id: Type.String({ format: 'uuid' }),
  store_id: Type.String({ format: 'uuid' }),
  city_id: Nullable(Type.String({ description: 'null: the base price' })),
  old_price: Nullable(Type.Integer()),
  new_price: Type.Integer(),
  source: Type.String({ description: 'manual or demper' }),
  reason: Type.String(),
  strategy: Nullable(Type.String()),
  competitor_price: Nullable(Type.Integer()),
  position: Nullable(Type.Integer()),
  status: Type.String({
    description:
      'sending (the demper is calling Kaspi), pushed (Kaspi accepted it, or via feed: the XML feed lists it), applied (seen on the storefront), superseded (accepted, then replaced by a newer change before it showed) or failed',
  }),
  via: Type.String({ description: 'pricefeed (the pricefeed call) or feed (the XML price list Kaspi pulls every 30-60 min)' }),
  error: Nullable(Type.String()),
  approved_by: Nullable(Type.String({ format: 'uuid', description: "Approval mode: the user who approved the demper's proposal this change carries out" })),
  proposal_id: Nullable(Type.String({ format: 'uuid', description: 'Approval mode: the proposal this change carries out' })),
  created_at: Type.String({ format: 'date-time' }),
});

export const PriceHistoryPage = pageSchema(PriceHistoryEntry);
