CREATE TABLE "metric_open_writes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "metric_open_writes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"min_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_rollup_1m_state" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"open_from" timestamp with time zone NOT NULL,
	CONSTRAINT "metric_rollup_1m_state_one_row" CHECK ("metric_rollup_1m_state"."id")
);
