// Generated from the control plane's OpenAPI document by `pnpm api:client`. Do not edit.
export interface paths {
    "/api/v1/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Decisions (suppressed, dry-run) and actions counted per time bucket, for the fleet, a selector or a host */
        get: operations["getActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent-releases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Uploaded agent releases (newest first) and the active version assignments */
        get: operations["getAgentReleases"];
        put?: never;
        /**
         * Upload an agent release: the tarball `pnpm release` builds, as application/gzip; its version is the one in its manifest
         * @description `curl --data-binary @smartcloudops-agent-0.1.1-linux-x64.tar.gz -H "content-type: application/gzip" -H "x-scops-signature: $(cat ….sig)"`. The tarball is read whole: one top directory, regular files only, every file matching manifest.json (size and sha256), nothing unlisted. With SCOPS_RELEASE_PUBLIC_KEY_FILE set, the detached ed25519 signature (base64, header x-scops-signature) must verify. Stored in the database (every replica serves it). Identical bytes under an existing version → 200; different bytes → 409.
         */
        post: operations["postAgentReleases"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent-releases/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One release: hash, size, contents, where it is assigned, how many hosts run it */
        get: operations["getAgentReleasesByVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent-releases/{version}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run this agent version on the fleet, on hosts matching a selector, or on one host (most specific wins: host > group > fleet) */
        post: operations["postAgentReleasesAssignByVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent-releases/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Undo the latest version assignment at a target: its previous one applies again (or the next less specific scope's; none = hosts keep what they run) */
        post: operations["postAgentReleasesRollback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent-versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every host's running agent version, the version it is assigned, and how its last upgrade ended */
        get: operations["getAgentVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/enroll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enroll a host with an enrollment token; returns its credential once */
        post: operations["postAgentsEnroll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/models/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Model bytes for agents (Authorization: Bearer <agent credential>); the agent verifies sha256 from its desired state */
        get: operations["getAgentsModelsByVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/releases/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Agent release tarball for agents (Authorization: Bearer <agent credential>); the agent verifies sha256 (and the signature) from its desired state */
        get: operations["getAgentsReleasesByVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts with each notifier delivery (attempts, status, last error with secrets redacted) */
        get: operations["getAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/alertmanager": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Alertmanager webhook receiver (payload version 4) */
        post: operations["postAlertsAlertmanager"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit log of mutating calls, newest first */
        get: operations["getAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The API token in use: its name and role */
        get: operations["getAuthWhoami"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/budgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List budgets with their holders and refusal counts */
        get: operations["getBudgets"];
        put?: never;
        /** Create a budget */
        post: operations["postBudgets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/budgets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One budget: holders (host, rule, action, since, expires) and counts */
        get: operations["getBudgetsById"];
        /** Replace a budget (applies to the next permit; leases held stay until released) */
        put: operations["putBudgetsById"];
        post?: never;
        /** Delete a budget */
        delete: operations["deleteBudgetsById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Agent events refused for their content (dead letters), newest first */
        get: operations["getDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enrollment-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List enrollment tokens (never the secrets) */
        get: operations["getEnrollmentTokens"];
        put?: never;
        /** Create an enrollment token (shown once) */
        post: operations["postEnrollmentTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enrollment-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an enrollment token */
        delete: operations["deleteEnrollmentTokensById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/external-alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alertmanager's alerts as stored, most recently seen first; a firing one not re-sent in time is shown as expired */
        get: operations["getExternalAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List hosts, filtered by label selector and connection state */
        get: operations["getHosts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Host drill-down: state, versions, effective override, desired state, last sample */
        get: operations["getHostsById"];
        put?: never;
        post?: never;
        /** Decommission a host: revoke its credential and close its connection */
        delete: operations["deleteHostsById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/{id}/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A host's actions, newest first */
        get: operations["getHostsActionsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/{id}/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A host's rule decisions (including suppressed and dry-run ones), newest first */
        get: operations["getHostsDecisionsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/{id}/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a host's labels (replaces them; pushed at once) */
        put: operations["putHostsLabelsById"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/{id}/labels/approve-reported": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve the labels the agent reported: merged over the current ones (pushed at once) */
        post: operations["postHostsLabelsApproveReportedById"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/{id}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A host's metric samples and anomaly scores, newest first */
        get: operations["getHostsMetricsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inhibitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List inhibition rules */
        get: operations["getInhibitions"];
        put?: never;
        /** Create an inhibition rule */
        post: operations["postInhibitions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inhibitions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One inhibition rule, with whether its condition holds now */
        get: operations["getInhibitionsById"];
        /** Replace an inhibition rule */
        put: operations["putInhibitionsById"];
        post?: never;
        /** Delete an inhibition rule */
        delete: operations["deleteInhibitionsById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intake-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List intake tokens (never the secrets) */
        get: operations["getIntakeTokens"];
        put?: never;
        /** Create an intake token for Alertmanager (shown once) */
        post: operations["postIntakeTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/intake-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an intake token */
        delete: operations["deleteIntakeTokensById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integration/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Runtime config (fleet, or effective for one host); PUT it back unchanged with the same query to keep it */
        get: operations["getIntegrationConfig"];
        /** Update the runtime config (interval_s, buffer_size, …) for the fleet or the targeted hosts; pushed at once */
        put: operations["putIntegrationConfig"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integration/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health of the control plane and the fleet link */
        get: operations["getIntegrationHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integration/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent metrics: newest sample per host, or the last `limit` samples of one host */
        get: operations["getIntegrationMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integration/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start monitoring on the targeted hosts (persists in their desired state) */
        post: operations["postIntegrationStart"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integration/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Monitoring status across the fleet */
        get: operations["getIntegrationStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integration/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop monitoring on the targeted hosts (persists in their desired state) */
        post: operations["postIntegrationStop"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integration/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test the integration of each targeted host end to end: fresh sample, score, rules, local policy (nothing executed) */
        post: operations["postIntegrationTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integration/trigger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run one monitoring cycle now on the targeted hosts */
        post: operations["postIntegrationTrigger"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Registered models (newest first) and the active assignments */
        get: operations["getModels"];
        put?: never;
        /**
         * Upload a model: the raw ONNX file as application/octet-stream; its version is the one in its metadata
         * @description The body is the model file itself (`curl --data-binary @model.onnx -H "content-type: application/octet-stream"`). The version comes from the model's `scops.model` metadata; `?version=` is optional and, when given, must match it. sha256 is computed here. The model is loaded and test-scored with the agent's own loader; a corrupt or wrong-shape model is refused with 400. Re-uploading identical bytes under an existing version returns the existing model (200); different bytes → 409.
         */
        post: operations["postModels"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One model: hash, size, metadata, where it is assigned, how many hosts report running it */
        get: operations["getModelsByVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/{version}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run this model on the fleet, on hosts matching a selector, or on one host (most specific wins: host > group > fleet) */
        post: operations["postModelsActivateByVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Undo the latest activation at a target: its previous model comes back (or, if none, the next less specific scope's / the built-in model) */
        post: operations["postModelsRollback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifiers/{name}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test notification through a notifier (not queued: the answer is the outcome) */
        post: operations["postNotifiersTestByName"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/overrides": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List overrides (active ones unless include_inactive) */
        get: operations["getOverrides"];
        put?: never;
        /** Create an override for the fleet, a label selector (group) or one host */
        post: operations["postOverrides"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/overrides/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Clear an override */
        delete: operations["deleteOverridesById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/remediation/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Action history, newest first, filtered and paginated */
        get: operations["getRemediationActions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/remediation/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause remediation (a paused override) for the fleet, a selector or a host */
        post: operations["postRemediationDisable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/remediation/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Clear the overrides set at exactly this scope (fleet by default) */
        post: operations["postRemediationEnable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/remediation/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Remediation performance: actions by status and type, success rate, durations, decisions */
        get: operations["getRemediationMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/remediation/override": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Manual override: enabled | dry_run | paused, with reason and optional expiry */
        post: operations["postRemediationOverride"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/remediation/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rules of the current ruleset (those applying to a host with host_id) */
        get: operations["getRemediationRules"];
        put?: never;
        /** Add a rule (makes a new ruleset version) */
        post: operations["postRemediationRules"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/remediation/rules/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace a rule (makes a new ruleset version) */
        put: operations["putRemediationRulesByName"];
        post?: never;
        /** Remove a rule (makes a new ruleset version) */
        delete: operations["deleteRemediationRulesByName"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/remediation/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Engine status: the report fields plus fleet state */
        get: operations["getRemediationStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/remediation/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Evaluate posted metrics against the current rules (nothing is executed)
         * @description Body: metrics as flat fields (the report: {"cpu_percent":95,...}) or under "metrics"; optional host_id (its labels and override) or labels.
         */
        post: operations["postRemediationTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Staged rollouts, newest first */
        get: operations["getRollouts"];
        put?: never;
        /**
         * Start a staged rollout of a ruleset (operator) or a model version (admin)
         * @description Stages: a canary `selector` or a `percent` of hosts (stable by host id), each held for `soak`; the last stage is `percent: 100`. While the gate holds (action rate, failed verifications, agent errors, suppressions per host on the new version against hosts on the old), each stage is promoted when its soak ends; when it breaks, the rollout rolls back by itself and raises an alert with the numbers. Thresholds in `gate` (defaults in the README). One active rollout per kind; a ruleset edit while a ruleset rollout runs is refused (409).
         */
        post: operations["postRollouts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One rollout: state, stages, gate figures, events, and every host with its stage and versions */
        get: operations["getRolloutsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts/{id}/abort": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Abort: every host goes back to the previous version */
        post: operations["postRolloutsAbortById"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause: hosts stay on their versions, nothing is promoted or rolled back until resumed */
        post: operations["postRolloutsPauseById"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts/{id}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Promote to the next stage now (or complete at the last), skipping the soak and the gate */
        post: operations["postRolloutsPromoteById"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollouts/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused rollout: the current stage soaks again from now */
        post: operations["postRolloutsResumeById"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules/{name}/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One rule's verification success rate (ok / failed / inconclusive over 1 h and 24 h) and pause state */
        get: operations["getRulesHealthByName"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules/{name}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a rule paused fleet-wide (its failure count starts afresh) */
        post: operations["postRulesResumeByName"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every rule's verification success rate and pause state, fleet-wide */
        get: operations["getRulesHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rulesets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ruleset versions, newest first */
        get: operations["getRulesets"];
        /** Replace the whole ruleset (YAML body, or JSON {rules, message?, expected_version?}); makes a new version */
        put: operations["putRulesets"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rulesets/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One ruleset version */
        get: operations["getRulesetsByVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rulesets/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Differences between two ruleset versions (rules added, removed, changed) */
        get: operations["getRulesetsDiff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rulesets/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A ruleset version (the current one by default) as a rules file to keep in git; PUT /rulesets takes it back */
        get: operations["getRulesetsExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rulesets/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What a ruleset (or a change to the current one) would have done over stored samples, beside what really ran
         * @description Replays the stored metric samples of the matching hosts in [from, to) (at most 7 days) through the agents' rule engine — for, cooldown, max_actions, hysteresis, the overrides in force at the time — and compares the actions it would have taken with the stored actions. Nothing is executed or stored. `assumptions` in the answer lists what the past does not tell.
         */
        post: operations["replayRuleset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rulesets/rollout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which hosts run which ruleset version */
        get: operations["getRulesetsRollout"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Global settings */
        get: operations["getSettings"];
        /** Change global settings */
        put: operations["putSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API tokens (never the secrets) */
        get: operations["getTokens"];
        put?: never;
        /** Create an API token with a role (shown once) */
        post: operations["postTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token */
        delete: operations["deleteTokensById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Action: {
            action: string;
            decision_id: string;
            duration_ms: number | null;
            error: {
                code: string;
                message: string;
            } | null;
            /** Format: date-time */
            finished_at: string | null;
            host_id: string;
            id: string;
            params: unknown;
            result: unknown;
            retryable: boolean | null;
            rule: string;
            /** Format: date-time */
            started_at: string;
            status: "started" | "succeeded" | "failed";
            target: string | null;
            verification: unknown;
            verified: boolean | null;
        };
        ActionList: {
            actions: components["schemas"]["Action"][];
            limit?: number;
            offset?: number;
            total: number;
        };
        ActivityBucket: {
            /** @description actions started in the bucket */
            actions: number;
            /** @description decisions whose sample falls in the bucket */
            decisions: number;
            /** @description of those, recorded as "would have acted" */
            dry_run: number;
            failed_actions: number;
            /** Format: date-time */
            start: string;
            /** @description of those, suppressed by a gate (override, cooldown, policy, …) */
            suppressed: number;
        };
        ActivitySeries: {
            bucket_s: number;
            buckets: components["schemas"]["ActivityBucket"][];
            /** Format: date-time */
            from: string;
            target: string;
            /** Format: date-time */
            to: string;
        };
        AgentRelease: {
            arch: string;
            /** Format: date-time */
            created_at: string;
            files: number;
            node: string | null;
            sha256: string;
            signed: boolean;
            size: number;
            uploaded_by: string;
            url: string;
            version: string;
        };
        AgentReleaseActivation: {
            assignment: components["schemas"]["AgentReleaseAssignment"];
            changed: boolean;
            previous_version?: string | null;
            target: string;
        };
        AgentReleaseAssignment: {
            author: string;
            /** Format: date-time */
            cleared_at: string | null;
            cleared_by: string | null;
            /** Format: date-time */
            created_at: string;
            id: string;
            scope: string;
            selector: {
                [key: string]: string;
            };
            version: string;
        };
        AgentReleaseDetail: {
            arch: string;
            assignments: components["schemas"]["AgentReleaseAssignment"][];
            /** Format: date-time */
            created_at: string;
            files: number;
            hosts_running: number;
            node: string | null;
            sha256: string;
            signed: boolean;
            size: number;
            uploaded_by: string;
            url: string;
            version: string;
        };
        AgentReleaseList: {
            assignments: components["schemas"]["AgentReleaseAssignment"][];
            releases: components["schemas"]["AgentRelease"][];
        };
        AgentReleaseRollback: {
            cleared: components["schemas"]["AgentReleaseAssignment"];
            current: components["schemas"]["AgentReleaseAssignment"] | (never | null);
            target: string;
        };
        AgentUpgradeOutcome: {
            /** Format: date-time */
            at: string;
            error: string | null;
            from_version: string;
            outcome: string;
            to_version: string;
        };
        AgentVersionList: {
            hosts: components["schemas"]["HostAgentVersion"][];
        };
        Alert: {
            channel: string | null;
            decision_id: string | null;
            deliveries: components["schemas"]["AlertDelivery"][];
            /** @description pending | queued | delivered | failed | no_notifier */
            delivery_status: string;
            detail: string | null;
            host_id: string;
            hostname: string;
            id: string;
            /** Format: date-time */
            raised_at: string;
            /** Format: date-time */
            resolved_at: string | null;
            rule: string | null;
            severity: string;
            status: "firing" | "resolved";
            summary: string;
        };
        AlertDelivery: {
            attempts: number;
            /** Format: date-time */
            delivered_at: string | null;
            /** @description firing | resolved */
            event: string;
            kind: string;
            /** @description secrets of the notifiers' configuration redacted */
            last_error: string | null;
            /** Format: date-time */
            next_attempt_at: string | null;
            notifier: string;
            /** @description pending | delivered | failed */
            status: string;
        };
        AlertIntake: {
            /** @description a firing alert not re-sent for this long counts as expired */
            firing_expires_after: number | string;
            host_label_key?: string;
            host_labels: string[];
        };
        AlertList: {
            alerts: components["schemas"]["Alert"][];
            limit: number;
            offset: number;
            total: number;
        };
        AlertmanagerIntakeResult: {
            changed_hosts: number;
            matched: number;
            received: number;
            unmatched: {
                alertname: string | null;
                fingerprint: string;
                reason: string;
            }[];
        };
        ApiToken: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            id: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
            role: string;
        };
        ApiTokenCreated: {
            id: string;
            role: string;
            token: string;
        };
        ApiTokenRevoked: {
            id: string;
            revoked: boolean;
        };
        AuditEntry: {
            actor: string;
            /** Format: date-time */
            at: string;
            detail: {
                [key: string]: unknown;
            } | null;
            id: string;
            method: string;
            path: string;
            remote_address: string | null;
            role: string;
            status_code: number;
        };
        AuditList: {
            entries: components["schemas"]["AuditEntry"][];
            total: number;
        };
        Budget: {
            /** Format: date-time */
            created_at: string;
            created_by: string;
            granted_total: number;
            group: {
                /** @description hosts that may hold a lease at once: max_hosts, or max_percent of hosts rounded up */
                allowed_hosts: number;
                /** @description of those, online and without a failed verification in the last 15 min */
                healthy: number;
                healthy_percent: number;
                /** @description hosts the selector matches (not decommissioned) */
                hosts: number;
            };
            holders: components["schemas"]["BudgetHolder"][];
            hosts_holding: number;
            id: string;
            /** Format: date-time */
            last_refused_at: string | null;
            max_hosts: number | null;
            max_percent: number | null;
            min_healthy_percent: number | null;
            name: string;
            /** @description requests waiting for this budget (agents that asked to wait, at most 60 s), first come first served */
            queue: components["schemas"]["BudgetWaiter"][];
            /** @description permits this budget refused, waits that ended without a grant included */
            refused_total: number;
            /** @description Kubernetes label selector; null = the whole fleet */
            selector: string | null;
            /** Format: date-time */
            updated_at: string;
            updated_by: string;
        };
        BudgetHolder: {
            action: string;
            /** Format: date-time */
            expires_at: string;
            host_id: string;
            hostname: string;
            lease_id: string;
            rule: string;
            /** Format: date-time */
            since: string;
            target: string;
        };
        BudgetWaiter: {
            action: string;
            host_id: string;
            hostname: string;
            /** @description 1 = granted first when a lease of this budget frees */
            position: number;
            rule: string;
            target: string;
            /** Format: date-time */
            wait_until: string;
            /** Format: date-time */
            waiting_since: string;
        };
        CommandOutcome: {
            command_id?: string;
            error?: string;
            host_id: string;
            result?: unknown;
            status: "ok" | "error" | "offline" | "timeout";
        };
        CommandReport: {
            monitoring?: boolean;
            results: components["schemas"]["CommandOutcome"][];
            target: string;
        };
        DeadLetterList: {
            dead_letters: {
                detail: string;
                event_id: string;
                host_id: string;
                id: number;
                /** @description the event's payload as the agent sent it, as JSON text */
                payload: string;
                reason: string;
                /** Format: date-time */
                received_at: string;
                type: string;
            }[];
            total: number;
        };
        Decision: {
            actions: {
                params?: {
                    [key: string]: unknown;
                };
                type: "restart_service" | "restart_container" | "scale_up" | "scale_down" | "clear_cache" | "emergency_shutdown" | "send_alert";
            }[];
            conditions: {
                held: boolean;
                metric: string;
                observed: number | null;
                operator: "gt" | "lt" | "eq" | "gte" | "lte" | "ne";
                threshold: number;
            }[];
            /** @description a rule with an escalation ladder: the step these actions were (1 = the rule's own actions) of how many; why in reason */
            escalation: {
                of: number;
                step: number;
            } | null;
            host_id: string;
            id: string;
            /** @description execute | dry_run | suppressed */
            outcome: string;
            override_mode: string;
            priority: number;
            reason: string;
            rule: string;
            ruleset_version: number;
            /** Format: date-time */
            sample_ts: string;
            /** @description GET /hosts/{id}/decisions: the metrics that drove ml_anomaly_score in the decision's sample; null when it used none */
            score_explanation?: {
                contribution: number;
                metric: string;
            }[] | null;
            suppressed_by: string;
        };
        DecisionList: {
            decisions: components["schemas"]["Decision"][];
            total: number;
        };
        EffectiveOverride: {
            author?: string;
            /** Format: date-time */
            expires_at?: string;
            mode: "enabled" | "dry_run" | "paused";
            override_id?: string;
            reason?: string;
            scope: "default" | "fleet" | "group" | "host";
        };
        EnrollmentToken: {
            /** Format: date-time */
            created_at: string;
            created_by: string;
            /** Format: date-time */
            expires_at: string | null;
            id: string;
            labels: {
                [key: string]: string;
            };
            max_uses: number | null;
            name: string;
            reprovision: boolean;
            /** Format: date-time */
            revoked_at: string | null;
            state: string;
            uses: number;
        };
        EnrollmentTokenCreated: {
            enrollment_token: components["schemas"]["EnrollmentToken"];
            token: string;
        };
        ExternalAlert: {
            annotations: {
                [key: string]: string;
            };
            /** Format: date-time */
            ends_at: string | null;
            /**
             * Format: date-time
             * @description when a firing alert stops counting as firing unless it is seen again; null once resolved
             */
            expires_at: string | null;
            fingerprint: string;
            host_id: string;
            hostname: string;
            labels: {
                [key: string]: string;
            };
            /** Format: date-time */
            last_seen_at: string;
            /** @description alertname: the rule input alert:<name> */
            name: string;
            /** Format: date-time */
            starts_at: string;
            /** @description expired: firing when last seen, but not re-sent within alert_intake.firing_expires_after (or past the endsAt its sender gave); counts as not firing for rules and inhibitions */
            state: "firing" | "expired" | "resolved";
            /** Format: date-time */
            updated_at: string;
        };
        ExternalAlertList: {
            alerts: components["schemas"]["ExternalAlert"][];
            limit: number;
            offset: number;
            total: number;
        };
        GatewayCounters: {
            connections_dropped_total: number;
            connections_total: number;
            desired_state_pushes_total: number;
            events_dead_lettered_total: number;
            events_duplicate_total: number;
            events_stored_total: number;
            hosts_expired_total: number;
            ingest_errors_total: number;
            liveness_sweeps_total: number;
            malformed_frames_total: number;
            permits_granted_total: number;
            permits_queued_total: number;
            permits_refused_total: number;
            rejected_upgrades_total: number;
            slow_consumers_dropped_total: number;
        };
        Host: {
            agent_version: string | null;
            applied: {
                /** Format: date-time */
                at: string | null;
                error: string | null;
                model_version: string | null;
                revision: number | null;
                ruleset_version: number | null;
            };
            connected: boolean;
            connection_state: "never" | "online" | "stale" | "offline";
            /** Format: date-time */
            decommissioned_at: string | null;
            desired_revision: number;
            /** Format: date-time */
            first_seen_at: string;
            hostname: string;
            id: string;
            labels: {
                [key: string]: string;
            };
            last_anomaly_score: number | null;
            /** Format: date-time */
            last_seen_at: string | null;
            monitoring: "on" | "off" | "unknown";
            /** @description what the agent reports; never applied until an admin approves (POST /hosts/{id}/labels/approve-reported) */
            reported_labels: {
                [key: string]: string;
            };
        };
        HostAgentVersion: {
            host_id: string;
            hostname: string;
            last_upgrade: components["schemas"]["AgentUpgradeOutcome"] | (never | null);
            running_version: string | null;
            target_version: string | null;
        };
        HostDetail: {
            agent_version: string | null;
            anomaly_score: number | null;
            applied: {
                /** Format: date-time */
                at: string | null;
                error: string | null;
                model_version: string | null;
                revision: number | null;
                ruleset_version: number | null;
            };
            capabilities: {
                actions: string[];
                collectors: string[];
            } | null;
            connected: boolean;
            connection_state: "never" | "online" | "stale" | "offline";
            /** Format: date-time */
            decommissioned_at: string | null;
            desired: {
                config: {
                    /** @description a duration of at most 3600 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    action_timeout: number | string;
                    buffer_size: number;
                    interval_s: number;
                    monitoring: boolean;
                    /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    verify_window: number | string;
                };
                model: {
                    sha256: string;
                    size: number;
                    url: string;
                    version: string;
                } | null;
                remediation_enabled: boolean;
                revision: number;
                rules: string[];
                ruleset_version: number;
            };
            desired_revision: number;
            effective_override: components["schemas"]["EffectiveOverride"];
            facts: {
                [key: string]: unknown;
            } | null;
            /** Format: date-time */
            first_seen_at: string;
            hostname: string;
            id: string;
            in_sync: boolean;
            labels: {
                [key: string]: string;
            };
            last_anomaly_score: number | null;
            last_sample: components["schemas"]["MetricSample"] | (never | null);
            /** Format: date-time */
            last_seen_at: string | null;
            model: {
                active_version: string | null;
                desired_version: string | null;
                in_sync: boolean | null;
            };
            monitoring: "on" | "off" | "unknown";
            outbox: {
                depth: number | null;
                oldest_age_s: number | null;
                /** Format: date-time */
                reported_at: string;
            } | null;
            /** @description what the agent reports; never applied until an admin approves (POST /hosts/{id}/labels/approve-reported) */
            reported_labels: {
                [key: string]: string;
            };
        };
        HostLabels: {
            host_id: string;
            labels: {
                [key: string]: string;
            };
            reported_labels: {
                [key: string]: string;
            };
        };
        HostList: {
            hosts: components["schemas"]["Host"][];
            limit: number;
            offset: number;
            total: number;
        };
        HostTestVerdict: {
            host_id: string;
            passed: boolean;
            problems: string[];
            /** @description the agent's self-test answer as it sent it (null when it did not answer) */
            report: unknown;
        };
        Inhibition: {
            /** @description empty = every disruptive action */
            actions: string[];
            condition: {
                group_unhealthy: {
                    below_percent: number;
                    healthy: number;
                    /** @description the condition holds now */
                    holds: boolean;
                    hosts: number;
                    selector: string;
                };
            } | {
                alert_firing: {
                    /** @description a matching alert is firing now */
                    holds: boolean;
                    labels: {
                        [key: string]: string;
                    };
                };
            };
            /** Format: date-time */
            created_at: string;
            created_by: string;
            id: string;
            /** Format: date-time */
            last_refused_at: string | null;
            name: string;
            refused_total: number;
            /** @description empty = every rule */
            rules: string[];
            /** @description hosts whose actions are inhibited; null = the whole fleet */
            selector: string | null;
            /** Format: date-time */
            updated_at: string;
            updated_by: string;
        };
        IntakeToken: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            id: string;
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
        };
        IntakeTokenCreated: {
            id: string;
            token: string;
        };
        IntakeTokenRevoked: {
            id: string;
            revoked: boolean;
        };
        IntegrationHealth: {
            agents: {
                connected: number;
                enrolled: number;
                offline: number;
                stale: number;
            };
            auth: {
                failures_total: number;
                limited_total: number;
                lookups_total: number;
            };
            database: {
                kind: string;
                latency_ms: number;
                ok: boolean;
            };
            gateway: components["schemas"]["GatewayCounters"];
            status: "healthy" | "degraded" | "unhealthy";
        };
        MetricSample: {
            anomaly_score: number | null;
            confidence: number | null;
            /** @description the metrics that drove anomaly_score (top 3, largest share first); null for samples without one */
            explanation: {
                contribution: number;
                metric: string;
            }[] | null;
            host_id: string;
            metrics: {
                [key: string]: number;
            };
            missing: {
                [key: string]: string;
            } | null;
            model_version: string | null;
            /** Format: date-time */
            ts: string;
        };
        MetricSampleList: {
            host_id?: string;
            samples: components["schemas"]["MetricSample"][];
        };
        Model: {
            /** Format: date-time */
            created_at: string;
            meta: {
                [key: string]: unknown;
            };
            sha256: string;
            size: number;
            uploaded_by: string;
            url: string;
            version: string;
        };
        ModelActivation: {
            assignment: components["schemas"]["ModelAssignment"];
            changed: boolean;
            previous_version?: string | null;
            target: string;
        };
        ModelAssignment: {
            author: string;
            /** Format: date-time */
            cleared_at: string | null;
            cleared_by: string | null;
            /** Format: date-time */
            created_at: string;
            id: string;
            /** @description group: the selector in the Kubernetes grammar, canonical (POST it back as `selector` to name the same group); null for fleet and host. `selector` holds the equality labels ({} for a set-based selector) */
            label_selector: string | null;
            model_version: string;
            scope: string;
            selector: {
                [key: string]: string;
            };
        };
        ModelDetail: {
            assignments: components["schemas"]["ModelAssignment"][];
            /** Format: date-time */
            created_at: string;
            hosts_running: number;
            meta: {
                [key: string]: unknown;
            };
            sha256: string;
            size: number;
            uploaded_by: string;
            url: string;
            version: string;
        };
        ModelList: {
            assignments: components["schemas"]["ModelAssignment"][];
            models: components["schemas"]["Model"][];
        };
        ModelRollback: {
            cleared: components["schemas"]["ModelAssignment"];
            current: components["schemas"]["ModelAssignment"] | (never | null);
            target: string;
        };
        MonitoringStatus: {
            config: {
                /** @description a duration of at most 3600 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                action_timeout: number | string;
                buffer_size: number;
                interval_s: number;
                monitoring: boolean;
                /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                verify_window: number | string;
            };
            hosts: {
                connected: boolean;
                connection_state: string;
                host_id: string;
                hostname: string;
                last_anomaly_score: number | null;
                /** Format: date-time */
                last_seen_at: string | null;
                monitoring: boolean | null;
            }[];
            hosts_connected: number;
            hosts_monitoring: number;
            hosts_total: number;
            running: boolean;
            target: string;
        };
        Notifier: {
            from?: string;
            headers?: {
                [key: string]: string;
            };
            kind: "log" | "webhook" | "slack" | "pagerduty" | "email";
            match_labels?: {
                [key: string]: string;
            };
            min_severity?: "info" | "warning" | "critical";
            name: string;
            routing_key?: string;
            rules?: string[];
            secret?: string;
            send_resolved?: boolean;
            smtp?: {
                host: string;
                password?: string;
                port: number;
                secure?: boolean;
                user?: string;
            };
            to?: string[];
            url?: string;
        };
        NotifierTestResult: {
            /** @description secrets of the notifier's configuration redacted */
            error: string | null;
            kind: string;
            notifier: string;
            ok: boolean;
            /** @description worth trying again later (network error, 5xx, 429) */
            retryable: boolean;
        };
        Override: {
            active: boolean;
            author: string;
            /** Format: date-time */
            cleared_at: string | null;
            cleared_by: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at: string | null;
            id: string;
            /** @description group: the selector in the Kubernetes grammar, canonical (POST it back as `selector` to name the same group); null for fleet and host. `selector` holds the equality labels ({} for a set-based selector) */
            label_selector: string | null;
            mode: "enabled" | "dry_run" | "paused";
            reason: string;
            scope: "fleet" | "group" | "host";
            selector: {
                [key: string]: string;
            };
        };
        OverrideWithMatches: {
            active: boolean;
            author: string;
            /** Format: date-time */
            cleared_at: string | null;
            cleared_by: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at: string | null;
            id: string;
            /** @description group: the selector in the Kubernetes grammar, canonical (POST it back as `selector` to name the same group); null for fleet and host. `selector` holds the equality labels ({} for a set-based selector) */
            label_selector: string | null;
            /** @description enrolled hosts the override applies to now (decommissioned ones not counted) */
            matched_hosts: number;
            mode: "enabled" | "dry_run" | "paused";
            reason: string;
            scope: "fleet" | "group" | "host";
            selector: {
                [key: string]: string;
            };
            warnings: string[];
        };
        Principal: {
            name: string;
            role: "viewer" | "operator" | "admin";
            token_id: string;
        };
        RemediationMetrics: {
            actions_by_status: {
                [key: string]: number;
            };
            actions_by_type: {
                [key: string]: number;
            };
            average_duration_ms: number | null;
            decisions_by_outcome: {
                [key: string]: number;
            };
            gateway: components["schemas"]["GatewayCounters"];
            success_rate: number | null;
            total_actions: number;
            verified_cleared: number;
            verified_not_cleared: number;
        };
        RemediationStatus: {
            active_overrides: components["schemas"]["Override"][];
            /** @description agent versions the hosts last reported (null: never connected), most hosts first */
            agent_versions_in_use: {
                hosts: number;
                version: string | null;
            }[];
            disabled_by: ("settings" | "override") | (never | null);
            effective_override: components["schemas"]["EffectiveOverride"];
            /** @description true when actions execute at this target */
            enabled: boolean;
            enabled_rules: number;
            hosts: {
                dry_run: number;
                enabled: number;
                never_connected: number;
                offline: number;
                online: number;
                paused: number;
                stale: number;
                total: number;
            };
            manual_override: boolean;
            mode: "enabled" | "dry_run" | "paused";
            model_versions_in_use: {
                hosts: number;
                version: string | null;
            }[];
            recent_actions: components["schemas"]["Action"][];
            /** @description the fleet-wide switch of PUT /settings */
            remediation_switch: "on" | "off";
            rules: components["schemas"]["Rule"][];
            ruleset_version: number;
            ruleset_versions_in_use: {
                hosts: number;
                version: number | null;
            }[];
            target: string;
            total_actions: number;
            total_rules: number;
        };
        Rollout: {
            /** Format: date-time */
            created_at: string;
            created_by: string;
            events: components["schemas"]["RolloutEvent"][];
            /** Format: date-time */
            finished_at: string | null;
            from_ruleset_version: number | null;
            gate: {
                [key: string]: unknown;
            };
            id: string;
            kind: "ruleset" | "model";
            last_gate: {
                [key: string]: unknown;
            } | null;
            reason: string | null;
            /** Format: date-time */
            soak_ends_at: string | null;
            /** @description the current stage, 1-based */
            stage: number;
            /** Format: date-time */
            stage_started_at: string;
            stages: components["schemas"]["RolloutStage"][];
            state: "running" | "paused" | "completed" | "rolled_back" | "aborted";
            to_model_version: string | null;
            to_ruleset_version: number | null;
        };
        RolloutDetail: {
            /** Format: date-time */
            created_at: string;
            created_by: string;
            events: components["schemas"]["RolloutEvent"][];
            /** Format: date-time */
            finished_at: string | null;
            from_ruleset_version: number | null;
            gate: {
                [key: string]: unknown;
            };
            hosts: components["schemas"]["RolloutHost"][];
            hosts_total: number;
            id: string;
            kind: "ruleset" | "model";
            last_gate: {
                [key: string]: unknown;
            } | null;
            reason: string | null;
            /** Format: date-time */
            soak_ends_at: string | null;
            /** @description the current stage, 1-based */
            stage: number;
            /** Format: date-time */
            stage_started_at: string;
            stages: components["schemas"]["RolloutStage"][];
            state: "running" | "paused" | "completed" | "rolled_back" | "aborted";
            to_model_version: string | null;
            to_ruleset_version: number | null;
        };
        RolloutEvent: {
            /** Format: date-time */
            at: string;
            by: string;
            detail?: string;
            event: string;
            stage: number;
        };
        RolloutHost: {
            applied_model_version: string | null;
            applied_ruleset_version: number | null;
            connection_state: string;
            desired_model_version: string | null;
            desired_ruleset_version: number;
            host_id: string;
            hostname: string;
            on_new_version: boolean;
            stage: number | null;
        };
        RolloutList: {
            rollouts: components["schemas"]["Rollout"][];
            total: number;
        };
        RolloutStage: {
            hosts: number | null;
            percent: number | null;
            selector: string | null;
            soak_s: number;
            /** @description 1-based */
            stage: number;
        };
        Rule: {
            actions: {
                params?: {
                    [key: string]: unknown;
                };
                type: "restart_service" | "restart_container" | "scale_up" | "scale_down" | "clear_cache" | "emergency_shutdown" | "send_alert";
            }[];
            clear?: {
                metric: string;
                operator: "gt" | "lt" | "eq" | "gte" | "lte" | "ne";
                threshold: number;
            }[];
            conditions: {
                metric: string;
                operator: "gt" | "lt" | "eq" | "gte" | "lte" | "ne";
                threshold: number;
            }[];
            /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
            cooldown: number | string;
            description?: string;
            enabled?: boolean;
            escalation?: {
                steps: {
                    actions: {
                        params?: {
                            [key: string]: unknown;
                        };
                        type: "restart_service" | "restart_container" | "scale_up" | "scale_down" | "clear_cache" | "emergency_shutdown" | "send_alert";
                    }[];
                    /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    timeout?: number | string;
                }[];
                /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                timeout: number | string;
            };
            for?: {
                /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                duration?: number | string;
                samples?: number;
            };
            max_actions?: {
                count: number;
                /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                window: number | string;
            };
            name: string;
            priority: number;
            /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
            reset_after?: number | string;
            scope?: {
                hosts?: string[];
                labels?: {
                    [key: string]: string;
                };
            };
        };
        RuleAutoPause: {
            enabled: boolean;
            failed_verifications: number;
            /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
            window: number | string;
        };
        RuleChange: {
            rule?: components["schemas"]["Rule"];
            version: number;
        };
        RuleEvaluation: {
            actions: {
                params?: {
                    [key: string]: unknown;
                };
                type: "restart_service" | "restart_container" | "scale_up" | "scale_down" | "clear_cache" | "emergency_shutdown" | "send_alert";
            }[];
            alert?: {
                severity: string;
                summary: string;
            };
            clear?: {
                held: boolean;
                metric: string;
                observed: number | null;
                operator: "gt" | "lt" | "eq" | "gte" | "lte" | "ne";
                threshold: number;
            }[];
            conditions: {
                held: boolean;
                metric: string;
                observed: number | null;
                operator: "gt" | "lt" | "eq" | "gte" | "lte" | "ne";
                threshold: number;
            }[];
            fired: boolean;
            missing: string[];
            /** @description execute | dry_run | suppressed | not_fired */
            outcome: string;
            priority: number;
            reason: string;
            rule: string;
            suppressed_by: string;
        };
        RuleHealth: {
            in_ruleset: boolean;
            last_1h: {
                /** @description verifications that ended with the condition still holding */
                failed: number;
                /** @description hosts with at least one failed verification */
                failed_hosts: number;
                /** @description verifications that could not tell (a needed metric was missing) */
                inconclusive: number;
                /** @description verifications that proved the condition cleared */
                ok: number;
                /** @description ok / (ok + failed); null when there is nothing to rate */
                success_rate: number | null;
            };
            last_24h: {
                /** @description verifications that ended with the condition still holding */
                failed: number;
                /** @description hosts with at least one failed verification */
                failed_hosts: number;
                /** @description verifications that could not tell (a needed metric was missing) */
                inconclusive: number;
                /** @description verifications that proved the condition cleared */
                ok: number;
                /** @description ok / (ok + failed); null when there is nothing to rate */
                success_rate: number | null;
            };
            pause: {
                numbers: {
                    failed: number;
                    hosts: number;
                    threshold: number;
                    window_s: number;
                };
                /** Format: date-time */
                paused_at: string;
                paused_by: string;
                reason: string;
                resume_reason: string | null;
                /** Format: date-time */
                resumed_at: string | null;
                resumed_by: string | null;
                status: "paused" | "resumed";
            } | null;
            paused: boolean;
            rule: string;
        };
        RuleHealthList: {
            auto_pause: components["schemas"]["RuleAutoPause"];
            rules: components["schemas"]["RuleHealth"][];
        };
        RuleList: {
            rules: components["schemas"]["Rule"][];
            version: number;
        };
        RulesetCommit: {
            added: string[];
            /** @description false: the rules were already these; no version was made */
            changed: boolean;
            modified: string[];
            removed: string[];
            version: number;
        };
        RulesetDiff: {
            added: components["schemas"]["Rule"][];
            changed: {
                after: components["schemas"]["Rule"];
                before: components["schemas"]["Rule"];
                fields: string[];
                name: string;
            }[];
            from: number;
            removed: components["schemas"]["Rule"][];
            to: number;
            unchanged: string[];
        };
        RulesetReplay: {
            /** @description what the replay cannot know about the past and how it stands in for it */
            assumptions: string[];
            /** @description budgets simulated over the replayed firings (see assumptions) */
            budgets: {
                /** @description how long each replayed disruptive action holds its lease (assumption) */
                hold_s: number;
                items: {
                    delayed: number;
                    max_delay_s: number;
                    max_hosts: number | null;
                    max_percent: number | null;
                    name: string;
                    refused: number;
                    selector: string | null;
                }[];
                /** @description replayed firings with a disruptive action (0 when there is no budget) */
                permit_requests: number;
                /** @description the budgets that exist now, or body.budgets */
                source: "current" | "request";
                /** @description how long a replayed request waits in a full budget's queue */
                wait_s: number;
            };
            comparison: {
                both: {
                    items: {
                        action: string;
                        action_id: string;
                        host_id: string;
                        hostname: string;
                        /** Format: date-time */
                        ran_ts: string;
                        /** Format: date-time */
                        replay_ts: string;
                        rule: string;
                        status: string;
                    }[];
                    /** @description every action the replay takes that also ran; items holds the first `limit` */
                    total: number;
                };
                /** @description false when the range held more stored actions than one replay reads */
                complete: boolean;
                /** @description a replayed action and a stored one of the same host, rule and type this close are one event */
                match_window_s: number;
                ran_not_would_fire: {
                    items: {
                        action: string;
                        action_id: string;
                        host_id: string;
                        hostname: string;
                        rule: string;
                        status: string;
                        /** Format: date-time */
                        ts: string;
                    }[];
                    /** @description every action that ran that the replay does not take; items holds the first `limit` */
                    total: number;
                };
                would_fire_not_run: {
                    items: {
                        action: string;
                        host_id: string;
                        hostname: string;
                        rule: string;
                        /** Format: date-time */
                        ts: string;
                    }[];
                    /** @description every action the replay takes that did not run; items holds the first `limit` */
                    total: number;
                };
            };
            duration_ms: number;
            firings: {
                items: {
                    actions: {
                        params?: {
                            [key: string]: unknown;
                        };
                        type: "restart_service" | "restart_container" | "scale_up" | "scale_down" | "clear_cache" | "emergency_shutdown" | "send_alert";
                    }[];
                    host_id: string;
                    hostname: string;
                    outcome: "execute" | "dry_run";
                    rule: string;
                    /** Format: date-time */
                    ts: string;
                }[];
                /** @description every firing that passed the gates, by host then time; items holds the first `limit` */
                total: number;
            };
            hosts: {
                items: {
                    both: number;
                    host_id: string;
                    hostname: string;
                    ran: number;
                    ran_only: number;
                    samples: number;
                    would_act: number;
                    would_only: number;
                }[];
                /** @description every host replayed, busiest first; items holds the first `limit` */
                total: number;
            };
            hosts_matched: number;
            hosts_with_samples: number;
            limit: number;
            range: {
                /** Format: date-time */
                from: string;
                /** Format: date-time */
                to: string;
            };
            rules: {
                /** @description max_actions stops that raise an alert */
                alerts: number;
                both: number;
                budget_delayed: number;
                budget_refused: number;
                /** @description with baseline: the current ruleset over the same samples */
                current?: {
                    /** @description max_actions stops that raise an alert */
                    alerts: number;
                    /** @description passed every gate under a dry_run override (nothing runs) */
                    dry_run: number;
                    /** @description conditions held long enough (for), in scope and enabled */
                    fired: number;
                    in_ruleset: boolean;
                    /** @description refusals by gate (cooldown, max_actions, override_paused, active, …) */
                    suppressed: {
                        [key: string]: number;
                    };
                    /** @description passed every replayed gate with the override enabled: the actions would have run */
                    would_act: number;
                    /** @description the actions those would_act firings would have run (a rule may have several) */
                    would_actions: number;
                };
                /** @description passed every gate under a dry_run override (nothing runs) */
                dry_run: number;
                /** @description conditions held long enough (for), in scope and enabled */
                fired: number;
                /** @description false for a rule that only appears in what ran (removed or renamed) */
                in_ruleset: boolean;
                /** @description stored actions of this rule in range; ran, both, would_only and ran_only count actions, not firings */
                ran: number;
                ran_only: number;
                rule: string;
                /** @description refusals by gate (cooldown, max_actions, override_paused, active, …) */
                suppressed: {
                    [key: string]: number;
                };
                /** @description passed every replayed gate with the override enabled: the actions would have run */
                would_act: number;
                /** @description the actions those would_act firings would have run (a rule may have several) */
                would_actions: number;
                would_only: number;
            }[];
            ruleset: {
                current_version: number;
                rules: number;
                source: "rules" | "yaml" | "change";
            };
            /** @description stored samples replayed */
            samples: number;
            samples_per_second: number;
            selector: string | null;
            totals: {
                /** @description would_act firings a full budget would have made wait for a lease (budgets simulated) */
                budget_delayed: number;
                /** @description would_act firings a full budget would have refused after their wait */
                budget_refused: number;
                /** @description with baseline: what the current ruleset would have done */
                current_would_act?: number;
                dry_run: number;
                fired: number;
                /** @description stored actions in range; null when there were too many to read */
                ran: number | null;
                would_act: number;
                /** @description would_act minus budget_refused */
                would_act_after_budgets: number;
            };
        };
        RulesetRollout: {
            behind: number;
            current_version: number;
            up_to_date: number;
            versions: {
                host_ids: string[];
                hosts: number;
                version: number | null;
            }[];
        };
        RulesetVersion: {
            author: string;
            /** Format: date-time */
            created_at: string;
            message: string;
            rules: components["schemas"]["Rule"][];
            version: number;
        };
        RulesetVersionList: {
            current_version: number;
            versions: components["schemas"]["RulesetVersionSummary"][];
        };
        RulesetVersionSummary: {
            author: string;
            /** Format: date-time */
            created_at: string;
            message: string;
            rule_count: number;
            version: number;
        };
        RuleTestResult: {
            evaluations: components["schemas"]["RuleEvaluation"][];
            /** @description always false: nothing is executed */
            executed: boolean;
            host_id: string | null;
            mode: "enabled" | "dry_run" | "paused";
            remediation_enabled: boolean;
            ruleset_version: number;
            triggered_rules: string[];
            would_execute: {
                params?: {
                    [key: string]: unknown;
                };
                rule: string;
                type: "restart_service" | "restart_container" | "scale_up" | "scale_down" | "clear_cache" | "emergency_shutdown" | "send_alert";
            }[];
        };
        RuntimeConfigChange: {
            config: {
                /** @description a duration of at most 3600 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                action_timeout?: number | string;
                buffer_size?: number;
                interval_s?: number;
                monitoring?: boolean;
                /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                verify_window?: number | string;
            };
            target: string;
        };
        RuntimeConfigDocument: {
            config: {
                /** @description a duration of at most 3600 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                action_timeout: number | string;
                buffer_size: number;
                interval_s: number;
                monitoring: boolean;
                /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                verify_window: number | string;
            };
            host_patch?: {
                /** @description a duration of at most 3600 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                action_timeout?: number | string;
                buffer_size?: number;
                interval_s?: number;
                monitoring?: boolean;
                /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                verify_window?: number | string;
            };
            scope: "fleet" | "host";
        };
        SelfTestReport: {
            database: {
                latency_ms: number;
                ok: boolean;
            };
            hosts: components["schemas"]["HostTestVerdict"][];
            /** @description true when at least one host was tested and every host passed */
            passed: boolean;
            /** @description what to fix, each prefixed with its host id */
            problems: string[];
            results: components["schemas"]["CommandOutcome"][];
            target: string;
        };
        Settings: {
            alert_intake: components["schemas"]["AlertIntake"];
            notifiers: components["schemas"]["Notifier"][];
            remediation_enabled: boolean;
            rule_auto_pause: components["schemas"]["RuleAutoPause"];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getActivity: {
        parameters: {
            query?: {
                /** @description bucket width, e.g. 5m; default: a step giving at most 60 buckets */
                bucket?: string;
                /** @description default: `to` minus 24 h */
                from?: string;
                /** @description one host */
                host_id?: string;
                /** @description label selector, e.g. env=prod,role=web */
                selector?: string;
                /** @description default: now */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ActivitySeries"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getAgentReleases: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AgentReleaseList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postAgentReleases: {
        parameters: {
            query?: never;
            header?: {
                "x-scops-signature"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AgentRelease"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AgentRelease"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getAgentReleasesByVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AgentReleaseDetail"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postAgentReleasesAssignByVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one host */
                    host_id?: string;
                    /** @description fleet | group (selector) | host (host_id); inferred when absent */
                    scope?: "fleet" | "group" | "host";
                    /** @description label selector, e.g. env=prod,role=web */
                    selector?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AgentReleaseActivation"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AgentReleaseActivation"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postAgentReleasesRollback: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one host */
                    host_id?: string;
                    /** @description fleet | group (selector) | host (host_id); inferred when absent */
                    scope?: "fleet" | "group" | "host";
                    /** @description label selector, e.g. env=prod,role=web */
                    selector?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AgentReleaseRollback"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getAgentVersions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AgentVersionList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postAgentsEnroll: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    agent_version?: string;
                    hostname: string;
                    labels?: {
                        [key: string]: string;
                    };
                    token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            credential: string;
                            host_id: string;
                        };
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getAgentsModelsByVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the model file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getAgentsReleasesByVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the release tarball */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/gzip": string;
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getAlerts: {
        parameters: {
            query?: {
                delivery_status?: "pending" | "queued" | "delivered" | "failed" | "no_notifier";
                from?: string;
                host_id?: string;
                limit?: number;
                offset?: number;
                severity?: "info" | "warning" | "critical";
                status?: "firing" | "resolved";
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AlertList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postAlertsAlertmanager: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    alerts: {
                        annotations?: {
                            [key: string]: string;
                        };
                        endsAt?: string;
                        fingerprint: string;
                        generatorURL?: string;
                        labels: {
                            [key: string]: string;
                        };
                        startsAt: string;
                        status: "firing" | "resolved";
                    }[];
                    commonAnnotations?: {
                        [key: string]: string;
                    };
                    commonLabels?: {
                        [key: string]: string;
                    };
                    externalURL?: string;
                    groupKey?: string;
                    groupLabels?: {
                        [key: string]: string;
                    };
                    receiver: string;
                    status: "firing" | "resolved";
                    truncatedAlerts?: number;
                    /** @enum {string} */
                    version: "4";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AlertmanagerIntakeResult"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getAudit: {
        parameters: {
            query?: {
                actor?: string;
                from?: string;
                limit?: number;
                offset?: number;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AuditList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getAuthWhoami: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Principal"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getBudgets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Budget"][];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postBudgets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    max_hosts?: number;
                    max_percent?: number;
                    min_healthy_percent?: number;
                    name: string;
                    /** @description Kubernetes label selector (env=prod,role in (web,api)); absent = the whole fleet */
                    selector?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Budget"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getBudgetsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Budget"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    putBudgetsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    max_hosts?: number;
                    max_percent?: number;
                    min_healthy_percent?: number;
                    name: string;
                    /** @description Kubernetes label selector (env=prod,role in (web,api)); absent = the whole fleet */
                    selector?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Budget"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    deleteBudgetsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Budget"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getDeadLetters: {
        parameters: {
            query?: {
                host_id?: string;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["DeadLetterList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getEnrollmentTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["EnrollmentToken"][];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postEnrollmentTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    expires_in?: number | string;
                    labels?: {
                        [key: string]: string;
                    };
                    max_uses?: number;
                    name: string;
                    /** @description may take over an enrolled hostname (revoking its credential) or re-admit a decommissioned one; audited */
                    reprovision?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["EnrollmentTokenCreated"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    deleteEnrollmentTokensById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["EnrollmentToken"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getExternalAlerts: {
        parameters: {
            query?: {
                host_id?: string;
                limit?: number;
                offset?: number;
                state?: "firing" | "expired" | "resolved";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ExternalAlertList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getHosts: {
        parameters: {
            query?: {
                include_decommissioned?: boolean;
                limit?: number;
                offset?: number;
                selector?: string;
                state?: "never" | "online" | "stale" | "offline";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["HostList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getHostsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description host id, or hostname */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["HostDetail"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    deleteHostsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description host id, or hostname */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Host"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getHostsActionsById: {
        parameters: {
            query?: {
                from?: string;
                limit?: number;
                offset?: number;
                to?: string;
            };
            header?: never;
            path: {
                /** @description host id, or hostname */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ActionList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getHostsDecisionsById: {
        parameters: {
            query?: {
                from?: string;
                limit?: number;
                offset?: number;
                outcome?: string;
                rule?: string;
                to?: string;
            };
            header?: never;
            path: {
                /** @description host id, or hostname */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["DecisionList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    putHostsLabelsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    labels: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["HostLabels"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postHostsLabelsApproveReportedById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["HostLabels"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getHostsMetricsById: {
        parameters: {
            query?: {
                from?: string;
                limit?: number;
                to?: string;
            };
            header?: never;
            path: {
                /** @description host id, or hostname */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["MetricSampleList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getInhibitions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Inhibition"][];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postInhibitions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description disruptive action types; absent or empty = all of them */
                    actions?: ("restart_service" | "restart_container" | "scale_up" | "scale_down" | "clear_cache" | "emergency_shutdown" | "send_alert")[];
                    condition: {
                        alert_firing?: {
                            labels: {
                                [key: string]: string;
                            };
                        };
                        group_unhealthy?: {
                            below_percent: number;
                            selector: string;
                        };
                    };
                    name: string;
                    /** @description rule names; absent or empty = every rule */
                    rules?: string[];
                    /** @description hosts whose actions are inhibited (Kubernetes label selector); absent = the whole fleet */
                    selector?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Inhibition"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getInhibitionsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Inhibition"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    putInhibitionsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description disruptive action types; absent or empty = all of them */
                    actions?: ("restart_service" | "restart_container" | "scale_up" | "scale_down" | "clear_cache" | "emergency_shutdown" | "send_alert")[];
                    condition: {
                        alert_firing?: {
                            labels: {
                                [key: string]: string;
                            };
                        };
                        group_unhealthy?: {
                            below_percent: number;
                            selector: string;
                        };
                    };
                    name: string;
                    /** @description rule names; absent or empty = every rule */
                    rules?: string[];
                    /** @description hosts whose actions are inhibited (Kubernetes label selector); absent = the whole fleet */
                    selector?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Inhibition"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    deleteInhibitionsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Inhibition"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getIntakeTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["IntakeToken"][];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postIntakeTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["IntakeTokenCreated"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    deleteIntakeTokensById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["IntakeTokenRevoked"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getIntegrationConfig: {
        parameters: {
            query?: {
                /** @description one host */
                host_id?: string;
                /** @description label selector, e.g. env=prod,role=web */
                selector?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RuntimeConfigDocument"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    putIntegrationConfig: {
        parameters: {
            query?: {
                /** @description one host */
                host_id?: string;
                /** @description label selector, e.g. env=prod,role=web */
                selector?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a duration of at most 3600 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    action_timeout?: number | string;
                    buffer_size?: number;
                    config?: {
                        /** @description a duration of at most 3600 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                        action_timeout?: number | string;
                        buffer_size?: number;
                        interval_s?: number;
                        monitoring?: boolean;
                        /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                        verify_window?: number | string;
                    };
                    host_patch?: {
                        /** @description a duration of at most 3600 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                        action_timeout?: number | string;
                        buffer_size?: number;
                        interval_s?: number;
                        monitoring?: boolean;
                        /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                        verify_window?: number | string;
                    };
                    interval_s?: number;
                    monitoring?: boolean;
                    /** @description document form: as GET answers */
                    scope?: "fleet" | "host";
                    /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    verify_window?: number | string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RuntimeConfigChange"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getIntegrationHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["IntegrationHealth"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getIntegrationMetrics: {
        parameters: {
            query?: {
                /** @description one host */
                host_id?: string;
                limit?: number;
                /** @description label selector, e.g. env=prod,role=web */
                selector?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["MetricSampleList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postIntegrationStart: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one host */
                    host_id?: string;
                    /** @description label selector, e.g. env=prod,role=web */
                    selector?: string;
                    /** @description how long to wait for results (default 5000) */
                    wait_ms?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CommandReport"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getIntegrationStatus: {
        parameters: {
            query?: {
                /** @description one host */
                host_id?: string;
                /** @description label selector, e.g. env=prod,role=web */
                selector?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["MonitoringStatus"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postIntegrationStop: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one host */
                    host_id?: string;
                    /** @description label selector, e.g. env=prod,role=web */
                    selector?: string;
                    /** @description how long to wait for results (default 5000) */
                    wait_ms?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CommandReport"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postIntegrationTest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one host */
                    host_id?: string;
                    /** @description metric name → value to evaluate instead of a fresh sample */
                    metrics?: {
                        [key: string]: number;
                    };
                    /** @description label selector, e.g. env=prod,role=web */
                    selector?: string;
                    /** @description how long to wait for results (default 5000) */
                    wait_ms?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SelfTestReport"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postIntegrationTrigger: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one host */
                    host_id?: string;
                    /** @description label selector, e.g. env=prod,role=web */
                    selector?: string;
                    /** @description how long to wait for results (default 5000) */
                    wait_ms?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["CommandReport"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ModelList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postModels: {
        parameters: {
            query?: {
                version?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Model"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Model"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getModelsByVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ModelDetail"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postModelsActivateByVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one host */
                    host_id?: string;
                    /** @description fleet | group (selector) | host (host_id); inferred when absent */
                    scope?: "fleet" | "group" | "host";
                    /** @description label selector, e.g. env=prod,role=web */
                    selector?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ModelActivation"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ModelActivation"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postModelsRollback: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one host */
                    host_id?: string;
                    /** @description fleet | group (selector) | host (host_id); inferred when absent */
                    scope?: "fleet" | "group" | "host";
                    /** @description label selector, e.g. env=prod,role=web */
                    selector?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ModelRollback"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postNotifiersTestByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    severity?: "info" | "warning" | "critical";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["NotifierTestResult"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getOverrides: {
        parameters: {
            query?: {
                include_inactive?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["OverrideWithMatches"][];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postOverrides: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    expires_at?: string;
                    /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    expires_in?: number | string;
                    /** @description one host */
                    host_id?: string;
                    mode: "enabled" | "dry_run" | "paused";
                    /** @description why (recorded with the override) */
                    reason?: string;
                    /** @description label selector, e.g. env=prod,role=web */
                    selector?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["OverrideWithMatches"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    deleteOverridesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Override"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getRemediationActions: {
        parameters: {
            query?: {
                action?: string;
                from?: string;
                /** @description one host */
                host_id?: string;
                limit?: number;
                offset?: number;
                rule?: string;
                /** @description label selector, e.g. env=prod,role=web */
                selector?: string;
                status?: "started" | "succeeded" | "failed";
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ActionList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postRemediationDisable: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    expires_at?: string;
                    /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    expires_in?: number | string;
                    /** @description one host */
                    host_id?: string;
                    /** @description why (recorded with the override) */
                    reason?: string;
                    /** @description label selector, e.g. env=prod,role=web */
                    selector?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["OverrideWithMatches"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postRemediationEnable: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one host */
                    host_id?: string;
                    /** @description label selector, e.g. env=prod,role=web */
                    selector?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            cleared: components["schemas"]["Override"][];
                            still_active: components["schemas"]["Override"][];
                        };
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getRemediationMetrics: {
        parameters: {
            query?: {
                /** @description one host */
                host_id?: string;
                /** @description label selector, e.g. env=prod,role=web */
                selector?: string;
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RemediationMetrics"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postRemediationOverride: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    expires_at?: string;
                    /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    expires_in?: number | string;
                    /** @description one host */
                    host_id?: string;
                    mode: "enabled" | "dry_run" | "paused";
                    /** @description why (recorded with the override) */
                    reason?: string;
                    /** @description label selector, e.g. env=prod,role=web */
                    selector?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["OverrideWithMatches"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getRemediationRules: {
        parameters: {
            query?: {
                host_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RuleList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postRemediationRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    actions: {
                        params?: {
                            [key: string]: unknown;
                        };
                        type: "restart_service" | "restart_container" | "scale_up" | "scale_down" | "clear_cache" | "emergency_shutdown" | "send_alert";
                    }[];
                    clear?: {
                        metric: string;
                        operator: "gt" | "lt" | "eq" | "gte" | "lte" | "ne";
                        threshold: number;
                    }[];
                    conditions: {
                        metric: string;
                        operator: "gt" | "lt" | "eq" | "gte" | "lte" | "ne";
                        threshold: number;
                    }[];
                    /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    cooldown: number | string;
                    description?: string;
                    enabled?: boolean;
                    escalation?: {
                        steps: {
                            actions: {
                                params?: {
                                    [key: string]: unknown;
                                };
                                type: "restart_service" | "restart_container" | "scale_up" | "scale_down" | "clear_cache" | "emergency_shutdown" | "send_alert";
                            }[];
                            /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                            timeout?: number | string;
                        }[];
                        /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                        timeout: number | string;
                    };
                    for?: {
                        /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                        duration?: number | string;
                        samples?: number;
                    };
                    max_actions?: {
                        count: number;
                        /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                        window: number | string;
                    };
                    name: string;
                    priority: number;
                    /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    reset_after?: number | string;
                    scope?: {
                        hosts?: string[];
                        labels?: {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RuleChange"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    putRemediationRulesByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    actions: {
                        params?: {
                            [key: string]: unknown;
                        };
                        type: "restart_service" | "restart_container" | "scale_up" | "scale_down" | "clear_cache" | "emergency_shutdown" | "send_alert";
                    }[];
                    clear?: {
                        metric: string;
                        operator: "gt" | "lt" | "eq" | "gte" | "lte" | "ne";
                        threshold: number;
                    }[];
                    conditions: {
                        metric: string;
                        operator: "gt" | "lt" | "eq" | "gte" | "lte" | "ne";
                        threshold: number;
                    }[];
                    /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    cooldown: number | string;
                    description?: string;
                    enabled?: boolean;
                    escalation?: {
                        steps: {
                            actions: {
                                params?: {
                                    [key: string]: unknown;
                                };
                                type: "restart_service" | "restart_container" | "scale_up" | "scale_down" | "clear_cache" | "emergency_shutdown" | "send_alert";
                            }[];
                            /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                            timeout?: number | string;
                        }[];
                        /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                        timeout: number | string;
                    };
                    for?: {
                        /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                        duration?: number | string;
                        samples?: number;
                    };
                    max_actions?: {
                        count: number;
                        /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                        window: number | string;
                    };
                    name: string;
                    priority: number;
                    /** @description a duration of at most 31536000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    reset_after?: number | string;
                    scope?: {
                        hosts?: string[];
                        labels?: {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RuleChange"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    deleteRemediationRulesByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RuleChange"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getRemediationStatus: {
        parameters: {
            query?: {
                /** @description one host */
                host_id?: string;
                /** @description label selector, e.g. env=prod,role=web */
                selector?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RemediationStatus"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postRemediationTest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    host_id?: string;
                    labels?: {
                        [key: string]: string;
                    };
                    metrics?: {
                        [key: string]: number;
                    };
                } & {
                    [key: string]: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RuleTestResult"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getRollouts: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RolloutList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postRollouts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    gate?: {
                        action_rate?: {
                            /** @description the new version may reach this multiple of the old per host */
                            max_ratio?: number;
                            /** @description and a breach needs at least this much more per host over the window */
                            min_excess?: number;
                        };
                        agent_errors?: {
                            /** @description the new version may reach this multiple of the old per host */
                            max_ratio?: number;
                            /** @description and a breach needs at least this much more per host over the window */
                            min_excess?: number;
                        };
                        failed_verifications?: {
                            /** @description the new version may reach this multiple of the old per host */
                            max_ratio?: number;
                            /** @description and a breach needs at least this much more per host over the window */
                            min_excess?: number;
                        };
                        suppressions?: {
                            /** @description the new version may reach this multiple of the old per host */
                            max_ratio?: number;
                            /** @description and a breach needs at least this much more per host over the window */
                            min_excess?: number;
                        };
                    };
                    kind: "ruleset" | "model";
                    message?: string;
                    /** @description model: an uploaded model version */
                    model_version?: string;
                    /** @description ruleset: the new rules (recorded as a version that is not current until the rollout completes) */
                    rules?: unknown[];
                    /** @description ruleset: an existing version to roll out instead of rules */
                    ruleset_version?: number;
                    stages: {
                        /** @description the first N % of hosts by a stable hash of the host id; stages only grow, the last is 100 */
                        percent?: number;
                        /** @description canary: the hosts matching this label selector (Kubernetes grammar) */
                        selector?: string;
                        /** @description a duration of at most 2592000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                        soak: number | string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RolloutDetail"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getRolloutsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RolloutDetail"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postRolloutsAbortById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RolloutDetail"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postRolloutsPauseById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RolloutDetail"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postRolloutsPromoteById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RolloutDetail"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postRolloutsResumeById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RolloutDetail"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getRulesHealthByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RuleHealth"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postRulesResumeByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description why it is safe to act again (audited) */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RuleHealth"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getRulesHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RuleHealthList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getRulesets: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RulesetVersionList"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    putRulesets: {
        parameters: {
            query?: {
                expected_version?: number;
                message?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": string | {
                    expected_version?: number;
                    message?: string;
                    rules: unknown[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RulesetCommit"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getRulesetsByVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RulesetVersion"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getRulesetsDiff: {
        parameters: {
            query: {
                from: number;
                to: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RulesetDiff"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getRulesetsExport: {
        parameters: {
            query?: {
                format?: "yaml" | "json";
                version?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the rules file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                    "application/yaml": string;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    replayRuleset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description also replay the current ruleset over the same samples, for a per-rule comparison */
                    baseline?: boolean;
                    /** @description a duration of at most 3600 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    budget_hold?: number | string;
                    /** @description a duration of at most 60 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    budget_wait?: number | string;
                    /** @description budgets to simulate instead of the ones that exist now (as POST /budgets takes them; min_healthy_percent is not simulated). [] = none */
                    budgets?: {
                        max_hosts?: number;
                        max_percent?: number;
                        name: string;
                        selector?: string;
                    }[];
                    /** @description a change to the current ruleset */
                    change?: {
                        /** @description names of current rules to drop */
                        remove?: string[];
                        /** @description rules added to, or replacing by name, the current ruleset */
                        upsert?: unknown[];
                    };
                    /**
                     * Format: date-time
                     * @description start of the range (inclusive)
                     */
                    from: string;
                    /**
                     * @description items per list in the answer (totals are always complete)
                     * @default 200
                     */
                    limit?: number;
                    /** @description a duration of at most 3600 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                    match_window?: number | string;
                    /** @description a whole ruleset, as PUT /rulesets takes it */
                    rules?: unknown[];
                    /** @description hosts to replay, Kubernetes label-selector grammar (env=prod,role in (web,api)); default every host */
                    selector?: string;
                    /**
                     * Format: date-time
                     * @description end of the range (exclusive); default now. At most 7 days after from
                     */
                    to?: string;
                    /** @description a YAML rules file, as kept in git (the parser of PUT /rulesets) */
                    yaml?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RulesetReplay"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getRulesetsRollout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["RulesetRollout"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Settings"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    putSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    alert_intake?: {
                        /** @description a duration of at most 2592000 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                        firing_expires_after?: number | string;
                        host_label_key?: string;
                        host_labels: string[];
                    };
                    notifiers?: {
                        from?: string;
                        headers?: {
                            [key: string]: string;
                        };
                        kind: "log" | "webhook" | "slack" | "pagerduty" | "email";
                        match_labels?: {
                            [key: string]: string;
                        };
                        min_severity?: "info" | "warning" | "critical";
                        name: string;
                        routing_key?: string;
                        rules?: string[];
                        secret?: string;
                        send_resolved?: boolean;
                        smtp?: {
                            host: string;
                            password?: string;
                            port: number;
                            secure?: boolean;
                            user?: string;
                        };
                        to?: string[];
                        url?: string;
                    }[];
                    remediation_enabled?: boolean;
                    rule_auto_pause?: {
                        enabled: boolean;
                        failed_verifications: number;
                        /** @description a duration of at most 86400 s: seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d" */
                        window: number | string;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Settings"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    getTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ApiToken"][];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    postTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    role: "viewer" | "operator" | "admin";
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ApiTokenCreated"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
    deleteTokensById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ApiTokenRevoked"];
                        /** @enum {string} */
                        status: "success";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                        /** @enum {string} */
                        status: "error";
                    };
                };
            };
        };
    };
}
