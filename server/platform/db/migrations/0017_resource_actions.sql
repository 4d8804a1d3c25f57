CREATE TABLE "resource_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"action" text NOT NULL,
	"status" text NOT NULL,
	"detail" text NOT NULL,
	"state_after" text,
	"created_native_id" text,
	"actor_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "resource_actions" ADD CONSTRAINT "resource_actions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_actions" ADD CONSTRAINT "resource_actions_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "resource_actions_resource_id_created_at_index" ON "resource_actions" USING btree ("resource_id","created_at");--> statement-breakpoint
CREATE INDEX "resource_actions_workspace_id_created_at_index" ON "resource_actions" USING btree ("workspace_id","created_at");