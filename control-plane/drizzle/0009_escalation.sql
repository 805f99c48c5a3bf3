CREATE TABLE "rule_pauses" (
	"rule" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"paused_at" timestamp with time zone NOT NULL,
	"paused_by" text NOT NULL,
	"reason" text NOT NULL,
	"numbers" jsonb NOT NULL,
	"alert_id" text,
	"resumed_at" timestamp with time zone,
	"resumed_by" text,
	"resume_reason" text
);
--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "escalation" jsonb;