CREATE TABLE "kaspi_pending_logins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"method" text NOT NULL,
	"state_encrypted" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "kaspi_stores" ADD COLUMN "points" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "kaspi_stores" ADD COLUMN "session_encrypted" text;--> statement-breakpoint
ALTER TABLE "kaspi_stores" ADD COLUMN "credentials_encrypted" text;--> statement-breakpoint
ALTER TABLE "kaspi_stores" ADD COLUMN "kaspi_login" text;--> statement-breakpoint
ALTER TABLE "kaspi_stores" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kaspi_stores" ADD COLUMN "needs_reauth" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "kaspi_stores" ADD COLUMN "reauth_reason" text;--> statement-breakpoint
ALTER TABLE "kaspi_stores" ADD COLUMN "session_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "kaspi_stores" ADD COLUMN "proxy_url_encrypted" text;--> statement-breakpoint
ALTER TABLE "kaspi_pending_logins" ADD CONSTRAINT "kaspi_pending_logins_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kaspi_pending_logins_user_idx" ON "kaspi_pending_logins" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "kaspi_pending_logins_expires_idx" ON "kaspi_pending_logins" USING btree ("expires_at");