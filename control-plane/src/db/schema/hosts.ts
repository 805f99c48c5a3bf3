import { bigint, doublePrecision, index, integer, jsonb, pgSequence, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

export const connectionStates = ['never', 'online', 'stale', 'offline'] as const
export type ConnectionState = (typeof connectionStates)[number]

/** One enrolled host. Identity is `id`; the hostname is what the agent reported at enrollment. */
export const hosts = pgTable(
  'hosts',
  {
    id: text('id').primaryKey(),
    hostname: text('hostname').notNull(),
    /** Authoritative: from the enrollment token, then changed only through the API. Groups, overrides, rule scopes and models follow these. */
    labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
    /** What the agent proposed (enrollment request, hello): shown, never used, until an operator approves it. */
    reportedLabels: jsonb('reported_labels').$type<Record<string, string>>().notNull().default({}),
    agentVersion: text('agent_version'),
    capabilities: jsonb('capabilities').$type<{ actions: string[]; collectors: string[] }>(),
    facts: jsonb('facts').$type<Record<string, unknown>>(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    connectionState: text('connection_state').$type<ConnectionState>().notNull().default('never'),
    monitoring: text('monitoring').$type<'on' | 'off' | 'unknown'>().notNull().default('unknown'),
    /** What the agent acknowledged applying. */
    appliedRevision: bigint('applied_revision', { mode: 'number' }),
    appliedRulesetVersion: integer('applied_ruleset_version'),
    appliedModelVersion: text('applied_model_version'),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    applyError: text('apply_error'),
    /** The last snapshot sent: its revision and a hash of its content (without the revision). */
    desiredRevision: bigint('desired_revision', { mode: 'number' }).notNull().default(0),
    desiredHash: text('desired_hash'),
    /** Host-specific runtime config on top of the fleet config (integration config PUT with host_id/selector). */
    configPatch: jsonb('config_patch').$type<Record<string, unknown>>().notNull().default({}),
    lastAnomalyScore: jsonb('last_anomaly_score').$type<number | null>(),
    decommissionedAt: timestamp('decommissioned_at', { withTimezone: true }),
    /**
     * The replica holding the host's socket, and when it last confirmed holding it (every liveness
     * sweep). A replica that dies (kill -9) stops confirming, and any replica's sweep then marks its
     * hosts offline; a replica only ever marks offline the hosts it owns itself.
     */
    connectedReplica: text('connected_replica'),
    connectionCheckedAt: timestamp('connection_checked_at', { withTimezone: true }),
    /** The agent's outbox as its last heartbeat reported it (events waiting, age of the oldest). */
    outboxDepth: integer('outbox_depth'),
    outboxOldestAgeS: doublePrecision('outbox_oldest_age_s'),
    outboxReportedAt: timestamp('outbox_reported_at', { withTimezone: true }),
  },
  (t) => [index('hosts_hostname_idx').on(t.hostname), index('hosts_state_idx').on(t.connectionState)],
)
export type HostRow = typeof hosts.$inferSelect

/**
 * Desired-state revisions come from one sequence, so a revision taken on any replica is higher than
 * every revision handed out before it.
 */
export const desiredStateSeq = pgSequence('desired_state_seq', { startWith: 1 })
