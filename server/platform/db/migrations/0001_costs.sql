CREATE TABLE "cost_daily" (
	"workspace_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"day" date NOT NULL,
	"billing_period_start" timestamp with time zone,
	"billing_account_id" text,
	"billing_account_name" text,
	"sub_account_id" text,
	"sub_account_name" text,
	"provider_name" text,
	"service_name" text,
	"service_category" text,
	"region_id" text,
	"charge_category" text,
	"pricing_category" text,
	"billing_currency" text,
	"billed_cost" numeric NOT NULL,
	"effective_cost" numeric NOT NULL,
	"list_cost" numeric NOT NULL,
	"contracted_cost" numeric NOT NULL,
	"line_count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cost_daily_resource" (
	"workspace_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"day" date NOT NULL,
	"billing_period_start" timestamp with time zone,
	"billing_account_id" text,
	"billing_account_name" text,
	"sub_account_id" text,
	"sub_account_name" text,
	"provider_name" text,
	"service_name" text,
	"service_category" text,
	"region_id" text,
	"charge_category" text,
	"pricing_category" text,
	"billing_currency" text,
	"resource_id" text,
	"resource_name" text,
	"resource_type" text,
	"tags" jsonb,
	"billed_cost" numeric NOT NULL,
	"effective_cost" numeric NOT NULL,
	"list_cost" numeric NOT NULL,
	"contracted_cost" numeric NOT NULL,
	"line_count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cost_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"imported_by" uuid,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"container" text NOT NULL,
	"bytes" integer NOT NULL,
	"rows" integer NOT NULL,
	"status" text NOT NULL,
	"periods" jsonb NOT NULL,
	"conformance" jsonb,
	"replaced_rows" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cost_line_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"source_row" integer NOT NULL,
	"availability_zone" text,
	"billed_cost" numeric,
	"billing_account_id" text,
	"billing_account_name" text,
	"billing_account_type" text,
	"billing_currency" text,
	"billing_period_end" timestamp with time zone,
	"billing_period_start" timestamp with time zone,
	"capacity_reservation_id" text,
	"capacity_reservation_status" text,
	"charge_category" text,
	"charge_class" text,
	"charge_description" text,
	"charge_frequency" text,
	"charge_period_end" timestamp with time zone,
	"charge_period_start" timestamp with time zone,
	"commitment_discount_category" text,
	"commitment_discount_id" text,
	"commitment_discount_name" text,
	"commitment_discount_quantity" numeric,
	"commitment_discount_status" text,
	"commitment_discount_type" text,
	"commitment_discount_unit" text,
	"consumed_quantity" numeric,
	"consumed_unit" text,
	"contracted_cost" numeric,
	"contracted_unit_price" numeric,
	"effective_cost" numeric,
	"invoice_id" text,
	"invoice_issuer_name" text,
	"list_cost" numeric,
	"list_unit_price" numeric,
	"pricing_category" text,
	"pricing_currency" text,
	"pricing_currency_contracted_unit_price" numeric,
	"pricing_currency_effective_cost" numeric,
	"pricing_currency_list_unit_price" numeric,
	"pricing_quantity" numeric,
	"pricing_unit" text,
	"provider_name" text,
	"publisher_name" text,
	"region_id" text,
	"region_name" text,
	"resource_id" text,
	"resource_name" text,
	"resource_type" text,
	"service_category" text,
	"service_name" text,
	"service_subcategory" text,
	"sku_id" text,
	"sku_meter" text,
	"sku_price_details" jsonb,
	"sku_price_id" text,
	"sub_account_id" text,
	"sub_account_name" text,
	"sub_account_type" text,
	"tags" jsonb,
	"extensions" jsonb
);
--> statement-breakpoint
ALTER TABLE "cost_daily" ADD CONSTRAINT "cost_daily_import_id_cost_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."cost_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_daily_resource" ADD CONSTRAINT "cost_daily_resource_import_id_cost_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."cost_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_imports" ADD CONSTRAINT "cost_imports_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_imports" ADD CONSTRAINT "cost_imports_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_line_items" ADD CONSTRAINT "cost_line_items_import_id_cost_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."cost_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cost_daily_workspace_id_day_index" ON "cost_daily" USING btree ("workspace_id","day");--> statement-breakpoint
CREATE INDEX "cost_daily_import_id_index" ON "cost_daily" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "cost_daily_resource_workspace_id_day_index" ON "cost_daily_resource" USING btree ("workspace_id","day");--> statement-breakpoint
CREATE INDEX "cost_daily_resource_import_id_index" ON "cost_daily_resource" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "cost_imports_workspace_id_created_at_index" ON "cost_imports" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "cost_line_items_workspace_id_billing_account_id_billing_period_start_index" ON "cost_line_items" USING btree ("workspace_id","billing_account_id","billing_period_start");--> statement-breakpoint
CREATE INDEX "cost_line_items_workspace_id_charge_period_start_index" ON "cost_line_items" USING btree ("workspace_id","charge_period_start");--> statement-breakpoint
CREATE INDEX "cost_line_items_import_id_index" ON "cost_line_items" USING btree ("import_id");