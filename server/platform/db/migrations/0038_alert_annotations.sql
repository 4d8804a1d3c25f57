ALTER TABLE "alerts" ADD COLUMN "annotations" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- Destinations deleted before their ids were taken out of the rules: those rules could not be saved.
UPDATE "alert_rules" r SET "destination_ids" = (
  SELECT coalesce(jsonb_agg(d), '[]'::jsonb) FROM jsonb_array_elements_text(r."destination_ids") d
  WHERE EXISTS (SELECT 1 FROM "alert_destinations" x WHERE x."id"::text = d))
WHERE jsonb_array_length(r."destination_ids") > 0;--> statement-breakpoint
UPDATE "alert_routing_rules" r SET "destination_ids" = (
  SELECT coalesce(jsonb_agg(d), '[]'::jsonb) FROM jsonb_array_elements_text(r."destination_ids") d
  WHERE EXISTS (SELECT 1 FROM "alert_destinations" x WHERE x."id"::text = d))
WHERE jsonb_array_length(r."destination_ids") > 0;
