CREATE TABLE "rollouts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"from_ruleset_version" integer,
	"to_ruleset_version" integer,
	"to_model_version" text,
	"stages" jsonb NOT NULL,
	"gate" jsonb NOT NULL,
	"stage_index" integer DEFAULT 0 NOT NULL,
	"stage_started_at" timestamp with time zone NOT NULL,
	"reason" text,
	"last_gate" jsonb,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_from_ruleset_version_ruleset_versions_version_fk" FOREIGN KEY ("from_ruleset_version") REFERENCES "public"."ruleset_versions"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_to_ruleset_version_ruleset_versions_version_fk" FOREIGN KEY ("to_ruleset_version") REFERENCES "public"."ruleset_versions"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_to_model_version_models_version_fk" FOREIGN KEY ("to_model_version") REFERENCES "public"."models"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rollouts_one_active_per_kind_idx" ON "rollouts" USING btree ("kind") WHERE state in ('running', 'paused');--> statement-breakpoint
CREATE INDEX "rollouts_created_idx" ON "rollouts" USING btree ("created_at" DESC NULLS LAST);