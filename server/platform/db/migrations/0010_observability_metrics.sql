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
ALTER TABLE "metric_rollup_1h" ADD CONSTRAINT "metric_rollup_1h_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_rollup_1h" ADD CONSTRAINT "metric_rollup_1h_series_id_metric_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."metric_series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_rollup_1m" ADD CONSTRAINT "metric_rollup_1m_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_rollup_1m" ADD CONSTRAINT "metric_rollup_1m_series_id_metric_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."metric_series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_series" ADD CONSTRAINT "metric_series_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_rollup_1h_workspace_id_bucket_index" ON "metric_rollup_1h" USING btree ("workspace_id","bucket");--> statement-breakpoint
CREATE INDEX "metric_rollup_1m_workspace_id_bucket_index" ON "metric_rollup_1m" USING btree ("workspace_id","bucket");--> statement-breakpoint
CREATE UNIQUE INDEX "metric_series_identity_idx" ON "metric_series" USING btree ("workspace_id","name","labels_key");--> statement-breakpoint
CREATE INDEX "metric_series_workspace_id_name_index" ON "metric_series" USING btree ("workspace_id","name");