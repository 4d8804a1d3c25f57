ALTER TABLE "metric_rollup_1h" ADD COLUMN "last_time" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "metric_rollup_1m" ADD COLUMN "last_time" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "metric_series" ADD COLUMN "is_delta" boolean DEFAULT false NOT NULL;