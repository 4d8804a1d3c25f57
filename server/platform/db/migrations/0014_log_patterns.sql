CREATE TABLE "log_pattern_hours" (
	"workspace_id" uuid NOT NULL,
	"pattern_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "log_pattern_hours_pattern_id_hour_pk" PRIMARY KEY("pattern_id","hour")
);
--> statement-breakpoint
CREATE TABLE "log_pattern_miners" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"cursor" bigint DEFAULT 0 NOT NULL,
	"batches" integer DEFAULT 0 NOT NULL,
	"lines_mined" bigint DEFAULT 0 NOT NULL,
	"baseline_at" timestamp with time zone,
	"snapshot" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "log_patterns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"service" text NOT NULL,
	"template_id" text NOT NULL,
	"template" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"level" text NOT NULL,
	"example" text NOT NULL,
	"is_new" boolean DEFAULT false NOT NULL,
	"discovered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "log_pattern_hours" ADD CONSTRAINT "log_pattern_hours_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "log_pattern_hours" ADD CONSTRAINT "log_pattern_hours_pattern_id_log_patterns_id_fk" FOREIGN KEY ("pattern_id") REFERENCES "public"."log_patterns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "log_pattern_miners" ADD CONSTRAINT "log_pattern_miners_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "log_patterns" ADD CONSTRAINT "log_patterns_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "log_pattern_hours_workspace_id_hour_index" ON "log_pattern_hours" USING btree ("workspace_id","hour");--> statement-breakpoint
CREATE UNIQUE INDEX "log_patterns_workspace_id_service_template_id_index" ON "log_patterns" USING btree ("workspace_id","service","template_id");--> statement-breakpoint
CREATE INDEX "log_patterns_workspace_id_discovered_at_index" ON "log_patterns" USING btree ("workspace_id","discovered_at");