ALTER TABLE "jobs" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "lost_runs" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- hand-written: jobs running when this version arrives get one lease (5 minutes) to finish in; after it they are taken back like any lost run.
UPDATE "jobs" SET "lease_until" = now() + interval '5 minutes' WHERE "state" = 'running' AND "lease_until" IS NULL;
