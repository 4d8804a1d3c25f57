CREATE TABLE "ingest_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"default_service" text NOT NULL,
	"resource_id" uuid,
	"syslog_port" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "observability_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"log_retention_days" integer DEFAULT 14 NOT NULL,
	"metric_retention_days" integer DEFAULT 30 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ingest_keys" ADD CONSTRAINT "ingest_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observability_settings" ADD CONSTRAINT "observability_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ingest_keys_hash_idx" ON "ingest_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "ingest_keys_syslog_port_idx" ON "ingest_keys" USING btree ("syslog_port") WHERE "ingest_keys"."revoked_at" IS NULL AND "ingest_keys"."syslog_port" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "ingest_keys_workspace_id_index" ON "ingest_keys" USING btree ("workspace_id");