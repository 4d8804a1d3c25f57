CREATE TABLE "metric_rollup_1m_state" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"open_from" timestamp with time zone NOT NULL,
	CONSTRAINT "metric_rollup_1m_state_one_row" CHECK ("metric_rollup_1m_state"."id")
);
