CREATE TABLE "inventory_compliance_daily" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"rule" text NOT NULL,
	"findings" integer NOT NULL,
	"resources" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_compliance_daily_workspace_id_day_rule_pk" PRIMARY KEY("workspace_id","day","rule")
);
--> statement-breakpoint
CREATE TABLE "inventory_resource_cost_windows" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"ledger_version" text NOT NULL,
	"from_day" date,
	"to_day" date,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_resource_costs" (
	"workspace_id" uuid NOT NULL,
	"cost_resource_id" text NOT NULL,
	"currency" text NOT NULL,
	"effective_cost" numeric NOT NULL,
	"billed_cost" numeric NOT NULL,
	CONSTRAINT "inventory_resource_costs_workspace_id_cost_resource_id_pk" PRIMARY KEY("workspace_id","cost_resource_id")
);
--> statement-breakpoint
ALTER TABLE "inventory_compliance_daily" ADD CONSTRAINT "inventory_compliance_daily_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_resource_cost_windows" ADD CONSTRAINT "inventory_resource_cost_windows_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_resource_costs" ADD CONSTRAINT "inventory_resource_costs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inventory_resource_costs_workspace_id_effective_cost_index" ON "inventory_resource_costs" USING btree ("workspace_id","effective_cost");