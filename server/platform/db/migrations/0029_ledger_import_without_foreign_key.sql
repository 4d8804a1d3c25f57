ALTER TABLE "cost_line_items" DROP CONSTRAINT "cost_line_items_import_id_cost_imports_id_fk";
