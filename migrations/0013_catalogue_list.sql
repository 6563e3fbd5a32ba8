DROP INDEX "products_user_created_idx";--> statement-breakpoint
DROP INDEX "products_user_idx";--> statement-breakpoint
DROP INDEX "products_user_price_idx";--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "market" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "best_place" integer;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "repriceable" boolean GENERATED ALWAYS AS (external_kaspi_id is not null and not_repriceable_reason is null) STORED;--> statement-breakpoint
CREATE INDEX "products_list_created_idx" ON "products" USING btree ("user_id","created_at","id","store_id","bot_active","kaspi_status","repriceable");--> statement-breakpoint
CREATE INDEX "products_list_updated_idx" ON "products" USING btree ("user_id","updated_at","id","store_id","bot_active","kaspi_status","repriceable");--> statement-breakpoint
CREATE INDEX "products_list_price_idx" ON "products" USING btree ("user_id","price","id","store_id","bot_active","kaspi_status","repriceable");--> statement-breakpoint
CREATE INDEX "products_list_place_idx" ON "products" USING btree ("user_id","best_place","id","store_id","bot_active","kaspi_status","repriceable");--> statement-breakpoint
CREATE INDEX "products_list_name_idx" ON "products" USING btree ("user_id",lower("name"),"id","name","store_id","bot_active","kaspi_status","repriceable");--> statement-breakpoint
CREATE INDEX "products_user_category_idx" ON "products" USING btree ("user_id","category");--> statement-breakpoint
-- Hand-written (catalogue list): backfill products.market and best_place from the repricer's last
-- decision, as ProductChecksRepository.release now writes them (place = actual_position; the cheapest
-- competitor is known only for checks made after this change, so older states give null).
UPDATE "products" SET "market" = (
  SELECT coalesce(jsonb_agg(jsonb_build_object(
    'city_id', c->>'city_id',
    'place', c->'actual_position',
    'cheapest_competitor_price', c->'cheapest_competitor_price',
    'checked_at', "demper_state"->>'checked_at')), '[]'::jsonb)
  FROM jsonb_array_elements("demper_state"->'cities') AS c
), "best_place" = (
  SELECT min((c->>'actual_position')::int)
  FROM jsonb_array_elements("demper_state"->'cities') AS c
  WHERE jsonb_typeof(c->'actual_position') = 'number'
) WHERE jsonb_typeof("demper_state"->'cities') = 'array';
