-- Custom migration (drizzle-kit generate --custom): what drizzle's schema cannot express.
-- 1. resource_facet_counts is kept by statement-level triggers on resources, so every writer
--    (discovery, demo data, tag write-back, imports) keeps it right without knowing about it.
--    Each statement adds its new rows and subtracts its old rows per (dimensions, tag key); the
--    net-zero groups (a scan only touching last_seen_at) write nothing. Rows are upserted in key
--    order so concurrent writers lock them in the same order. Rows of a workspace being deleted
--    are skipped: its tally was purged first (workspace-purge.ts) and the cascade that follows
--    must not write it back as negative counts.
CREATE OR REPLACE FUNCTION resource_facet_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO resource_facet_counts AS c (workspace_id, connector_id, provider, type, region, state, is_deleted, tag_key, n)
    SELECT d.workspace_id, d.connector_id, d.provider, d.type, d.region, d.state, d.deleted_at IS NOT NULL, k.tag_key, count(*)::int
    FROM new_rows d CROSS JOIN LATERAL (SELECT '' AS tag_key UNION ALL
      SELECT jsonb_object_keys(CASE WHEN jsonb_typeof(d.tags) = 'object' THEN d.tags ELSE '{}'::jsonb END)) k
    WHERE EXISTS (SELECT 1 FROM workspaces w WHERE w.id = d.workspace_id)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 8, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT resource_facet_counts_key DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO resource_facet_counts AS c (workspace_id, connector_id, provider, type, region, state, is_deleted, tag_key, n)
    SELECT d.workspace_id, d.connector_id, d.provider, d.type, d.region, d.state, d.deleted_at IS NOT NULL, k.tag_key, -count(*)::int
    FROM old_rows d CROSS JOIN LATERAL (SELECT '' AS tag_key UNION ALL
      SELECT jsonb_object_keys(CASE WHEN jsonb_typeof(d.tags) = 'object' THEN d.tags ELSE '{}'::jsonb END)) k
    WHERE EXISTS (SELECT 1 FROM workspaces w WHERE w.id = d.workspace_id)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 8, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT resource_facet_counts_key DO UPDATE SET n = c.n + excluded.n;
  ELSE
    INSERT INTO resource_facet_counts AS c (workspace_id, connector_id, provider, type, region, state, is_deleted, tag_key, n)
    SELECT d.workspace_id, d.connector_id, d.provider, d.type, d.region, d.state, d.is_deleted, k.tag_key, sum(d.delta)::int
    FROM (SELECT workspace_id, connector_id, provider, type, region, state, deleted_at IS NOT NULL AS is_deleted, tags, 1 AS delta FROM new_rows
          UNION ALL
          SELECT workspace_id, connector_id, provider, type, region, state, deleted_at IS NOT NULL, tags, -1 FROM old_rows) d
    CROSS JOIN LATERAL (SELECT '' AS tag_key UNION ALL
      SELECT jsonb_object_keys(CASE WHEN jsonb_typeof(d.tags) = 'object' THEN d.tags ELSE '{}'::jsonb END)) k
    WHERE EXISTS (SELECT 1 FROM workspaces w WHERE w.id = d.workspace_id)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(d.delta) <> 0 ORDER BY 1, 8, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT resource_facet_counts_key DO UPDATE SET n = c.n + excluded.n;
  END IF;
  DELETE FROM resource_facet_counts WHERE n = 0;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER resources_facet_counts_insert AFTER INSERT ON resources
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION resource_facet_counts_apply();
--> statement-breakpoint
CREATE TRIGGER resources_facet_counts_update AFTER UPDATE ON resources
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION resource_facet_counts_apply();
--> statement-breakpoint
CREATE TRIGGER resources_facet_counts_delete AFTER DELETE ON resources
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION resource_facet_counts_apply();
--> statement-breakpoint
INSERT INTO resource_facet_counts (workspace_id, connector_id, provider, type, region, state, is_deleted, tag_key, n)
SELECT d.workspace_id, d.connector_id, d.provider, d.type, d.region, d.state, d.deleted_at IS NOT NULL, k.tag_key, count(*)::int
FROM resources d CROSS JOIN LATERAL (SELECT '' AS tag_key UNION ALL
  SELECT jsonb_object_keys(CASE WHEN jsonb_typeof(d.tags) = 'object' THEN d.tags ELSE '{}'::jsonb END)) k
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
-- 2. Trigram indexes for `q` (substring ILIKE on name, native id, cost ResourceId), only where
--    pg_trgm can be had: bundled with PGlite (loaded in database.ts), trusted on PostgreSQL 13+
--    (the database owner may create it). Without it the same ILIKE query scans: still correct.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm unavailable, inventory text search will scan: %', SQLERRM;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX IF NOT EXISTS resources_name_trgm ON resources USING gin (name gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS resources_native_id_trgm ON resources USING gin (native_id gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS resources_cost_resource_id_trgm ON resources USING gin (cost_resource_id gin_trgm_ops);
  END IF;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'trigram indexes not created, inventory text search will scan: %', SQLERRM;
END
$$;
