CREATE TABLE "dead_letters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"host_id" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"reason" text NOT NULL,
	"detail" text NOT NULL,
	"payload" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "connected_replica" text;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "connection_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "outbox_depth" integer;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "outbox_oldest_age_s" double precision;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "outbox_reported_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "dead_letters_received_idx" ON "dead_letters" USING btree ("received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "dead_letters_host_idx" ON "dead_letters" USING btree ("host_id","received_at" DESC NULLS LAST);