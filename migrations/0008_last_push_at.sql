ALTER TABLE "products" ADD COLUMN "last_push_at" timestamp with time zone;--> statement-breakpoint
-- Rows written before this column existed: their last edit is the best bound we have for the last push.
UPDATE "products" SET "last_push_at" = "updated_at" WHERE "last_push_at" IS NULL;
