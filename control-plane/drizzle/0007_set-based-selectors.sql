ALTER TABLE "overrides" ADD COLUMN "requirements" jsonb;--> statement-breakpoint
ALTER TABLE "model_assignments" ADD COLUMN "requirements" jsonb;