CREATE TABLE "connectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"name" text NOT NULL,
	"regions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"endpoint" text,
	"secret_name" text NOT NULL,
	"credentials_method" text NOT NULL,
	"credentials_hint" text NOT NULL,
	"account" text,
	"is_scheduled" boolean DEFAULT true NOT NULL,
	"last_scan_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"scan_id" uuid,
	"kind" text NOT NULL,
	"diff" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_relations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"type" text NOT NULL,
	"target_native_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connector_id" uuid,
	"provider" text NOT NULL,
	"account" text NOT NULL,
	"region" text NOT NULL,
	"scope" text NOT NULL,
	"type" text NOT NULL,
	"native_type" text NOT NULL,
	"native_id" text NOT NULL,
	"name" text NOT NULL,
	"state" text,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"native_created_at" timestamp with time zone,
	"cost_resource_id" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inventory_scans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"job_id" uuid,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"resources_seen" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"modified" integer DEFAULT 0 NOT NULL,
	"deleted" integer DEFAULT 0 NOT NULL,
	"retries" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inventory_tag_policies" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"required_tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_changes" ADD CONSTRAINT "resource_changes_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_relations" ADD CONSTRAINT "resource_relations_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_scans" ADD CONSTRAINT "inventory_scans_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_scans" ADD CONSTRAINT "inventory_scans_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_tag_policies" ADD CONSTRAINT "inventory_tag_policies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "connectors_workspace_id_name_index" ON "connectors" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE INDEX "resource_changes_workspace_id_at_index" ON "resource_changes" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE INDEX "resource_changes_resource_id_at_index" ON "resource_changes" USING btree ("resource_id","at");--> statement-breakpoint
CREATE INDEX "resource_relations_resource_id_index" ON "resource_relations" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "resource_relations_workspace_id_target_native_id_index" ON "resource_relations" USING btree ("workspace_id","target_native_id");--> statement-breakpoint
CREATE UNIQUE INDEX "resources_workspace_id_connector_id_native_id_index" ON "resources" USING btree ("workspace_id","connector_id","native_id");--> statement-breakpoint
CREATE INDEX "resources_workspace_id_name_id_index" ON "resources" USING btree ("workspace_id","name","id");--> statement-breakpoint
CREATE INDEX "resources_workspace_id_type_index" ON "resources" USING btree ("workspace_id","type");--> statement-breakpoint
CREATE INDEX "resources_workspace_id_provider_index" ON "resources" USING btree ("workspace_id","provider");--> statement-breakpoint
CREATE INDEX "resources_workspace_id_cost_resource_id_index" ON "resources" USING btree ("workspace_id","cost_resource_id");--> statement-breakpoint
CREATE INDEX "resources_connector_id_scope_index" ON "resources" USING btree ("connector_id","scope");--> statement-breakpoint
CREATE INDEX "inventory_scans_workspace_id_connector_id_created_at_index" ON "inventory_scans" USING btree ("workspace_id","connector_id","created_at");