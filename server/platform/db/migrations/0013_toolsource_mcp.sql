ALTER TABLE "tool_sources" ALTER COLUMN "base_url" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "tool_sources" ADD COLUMN "kind" text DEFAULT 'openapi' NOT NULL;--> statement-breakpoint
ALTER TABLE "tool_sources" ADD COLUMN "command" jsonb;