import { Type } from 'typebox';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const MarketParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const MarketQuery = Type.Object({
  city: Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$', description: 'One city (KATO id) where the shop sells; default: all of them' })),
});

const MarketOffer = Type.Object({
  merchant_id: Type.String({ description: 'A number or a word ("Sulpak"), always as a string' }),
  merchant_name: Nullable(Type.String()),
  price: Type.Integer(),
  rating: Nullable(Type.Number({ description: 'null for merchants without reviews' })),
  reviews: Type.Integer(),
  delivery_duration: Type.String({ description: 'EXPRESS, TODAY, TOMORROW, TILL_2_DAYS, TILL_3_DAYS, TILL_5_DAYS, TILL_7_DAYS or OTHER' }),
  kaspi_delivery: Type.Boolean(),
  preorder_days: Type.Integer({ description: '0 = in stock' }),
  is_ours: Type.Boolean({ description: "This product's shop" }),
});

const CityMarket = Type.Object({
  city_id: Type.String(),
  city_name: Nullable(Type.String()),
  offers: Type.Array(MarketOffer, { description: "Kaspi's order: cheapest first, better rating first at equal price" }),
  our_position: Nullable(Type.Integer({ minimum: 1, description: '1-based; null when our offer is not listed in this city' })),
  our_price: Nullable(Type.Integer()),
  cheapest_competitor: Nullable(
    Type.Object(
      { merchant_id: Type.String(), merchant_name: Nullable(Type.String()), price: Type.Integer(), position: Type.Integer() },
      { description: "Excludes our shop and the seller's other shops" },
    ),
  ),
  total: Type.Integer(),
  fetched_at: Type.String({ format: 'date-time', description: 'When Kaspi was read (answers are cached briefly and shared)' }),
});

export const ProductMarket = Type.Object({
  product_id: Type.String({ format: 'uuid' }),
  store_id: Type.String({ format: 'uuid' }),
  merchant_id: Type.String(),
  external_kaspi_id: Type.String(),
  cities: Type.Array(CityMarket),
});
