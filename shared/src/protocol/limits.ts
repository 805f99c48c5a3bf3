/**
 * One table of the sizes the protocol, the rules and the API accept. The TypeBox schemas take their
 * `maxLength` / `maxItems` from here, and producers clip what they send with `fit` / `fitList`
 * (./fit.ts) against the same entries — so a limit is written once, and a producer can never build
 * a message the receiver would refuse for its size.
 *
 * Changing a limit changes the wire contract: raising one is safe only once every receiver accepts
 * the larger size (see README.md, "Versioning").
 */
export const textLimits = {
  /** Message ids, host ids, override ids, command ids. */
  id: 64,
  /** A rule's name. */
  ruleName: 100,
  /** Free text people read: decision reasons, override reasons, rule descriptions, alert messages. */
  reason: 2000,
  /** Stable error codes (`no_target`, `policy_refused`, …). */
  errorCode: 64,
  /** Error messages, in events and in frames. */
  errorMessage: 2000,
  /** What an action touched, for people (container names, unit, hook). */
  target: 1000,
  alertSummary: 500,
  alertDetail: 4000,
  /** A collector's error as reported in heartbeats. */
  collectorError: 500,
  /** Keys and values of a sample's `missing` record (metric key → collector error code). */
  missingKey: 200,
  missingValue: 200,
  /** Collector names. */
  collectorName: 64,
  /** Model versions and agent versions. */
  modelVersion: 128,
  agentVersion: 64,
  /** Host facts from `hello`. */
  osName: 128,
  kernel: 128,
  arch: 32,
  /** Hostnames, authors, notifier channels, label values. */
  name: 256,
  channel: 128,
  /** WebSocket close reasons: the protocol allows 123 bytes. */
  closeReason: 120,
} as const

export const listLimits = {
  /** Conditions of a rule (and of its `clear`), and condition results in a decision. */
  conditions: 32,
  /** Actions of a rule, and in a decision. */
  actions: 16,
  /** Steps of a rule's escalation ladder after its own actions (so a ladder has at most 5 steps). */
  escalationSteps: 4,
  /** Samples in one metrics batch: a larger buffer goes out as several batches. */
  samplesPerBatch: 1000,
  /** Event ids in one ack frame. */
  ackIds: 10_000,
  /** Rules in one ruleset. */
  rules: 1000,
  /** Host ids in a rule's scope. */
  scopeHosts: 10_000,
  /** Metrics named as the drivers of one anomaly score (a sample's `explanation`). */
  scoreDrivers: 3,
} as const

export type TextLimit = keyof typeof textLimits
export type ListLimit = keyof typeof listLimits

/**
 * Numeric bounds of what the API and the protocol accept. Ids and versions are PostgreSQL
 * `integer`s; an offset past `offset` is a scan nobody means; a bound here keeps a value from ever
 * reaching SQL or a timer out of range (a 400 naming the field instead of a 500).
 */
export const numberLimits = {
  /** Largest PostgreSQL `integer`: ruleset versions, revisions, row ids in paths and queries. */
  int4: 2_147_483_647,
  /** `offset` of a paged list. */
  offset: 1_000_000,
  /** `limit` of a paged list that returns rows of history. */
  historyRows: 10_000,
  /** An enrollment token's `max_uses`. */
  maxUses: 1_000_000,
  /** Absolute value of a metric or threshold a person or an agent may send. Finite, always. */
  metricValue: 1e15,
} as const

/**
 * Durations in seconds. Node's timers hold at most 2^31−1 ms (24.8 days) and fire at once past
 * it, so anything an agent or the control plane arms as a timer must stay below `timer`; the others
 * are what an operator can mean for that setting.
 */
export const durationLimits = {
  timer: 2_147_483,
  /** How long one action may run before it is abandoned. */
  actionTimeout: 3600,
  /** How long the triggering condition is watched after an action. */
  verifyWindow: 86_400,
  /** How long an override lasts (`expires_in`); not a timer: expiry is compared with the clock. */
  overrideExpiry: 365 * 86_400,
  /** Rule durations (cooldown, for, windows): the rule engine's own bound. */
  rule: 365 * 86_400,
  /** How long a permit request may wait in a budget's queue (`permit.request.v2` `wait_s`). */
  permitWait: 60,
} as const

export type NumberLimit = keyof typeof numberLimits
export type DurationLimit = keyof typeof durationLimits
