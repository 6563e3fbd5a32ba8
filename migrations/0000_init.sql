CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"store_id" uuid,
	"type" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"progress" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"result" jsonb,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kaspi_stores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"merchant_id" text NOT NULL,
	"name" text NOT NULL,
	"api_key_encrypted" text,
	"products_count" integer DEFAULT 0 NOT NULL,
	"last_sync" timestamp with time zone,
	"is_active" boolean DEFAULT true NOT NULL,
	"last_login" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "preorders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"store_id" uuid NOT NULL,
	"article" text NOT NULL,
	"name" text NOT NULL,
	"brand" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"status_reason" text,
	"price" integer,
	"warehouses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"delivery_days" integer DEFAULT 30 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "preorders_delivery_days_check" CHECK ("preorders"."delivery_days" between 1 and 30),
	CONSTRAINT "preorders_price_check" CHECK ("preorders"."price" is null or "preorders"."price" >= 10)
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"kaspi_product_id" text,
	"kaspi_sku" text NOT NULL,
	"external_kaspi_id" text,
	"name" text NOT NULL,
	"category" text,
	"brand" text,
	"image_url" text,
	"price" integer,
	"min_price" integer,
	"max_price" integer,
	"step" integer DEFAULT 1 NOT NULL,
	"strategy" text DEFAULT 'beat_first' NOT NULL,
	"strategy_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"bot_active" boolean DEFAULT false NOT NULL,
	"last_check_time" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_price_check" CHECK ("products"."price" is null or "products"."price" >= 10),
	CONSTRAINT "products_min_price_check" CHECK ("products"."min_price" is null or "products"."min_price" >= 10),
	CONSTRAINT "products_max_price_check" CHECK ("products"."max_price" is null or "products"."max_price" >= 10),
	CONSTRAINT "products_min_max_check" CHECK ("products"."min_price" is null or "products"."max_price" is null or "products"."min_price" <= "products"."max_price"),
	CONSTRAINT "products_step_check" CHECK ("products"."step" >= 1)
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_store_id_kaspi_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."kaspi_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kaspi_stores" ADD CONSTRAINT "kaspi_stores_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preorders" ADD CONSTRAINT "preorders_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preorders" ADD CONSTRAINT "preorders_store_id_kaspi_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."kaspi_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_store_id_kaspi_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."kaspi_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jobs_state_idx" ON "jobs" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "jobs_store_type_idx" ON "jobs" USING btree ("store_id","type","state");--> statement-breakpoint
CREATE UNIQUE INDEX "kaspi_stores_merchant_id_key" ON "kaspi_stores" USING btree ("merchant_id");--> statement-breakpoint
CREATE INDEX "kaspi_stores_user_id_idx" ON "kaspi_stores" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "preorders_product_store_key" ON "preorders" USING btree ("product_id","store_id");--> statement-breakpoint
CREATE INDEX "preorders_store_created_idx" ON "preorders" USING btree ("store_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "products_store_sku_key" ON "products" USING btree ("store_id","kaspi_sku");--> statement-breakpoint
CREATE UNIQUE INDEX "products_store_offer_key" ON "products" USING btree ("store_id","kaspi_product_id") WHERE "products"."kaspi_product_id" is not null;--> statement-breakpoint
CREATE INDEX "products_store_created_idx" ON "products" USING btree ("store_id","created_at");--> statement-breakpoint
CREATE INDEX "products_store_name_idx" ON "products" USING btree ("store_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");