CREATE TABLE "budgets" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"selector" text,
	"max_hosts" integer,
	"max_percent" double precision,
	"min_healthy_percent" double precision,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"granted_total" bigint DEFAULT 0 NOT NULL,
	"refused_total" bigint DEFAULT 0 NOT NULL,
	"last_refused_at" timestamp with time zone,
	CONSTRAINT "budgets_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "inhibitions" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"selector" text,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"condition" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"refused_total" bigint DEFAULT 0 NOT NULL,
	"last_refused_at" timestamp with time zone,
	CONSTRAINT "inhibitions_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "leases" (
	"id" text PRIMARY KEY NOT NULL,
	"host_id" text NOT NULL,
	"rule" text NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone,
	"release_reason" text,
	"budget_names" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "leases" ADD CONSTRAINT "leases_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "leases_live_host_target_uq" ON "leases" USING btree ("host_id","target") WHERE "leases"."released_at" is null;--> statement-breakpoint
CREATE INDEX "leases_live_idx" ON "leases" USING btree ("expires_at") WHERE "leases"."released_at" is null;