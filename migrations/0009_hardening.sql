ALTER TABLE "jobs" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "lost_runs" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kaspi_stores" ADD COLUMN "kaspi_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "token_version" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- hand-written: stores that already hold a cabinet session were linked through a Kaspi login, which
-- proved the merchant; stores without one were added by hand and stay unverified claims.
UPDATE "kaspi_stores" SET "kaspi_verified_at" = coalesce("last_login", "updated_at") WHERE "session_encrypted" IS NOT NULL AND "kaspi_verified_at" IS NULL;
--> statement-breakpoint
-- hand-written: jobs running when this version arrives get one lease (5 minutes) to finish in; after it they are taken back like any lost run.
UPDATE "jobs" SET "lease_until" = now() + interval '5 minutes' WHERE "state" = 'running' AND "lease_until" IS NULL;
