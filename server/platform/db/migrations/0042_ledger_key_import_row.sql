ALTER TABLE "cost_line_items" DROP COLUMN "id";--> statement-breakpoint
DROP INDEX "cost_line_items_import_id_index";--> statement-breakpoint
ALTER TABLE "cost_line_items" ADD CONSTRAINT "cost_line_items_import_id_source_row_pk" PRIMARY KEY("import_id","source_row");
