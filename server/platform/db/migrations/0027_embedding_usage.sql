ALTER TABLE "ai_usage" ADD COLUMN "kind" text DEFAULT 'chat' NOT NULL;--> statement-breakpoint
ALTER TABLE "search_settings" ADD COLUMN "price_per_million" numeric;