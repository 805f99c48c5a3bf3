CREATE TABLE "agent_release_assignments" (
	"id" text PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"selector" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"release_version" text NOT NULL,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cleared_at" timestamp with time zone,
	"cleared_by" text
);
--> statement-breakpoint
CREATE TABLE "agent_releases" (
	"version" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"manifest" jsonb NOT NULL,
	"signature" text,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agent_upgrade_reports" (
	"host_id" text NOT NULL,
	"id" text NOT NULL,
	"from_version" text NOT NULL,
	"to_version" text NOT NULL,
	"outcome" text NOT NULL,
	"error" text,
	"at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_upgrade_reports_host_id_id_pk" PRIMARY KEY("host_id","id")
);
--> statement-breakpoint
ALTER TABLE "agent_release_assignments" ADD CONSTRAINT "agent_release_assignments_release_version_agent_releases_version_fk" FOREIGN KEY ("release_version") REFERENCES "public"."agent_releases"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_release_assignments_active_idx" ON "agent_release_assignments" USING btree ("cleared_at","created_at");--> statement-breakpoint
CREATE INDEX "agent_upgrade_reports_host_at_idx" ON "agent_upgrade_reports" USING btree ("host_id","at");