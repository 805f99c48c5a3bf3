CREATE TABLE "model_assignments" (
	"id" text PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"selector" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"model_version" text NOT NULL,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cleared_at" timestamp with time zone,
	"cleared_by" text
);
--> statement-breakpoint
CREATE TABLE "models" (
	"version" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"meta" jsonb NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "model_assignments" ADD CONSTRAINT "model_assignments_model_version_models_version_fk" FOREIGN KEY ("model_version") REFERENCES "public"."models"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_assignments_active_idx" ON "model_assignments" USING btree ("cleared_at","created_at");