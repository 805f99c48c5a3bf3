CREATE TABLE "permit_waiters" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"host_id" text NOT NULL,
	"budget_id" text NOT NULL,
	"request_id" text NOT NULL,
	"rule" text NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"ttl_s" integer NOT NULL,
	"replica" text NOT NULL,
	"enqueued_at" timestamp with time zone NOT NULL,
	"wait_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "permit_waiters" ADD CONSTRAINT "permit_waiters_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permit_waiters" ADD CONSTRAINT "permit_waiters_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "permit_waiters_budget_idx" ON "permit_waiters" USING btree ("budget_id","seq");--> statement-breakpoint
CREATE INDEX "permit_waiters_host_idx" ON "permit_waiters" USING btree ("host_id");