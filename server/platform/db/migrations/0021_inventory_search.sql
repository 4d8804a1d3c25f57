CREATE TABLE "resource_facet_counts" (
	"workspace_id" uuid NOT NULL,
	"connector_id" uuid,
	"provider" text NOT NULL,
	"type" text NOT NULL,
	"region" text NOT NULL,
	"state" text,
	"is_deleted" boolean NOT NULL,
	"tag_key" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "resource_facet_counts_key" UNIQUE NULLS NOT DISTINCT("workspace_id","tag_key","connector_id","provider","type","region","state","is_deleted")
);
--> statement-breakpoint
CREATE INDEX "resources_workspace_id_type_name_id_index" ON "resources" USING btree ("workspace_id","type","name","id");--> statement-breakpoint
CREATE INDEX "resources_workspace_id_provider_name_id_index" ON "resources" USING btree ("workspace_id","provider","name","id");--> statement-breakpoint
CREATE INDEX "resources_tags_gin" ON "resources" USING gin ("tags");