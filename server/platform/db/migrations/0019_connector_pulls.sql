CREATE TABLE "connector_pulls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"job_id" uuid,
	"period_from" timestamp with time zone,
	"period_to" timestamp with time zone,
	"items" integer DEFAULT 0 NOT NULL,
	"import_id" uuid,
	"retries" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "pulls_metrics" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "pulls_costs" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "metrics_pulled_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "connector_pulls" ADD CONSTRAINT "connector_pulls_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connector_pulls" ADD CONSTRAINT "connector_pulls_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connector_pulls_workspace_id_connector_id_created_at_index" ON "connector_pulls" USING btree ("workspace_id","connector_id","created_at");