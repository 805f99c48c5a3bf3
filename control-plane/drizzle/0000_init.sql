CREATE SEQUENCE "public"."desired_state_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "hosts" (
	"id" text PRIMARY KEY NOT NULL,
	"hostname" text NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"agent_version" text,
	"capabilities" jsonb,
	"facts" jsonb,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone,
	"connection_state" text DEFAULT 'never' NOT NULL,
	"monitoring" text DEFAULT 'unknown' NOT NULL,
	"applied_revision" bigint,
	"applied_ruleset_version" integer,
	"applied_model_version" text,
	"applied_at" timestamp with time zone,
	"apply_error" text,
	"desired_revision" bigint DEFAULT 0 NOT NULL,
	"desired_hash" text,
	"config_patch" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_anomaly_score" jsonb,
	"decommissioned_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "agent_credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"host_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "agent_credentials_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "enrollment_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone,
	"max_uses" integer,
	"uses" integer DEFAULT 0 NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "enrollment_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"role" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"status_code" integer NOT NULL,
	"detail" jsonb,
	"remote_address" text
);
--> statement-breakpoint
CREATE TABLE "overrides" (
	"id" text PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"selector" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"mode" text NOT NULL,
	"reason" text NOT NULL,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"cleared_at" timestamp with time zone,
	"cleared_by" text
);
--> statement-breakpoint
CREATE TABLE "ruleset_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"author" text NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "actions" (
	"id" text PRIMARY KEY NOT NULL,
	"host_id" text NOT NULL,
	"decision_id" text NOT NULL,
	"rule" text NOT NULL,
	"type" text NOT NULL,
	"params" jsonb,
	"target" text,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"retryable" boolean,
	"result" jsonb,
	"error" jsonb,
	"verified" boolean,
	"verification" jsonb
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"host_id" text NOT NULL,
	"severity" text NOT NULL,
	"summary" text NOT NULL,
	"detail" text,
	"rule" text,
	"decision_id" text,
	"channel" text,
	"raised_at" timestamp with time zone NOT NULL,
	"delivery_status" text DEFAULT 'pending' NOT NULL,
	"delivery_error" text
);
--> statement-breakpoint
CREATE TABLE "commands" (
	"id" text PRIMARY KEY NOT NULL,
	"host_id" text NOT NULL,
	"name" text NOT NULL,
	"args" jsonb,
	"requested_by" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ok" boolean,
	"error" text,
	"result" jsonb,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" text PRIMARY KEY NOT NULL,
	"host_id" text NOT NULL,
	"rule" text NOT NULL,
	"priority" integer NOT NULL,
	"ruleset_version" integer NOT NULL,
	"sample_ts" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"suppressed_by" text NOT NULL,
	"override_mode" text NOT NULL,
	"reason" text NOT NULL,
	"conditions" jsonb NOT NULL,
	"actions" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ingested_events" (
	"id" text PRIMARY KEY NOT NULL,
	"host_id" text NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"host_id" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"metrics" jsonb NOT NULL,
	"missing" jsonb,
	"anomaly_score" double precision,
	"confidence" double precision,
	"model_version" text
);
--> statement-breakpoint
ALTER TABLE "agent_credentials" ADD CONSTRAINT "agent_credentials_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_samples" ADD CONSTRAINT "metric_samples_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hosts_hostname_idx" ON "hosts" USING btree ("hostname");--> statement-breakpoint
CREATE INDEX "hosts_state_idx" ON "hosts" USING btree ("connection_state");--> statement-breakpoint
CREATE INDEX "agent_credentials_host_idx" ON "agent_credentials" USING btree ("host_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "overrides_active_idx" ON "overrides" USING btree ("cleared_at","expires_at");--> statement-breakpoint
CREATE INDEX "actions_host_started_idx" ON "actions" USING btree ("host_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "actions_started_idx" ON "actions" USING btree ("started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "actions_rule_idx" ON "actions" USING btree ("rule");--> statement-breakpoint
CREATE INDEX "alerts_host_raised_idx" ON "alerts" USING btree ("host_id","raised_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "commands_host_idx" ON "commands" USING btree ("host_id","sent_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "decisions_host_ts_idx" ON "decisions" USING btree ("host_id","sample_ts" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "decisions_ts_idx" ON "decisions" USING btree ("sample_ts" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "ingested_events_received_idx" ON "ingested_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "metric_samples_host_ts_idx" ON "metric_samples" USING btree ("host_id","ts" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "metric_samples_ts_idx" ON "metric_samples" USING btree ("ts");