CREATE TABLE "metric_rollup_1h_state" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"open_from" timestamp with time zone NOT NULL,
	CONSTRAINT "metric_rollup_1h_state_one_row" CHECK ("metric_rollup_1h_state"."id")
);
--> statement-breakpoint
CREATE VIEW "public"."metric_rollup_hourly" AS (SELECT workspace_id, series_id, bucket, count::bigint AS count, sum, min, max
  FROM metric_rollup_1h
  WHERE bucket < coalesce((SELECT open_from FROM metric_rollup_1h_state), 'infinity')
  UNION ALL
  SELECT workspace_id, series_id, date_bin('1 hour', bucket, timestamptz '2000-01-01 00:00:00+00') AS bucket,
    sum(count)::bigint AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max
  FROM metric_rollup_1m
  WHERE bucket >= coalesce((SELECT open_from FROM metric_rollup_1h_state), 'infinity')
  GROUP BY workspace_id, series_id, date_bin('1 hour', bucket, timestamptz '2000-01-01 00:00:00+00'));