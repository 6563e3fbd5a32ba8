ALTER TABLE "products" ADD COLUMN "schedule" jsonb;--> statement-breakpoint
ALTER TABLE "store_demper_settings" ADD COLUMN "scheduler" text DEFAULT 'adaptive' NOT NULL;--> statement-breakpoint
ALTER TABLE "store_demper_settings" ADD COLUMN "max_interval_seconds" integer DEFAULT 3600 NOT NULL;