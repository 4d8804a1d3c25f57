CREATE TABLE "incident_triage" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"alert_id" uuid,
	"status" text NOT NULL,
	"summary" text,
	"likely_cause" text,
	"related_changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"runbook_page_id" uuid,
	"runbook_title" text,
	"next_steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"model" text,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_routing_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"match" jsonb NOT NULL,
	"assignee_user_id" uuid,
	"destination_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"continue_matching" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "assignee_user_id" uuid;--> statement-breakpoint
ALTER TABLE "incident_triage" ADD CONSTRAINT "incident_triage_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_triage" ADD CONSTRAINT "incident_triage_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_routing_rules" ADD CONSTRAINT "alert_routing_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_routing_rules" ADD CONSTRAINT "alert_routing_rules_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_triage_incident_id_index" ON "incident_triage" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_triage_workspace_id_index" ON "incident_triage" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "alert_routing_rules_workspace_id_position_index" ON "alert_routing_rules" USING btree ("workspace_id","position");--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;