ALTER TABLE "kaspi_stores" ADD COLUMN "kaspi_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "token_version" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- hand-written: stores that already hold a cabinet session were linked through a Kaspi login, which
-- proved the merchant; stores without one were added by hand and stay unverified claims.
UPDATE "kaspi_stores" SET "kaspi_verified_at" = coalesce("last_login", "updated_at") WHERE "session_encrypted" IS NOT NULL AND "kaspi_verified_at" IS NULL;
