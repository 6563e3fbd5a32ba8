CREATE TABLE "price_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"changes" jsonb NOT NULL,
	"market" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fingerprint" text NOT NULL,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stale_reason" text,
	"detail" text,
	"decided_by" uuid,
	"decided_via" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "price_history" ADD COLUMN "approved_by" uuid;--> statement-breakpoint
ALTER TABLE "price_history" ADD COLUMN "proposal_id" uuid;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "approval_mode" text;--> statement-breakpoint
ALTER TABLE "store_demper_settings" ADD COLUMN "approval_mode" text DEFAULT 'auto' NOT NULL;--> statement-breakpoint
ALTER TABLE "price_proposals" ADD CONSTRAINT "price_proposals_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_proposals" ADD CONSTRAINT "price_proposals_store_id_kaspi_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."kaspi_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_proposals" ADD CONSTRAINT "price_proposals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_proposals" ADD CONSTRAINT "price_proposals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "price_proposals_store_idx" ON "price_proposals" USING btree ("store_id","status","created_at");--> statement-breakpoint
CREATE INDEX "price_proposals_product_idx" ON "price_proposals" USING btree ("product_id","created_at");--> statement-breakpoint
ALTER TABLE "price_history" ADD CONSTRAINT "price_history_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_history" ADD CONSTRAINT "price_history_proposal_id_price_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."price_proposals"("id") ON DELETE set null ON UPDATE no action;