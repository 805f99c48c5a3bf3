CREATE TABLE "host_groups" (
	"key" text PRIMARY KEY NOT NULL,
	"labels" jsonb NOT NULL,
	"connection_state" text NOT NULL,
	"applied_ruleset_version" integer,
	"applied_model_version" text,
	"agent_version" text,
	"hosts" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "summary_counters" (
	"name" text PRIMARY KEY NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
-- Host counts kept on change: each statement on hosts adds its new rows' groups and subtracts its
-- old rows' (decommissioned hosts count nowhere). Statement-level with transition tables, so a
-- liveness sweep of 1,000 hosts costs one upsert of the groups that changed, not 1,000; groups are
-- upserted in key order, so two replicas' statements lock them in the same order (no deadlock).
-- Emptied groups are deleted by the statement that emptied them (it already holds their lock).
CREATE FUNCTION host_groups_shift(deltas jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  emptied text[];
BEGIN
  WITH d AS (
    SELECT (x->'labels') AS labels, x->>'connection_state' AS connection_state,
      (x->>'applied_ruleset_version')::integer AS applied_ruleset_version,
      x->>'applied_model_version' AS applied_model_version, x->>'agent_version' AS agent_version,
      (x->>'d')::integer AS d
    FROM jsonb_array_elements(deltas) x
  ), up AS (
    INSERT INTO host_groups AS g (key, labels, connection_state, applied_ruleset_version, applied_model_version, agent_version, hosts)
    SELECT jsonb_build_array(labels, connection_state, applied_ruleset_version, applied_model_version, agent_version)::text,
      labels, connection_state, applied_ruleset_version, applied_model_version, agent_version, sum(d)
    FROM d
    GROUP BY labels, connection_state, applied_ruleset_version, applied_model_version, agent_version
    HAVING sum(d) <> 0
    ORDER BY 1
    ON CONFLICT (key) DO UPDATE SET hosts = g.hosts + excluded.hosts
    RETURNING g.key, g.hosts
  )
  SELECT array_agg(key) INTO emptied FROM up WHERE hosts = 0;
  IF emptied IS NOT NULL THEN
    DELETE FROM host_groups WHERE key = ANY(emptied) AND hosts = 0;
  END IF;
END
$$;
--> statement-breakpoint
CREATE FUNCTION host_groups_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  deltas jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(jsonb_build_object('labels', labels, 'connection_state', connection_state, 'applied_ruleset_version', applied_ruleset_version,
        'applied_model_version', applied_model_version, 'agent_version', agent_version, 'd', 1))
      INTO deltas FROM new_rows WHERE decommissioned_at IS NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_agg(jsonb_build_object('labels', labels, 'connection_state', connection_state, 'applied_ruleset_version', applied_ruleset_version,
        'applied_model_version', applied_model_version, 'agent_version', agent_version, 'd', -1))
      INTO deltas FROM old_rows WHERE decommissioned_at IS NULL;
  ELSE
    -- Only rows whose counted columns changed (a sweep rewrites every held host's state).
    SELECT jsonb_agg(x) INTO deltas FROM (
      SELECT jsonb_build_object('labels', n.labels, 'connection_state', n.connection_state, 'applied_ruleset_version', n.applied_ruleset_version,
          'applied_model_version', n.applied_model_version, 'agent_version', n.agent_version, 'd', 1) AS x
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.decommissioned_at IS NULL
          AND (o.decommissioned_at IS NOT NULL OR (o.labels, o.connection_state, o.applied_ruleset_version, o.applied_model_version, o.agent_version)
            IS DISTINCT FROM (n.labels, n.connection_state, n.applied_ruleset_version, n.applied_model_version, n.agent_version))
      UNION ALL
      SELECT jsonb_build_object('labels', o.labels, 'connection_state', o.connection_state, 'applied_ruleset_version', o.applied_ruleset_version,
          'applied_model_version', o.applied_model_version, 'agent_version', o.agent_version, 'd', -1)
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.decommissioned_at IS NULL
          AND (n.decommissioned_at IS NOT NULL OR (o.labels, o.connection_state, o.applied_ruleset_version, o.applied_model_version, o.agent_version)
            IS DISTINCT FROM (n.labels, n.connection_state, n.applied_ruleset_version, n.applied_model_version, n.agent_version))
    ) changed;
  END IF;
  IF deltas IS NOT NULL THEN
    PERFORM host_groups_shift(deltas);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER host_groups_on_insert AFTER INSERT ON hosts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION host_groups_track();
--> statement-breakpoint
CREATE TRIGGER host_groups_on_update AFTER UPDATE ON hosts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION host_groups_track();
--> statement-breakpoint
CREATE TRIGGER host_groups_on_delete AFTER DELETE ON hosts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION host_groups_track();
--> statement-breakpoint
-- Truncating hosts empties the counts with it (TRUNCATE fires no row or transition triggers).
CREATE FUNCTION host_groups_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM host_groups;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER host_groups_on_truncate AFTER TRUNCATE ON hosts FOR EACH STATEMENT EXECUTE FUNCTION host_groups_reset();
--> statement-breakpoint
-- The hosts that exist now (creating the triggers locked hosts against writes until this commits).
INSERT INTO host_groups (key, labels, connection_state, applied_ruleset_version, applied_model_version, agent_version, hosts)
SELECT jsonb_build_array(labels, connection_state, applied_ruleset_version, applied_model_version, agent_version)::text,
  labels, connection_state, applied_ruleset_version, applied_model_version, agent_version, count(*)
FROM hosts WHERE decommissioned_at IS NULL
GROUP BY labels, connection_state, applied_ruleset_version, applied_model_version, agent_version;
--> statement-breakpoint
-- Every stored action, counted the same way (actions are inserted idempotently: the transition
-- table holds only the rows really inserted).
CREATE FUNCTION summary_count_actions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT count(*) INTO delta FROM new_rows;
  ELSE
    SELECT -count(*) INTO delta FROM old_rows;
  END IF;
  IF delta <> 0 THEN
    INSERT INTO summary_counters AS c (name, n) VALUES ('actions', delta) ON CONFLICT (name) DO UPDATE SET n = c.n + excluded.n;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER summary_actions_on_insert AFTER INSERT ON actions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_count_actions();
--> statement-breakpoint
CREATE TRIGGER summary_actions_on_delete AFTER DELETE ON actions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_count_actions();
--> statement-breakpoint
CREATE FUNCTION summary_reset_actions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM summary_counters WHERE name = 'actions';
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER summary_actions_on_truncate AFTER TRUNCATE ON actions FOR EACH STATEMENT EXECUTE FUNCTION summary_reset_actions();
--> statement-breakpoint
INSERT INTO summary_counters (name, n) SELECT 'actions', count(*) FROM actions;
