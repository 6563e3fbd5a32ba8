ALTER TABLE "preorders" ADD COLUMN "pushed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "preorders" ADD COLUMN "verify_deadline" timestamp with time zone;