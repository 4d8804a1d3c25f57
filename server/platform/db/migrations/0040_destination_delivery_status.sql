ALTER TABLE "alert_destinations" ADD COLUMN "last_delivery_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alert_destinations" ADD COLUMN "last_delivery_error" text;