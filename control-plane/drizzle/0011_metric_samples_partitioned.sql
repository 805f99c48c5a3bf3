-- metric_samples becomes a table partitioned by day (PARTITION BY RANGE (ts)), every row kept.
-- Rows move into metric_samples_default here; the control plane's partition maintenance
-- (queries/metric-partitions.ts) then moves each day of them into its own day partition when it
-- creates that day, the same path a sample from a skewed agent clock takes later.
ALTER TABLE "metric_samples" RENAME TO "metric_samples_unpartitioned";--> statement-breakpoint
ALTER TABLE "metric_samples_unpartitioned" RENAME CONSTRAINT "metric_samples_pkey" TO "metric_samples_unpartitioned_pkey";--> statement-breakpoint
ALTER TABLE "metric_samples_unpartitioned" RENAME CONSTRAINT "metric_samples_host_id_hosts_id_fk" TO "metric_samples_unpartitioned_host_id_fk";--> statement-breakpoint
ALTER INDEX "metric_samples_host_ts_idx" RENAME TO "metric_samples_unpartitioned_host_ts_idx";--> statement-breakpoint
ALTER INDEX "metric_samples_ts_idx" RENAME TO "metric_samples_unpartitioned_ts_idx";--> statement-breakpoint
-- The id sequence carries on (ids stay unique and increasing across the conversion).
ALTER SEQUENCE "metric_samples_id_seq" OWNED BY NONE;--> statement-breakpoint
CREATE TABLE "metric_samples" (
	"id" bigint DEFAULT nextval('metric_samples_id_seq'::regclass) NOT NULL,
	"host_id" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"metrics" jsonb NOT NULL,
	"missing" jsonb,
	"anomaly_score" double precision,
	"confidence" double precision,
	"model_version" text,
	"explanation" jsonb,
	-- A partitioned table's keys must contain the partition key (ts).
	CONSTRAINT "metric_samples_host_id_ts_id_pk" PRIMARY KEY("host_id","ts","id")
) PARTITION BY RANGE ("ts");--> statement-breakpoint
ALTER SEQUENCE "metric_samples_id_seq" OWNED BY "metric_samples"."id";--> statement-breakpoint
ALTER TABLE "metric_samples" ADD CONSTRAINT "metric_samples_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Catches every sample whose UTC day has no partition (yet): nothing is ever refused for its date.
CREATE TABLE "metric_samples_default" PARTITION OF "metric_samples" DEFAULT;--> statement-breakpoint
INSERT INTO "metric_samples" ("id", "host_id", "ts", "metrics", "missing", "anomaly_score", "confidence", "model_version", "explanation")
	SELECT "id", "host_id", "ts", "metrics", "missing", "anomaly_score", "confidence", "model_version", "explanation" FROM "metric_samples_unpartitioned";--> statement-breakpoint
DROP TABLE "metric_samples_unpartitioned";
