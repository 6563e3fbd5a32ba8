CREATE TABLE "demper_stats" (
	"store_id" uuid NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"checks" integer DEFAULT 0 NOT NULL,
	"changes" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "demper_stats_store_id_minute_pk" PRIMARY KEY("store_id","minute")
);
--> statement-breakpoint
CREATE TABLE "store_demper_settings" (
	"store_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"check_interval_seconds" integer DEFAULT 300 NOT NULL,
	"priority_interval_seconds" integer DEFAULT 60 NOT NULL,
	"work_hours_start" text,
	"work_hours_end" text,
	"default_step" integer DEFAULT 1 NOT NULL,
	"default_strategy" text DEFAULT 'beat_first' NOT NULL,
	"ignored_merchant_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rails" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"paused_until" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "price_history" ADD COLUMN "actual_position" integer;--> statement-breakpoint
ALTER TABLE "price_history" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "priority" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "city_rules" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "rules" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "demper_state" jsonb;--> statement-breakpoint
ALTER TABLE "demper_stats" ADD CONSTRAINT "demper_stats_store_id_kaspi_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."kaspi_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_demper_settings" ADD CONSTRAINT "store_demper_settings_store_id_kaspi_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."kaspi_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "products_demper_due_idx" ON "products" USING btree ("next_check_at" NULLS FIRST) WHERE "products"."bot_active";