-- Existing rows get their store's owner before the column becomes NOT NULL.
ALTER TABLE "products" ADD COLUMN "user_id" uuid;--> statement-breakpoint
UPDATE "products" AS p SET "user_id" = s."user_id" FROM "kaspi_stores" AS s WHERE s."id" = p."store_id";--> statement-breakpoint
ALTER TABLE "products" ALTER COLUMN "user_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "products_user_created_idx" ON "products" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "products_user_idx" ON "products" USING btree ("user_id");
