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
CREATE TABLE "metric_rollup_1h" (
	"workspace_id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	CONSTRAINT "metric_rollup_1h_series_id_bucket_pk" PRIMARY KEY("series_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "metric_rollup_1m" (
	"workspace_id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	CONSTRAINT "metric_rollup_1m_series_id_bucket_pk" PRIMARY KEY("series_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "metric_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"labels" jsonb NOT NULL,
	"labels_key" text NOT NULL,
	"resource_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ingest_keys" ADD CONSTRAINT "ingest_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observability_settings" ADD CONSTRAINT "observability_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_rollup_1h" ADD CONSTRAINT "metric_rollup_1h_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_rollup_1h" ADD CONSTRAINT "metric_rollup_1h_series_id_metric_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."metric_series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_rollup_1m" ADD CONSTRAINT "metric_rollup_1m_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_rollup_1m" ADD CONSTRAINT "metric_rollup_1m_series_id_metric_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."metric_series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_series" ADD CONSTRAINT "metric_series_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ingest_keys_hash_idx" ON "ingest_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "ingest_keys_syslog_port_idx" ON "ingest_keys" USING btree ("syslog_port") WHERE "ingest_keys"."revoked_at" IS NULL AND "ingest_keys"."syslog_port" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "ingest_keys_workspace_id_index" ON "ingest_keys" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "metric_rollup_1h_workspace_id_bucket_index" ON "metric_rollup_1h" USING btree ("workspace_id","bucket");--> statement-breakpoint
CREATE INDEX "metric_rollup_1m_workspace_id_bucket_index" ON "metric_rollup_1m" USING btree ("workspace_id","bucket");--> statement-breakpoint
CREATE UNIQUE INDEX "metric_series_identity_idx" ON "metric_series" USING btree ("workspace_id","name","labels_key");--> statement-breakpoint
CREATE INDEX "metric_series_workspace_id_name_index" ON "metric_series" USING btree ("workspace_id","name");