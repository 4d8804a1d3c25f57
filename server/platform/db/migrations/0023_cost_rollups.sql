CREATE TABLE "cost_daily_tag" (
	"workspace_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"day" date NOT NULL,
	"billing_period_start" timestamp with time zone,
	"billing_account_id" text,
	"provider_name" text,
	"service_name" text,
	"billing_currency" text,
	"tag_key" text NOT NULL,
	"tag_value" text NOT NULL,
	"billed_cost" numeric NOT NULL,
	"effective_cost" numeric NOT NULL,
	"list_cost" numeric NOT NULL,
	"contracted_cost" numeric NOT NULL,
	"line_count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cost_monthly_resource" (
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
	"billed_cost" numeric NOT NULL,
	"effective_cost" numeric NOT NULL,
	"list_cost" numeric NOT NULL,
	"contracted_cost" numeric NOT NULL,
	"line_count" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cost_daily_tag" ADD CONSTRAINT "cost_daily_tag_import_id_cost_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."cost_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_monthly_resource" ADD CONSTRAINT "cost_monthly_resource_import_id_cost_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."cost_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cost_daily_tag_workspace_id_tag_key_day_index" ON "cost_daily_tag" USING btree ("workspace_id","tag_key","day");--> statement-breakpoint
CREATE INDEX "cost_daily_tag_import_id_index" ON "cost_daily_tag" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "cost_monthly_resource_workspace_id_day_index" ON "cost_monthly_resource" USING btree ("workspace_id","day");--> statement-breakpoint
CREATE INDEX "cost_monthly_resource_import_id_index" ON "cost_monthly_resource" USING btree ("import_id");--> statement-breakpoint
-- Hand-written backfill (keep when regenerating): ledgers imported before these roll-ups existed.
INSERT INTO "cost_daily_tag" SELECT workspace_id, import_id, day, billing_period_start, billing_account_id, provider_name, service_name, billing_currency, t.key, t.value, sum(billed_cost), sum(effective_cost), sum(list_cost), sum(contracted_cost), sum(line_count) FROM "cost_daily_resource", jsonb_each_text(tags) AS t(key, value) WHERE tags IS NOT NULL GROUP BY workspace_id, import_id, day, billing_period_start, billing_account_id, provider_name, service_name, billing_currency, t.key, t.value;--> statement-breakpoint
INSERT INTO "cost_monthly_resource" SELECT workspace_id, import_id, date_trunc('month', day)::date, billing_period_start, billing_account_id, billing_account_name, sub_account_id, sub_account_name, provider_name, service_name, service_category, region_id, charge_category, pricing_category, billing_currency, resource_id, resource_name, resource_type, sum(billed_cost), sum(effective_cost), sum(list_cost), sum(contracted_cost), sum(line_count) FROM "cost_daily_resource" GROUP BY workspace_id, import_id, date_trunc('month', day)::date, billing_period_start, billing_account_id, billing_account_name, sub_account_id, sub_account_name, provider_name, service_name, service_category, region_id, charge_category, pricing_category, billing_currency, resource_id, resource_name, resource_type;
