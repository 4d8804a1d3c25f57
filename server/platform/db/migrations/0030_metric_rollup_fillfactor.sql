-- Roll-up rows are updated in place by every ingest request that touches their bucket. Pages
-- left half free let those updates stay on the page (HOT): no new index entries, and dead
-- versions pruned on the page without VACUUM (PGlite has no autovacuum). Applies to new pages.
ALTER TABLE "metric_rollup_1m" SET (fillfactor = 50);--> statement-breakpoint
ALTER TABLE "metric_rollup_1h" SET (fillfactor = 50);
