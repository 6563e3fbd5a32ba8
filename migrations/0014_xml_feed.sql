CREATE TABLE "store_feed_pulls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"pulled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" integer NOT NULL,
	"bytes" integer NOT NULL,
	"offers" integer
);
--> statement-breakpoint
CREATE TABLE "store_feeds" (
	"store_id" uuid PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"modified_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "kaspi_stores" ADD COLUMN "feed_token_encrypted" text;--> statement-breakpoint
ALTER TABLE "kaspi_stores" ADD COLUMN "feed_token_hash" text;--> statement-breakpoint
ALTER TABLE "price_history" ADD COLUMN "via" text DEFAULT 'pricefeed' NOT NULL;--> statement-breakpoint
ALTER TABLE "store_demper_settings" ADD COLUMN "feed_mode" text DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE "store_feed_pulls" ADD CONSTRAINT "store_feed_pulls_store_id_kaspi_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."kaspi_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_feeds" ADD CONSTRAINT "store_feeds_store_id_kaspi_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."kaspi_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "store_feed_pulls_store_idx" ON "store_feed_pulls" USING btree ("store_id","pulled_at");--> statement-breakpoint
CREATE UNIQUE INDEX "kaspi_stores_feed_token_hash_key" ON "kaspi_stores" USING btree ("feed_token_hash");