CREATE TABLE "host_keys" (
	"connector_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"key_type" text NOT NULL,
	"fingerprint" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scrape_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"job" text NOT NULL,
	"interval_seconds" integer NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"connector_id" uuid,
	"resource_id" uuid,
	"next_scrape_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_scrape_at" timestamp with time zone,
	"last_duration_ms" integer,
	"last_error" text,
	"last_samples" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "host_keys" ADD CONSTRAINT "host_keys_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "host_keys" ADD CONSTRAINT "host_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrape_targets" ADD CONSTRAINT "scrape_targets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrape_targets" ADD CONSTRAINT "scrape_targets_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scrape_targets_url_idx" ON "scrape_targets" USING btree ("workspace_id","url");--> statement-breakpoint
CREATE UNIQUE INDEX "scrape_targets_connector_idx" ON "scrape_targets" USING btree ("connector_id");--> statement-breakpoint
CREATE INDEX "scrape_targets_is_enabled_next_scrape_at_index" ON "scrape_targets" USING btree ("is_enabled","next_scrape_at");