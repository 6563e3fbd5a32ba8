CREATE TABLE "price_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"city_id" text,
	"old_price" integer,
	"new_price" integer NOT NULL,
	"source" text NOT NULL,
	"reason" text NOT NULL,
	"strategy" text,
	"competitor_price" integer,
	"position" integer,
	"status" text DEFAULT 'pushed' NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "city_prices" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "availabilities" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "shop_link" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "kaspi_status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "not_repriceable_reason" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "last_synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "card" jsonb;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "card_refreshed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "price_history" ADD CONSTRAINT "price_history_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_history" ADD CONSTRAINT "price_history_store_id_kaspi_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."kaspi_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "price_history_product_idx" ON "price_history" USING btree ("product_id","created_at");--> statement-breakpoint
CREATE INDEX "price_history_store_idx" ON "price_history" USING btree ("store_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_active_dedupe_key" ON "jobs" USING btree ("dedupe_key") WHERE "jobs"."state" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "products_external_idx" ON "products" USING btree ("external_kaspi_id");