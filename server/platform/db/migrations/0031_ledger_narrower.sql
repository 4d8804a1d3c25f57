DROP INDEX "cost_line_items_workspace_id_billing_account_id_billing_period_start_index";--> statement-breakpoint
ALTER TABLE "cost_line_items" ALTER COLUMN "extensions" SET DATA TYPE text;