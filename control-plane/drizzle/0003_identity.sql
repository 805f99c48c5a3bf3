ALTER TABLE "hosts" ADD COLUMN "reported_labels" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "enrollment_tokens" ADD COLUMN "reprovision" boolean DEFAULT false NOT NULL;