import { type ActionSpec, type AgentPayload, agentEventTypes, type ConditionResult, type MetricSample, type Suppression, type VerificationOutcome } from '@smartcloudops/shared'
import { fit, fitList, fitRecord } from '@smartcloudops/shared/protocol/fit'
import { listLimits } from '@smartcloudops/shared/protocol/limits'
import { newMessageId } from '@smartcloudops/shared/protocol/id'

/**
 * Every event the agent sends, built in one place and fitted to its schema (the shared limits
 * table, through `fit` / `fitList`), so no producer restates a limit and none can build an event
 * the control plane would refuse for its size. The recorder encodes what these return.
 */

export type AgentEventType = (typeof agentEventTypes)[number]
type Payload<T extends AgentEventType> = AgentPayload<T>

export interface DecisionInput {
  decisionId: string
  rule: string
  priority: number
  rulesetVersion: number
  sampleTs: number
  outcome: 'execute' | 'dry_run' | 'suppressed'
  suppressedBy: Suppression
  overrideMode: Payload<'decision'>['override_mode']
  reason: string
  conditions: readonly ConditionResult[]
  actions: readonly ActionSpec[]
  /** A ladder rule: which step these actions are, of how many. */
  escalation?: { step: number; of: number } | undefined
}

export function decisionEvent(d: DecisionInput): Payload<'decision'> {
  return {
    decision_id: d.decisionId,
    rule: fit(d.rule, 'ruleName'),
    priority: d.priority,
    ruleset_version: d.rulesetVersion,
    sample_ts: d.sampleTs,
    outcome: d.outcome,
    suppressed_by: d.suppressedBy,
    override_mode: d.overrideMode,
    reason: fit(d.reason, 'reason'),
    conditions: fitList(d.conditions, 'conditions'),
    actions: fitList(d.actions, 'actions'),
    ...(d.escalation ? { escalation: d.escalation } : {}),
  }
}

export function actionStartedEvent(a: { actionId: string; decisionId: string; rule: string; spec: ActionSpec; startedAt: number }): Payload<'action.started'> {
  return {
    action_id: a.actionId,
    decision_id: a.decisionId,
    rule: fit(a.rule, 'ruleName'),
    type: a.spec.type,
    params: a.spec.params ?? {},
    started_at: a.startedAt,
  }
}

export interface FinishedInput {
  actionId: string
  decisionId: string
  rule: string
  type: ActionSpec['type']
  result: { ok: boolean; retryable: boolean; error?: { code: string; message: string }; target?: string; result?: Record<string, unknown> }
  startedAt: number
  finishedAt: number
}

export function actionFinishedEvent(a: FinishedInput): Payload<'action.finished'> {
  const r = a.result
  return {
    action_id: a.actionId,
    decision_id: a.decisionId,
    rule: fit(a.rule, 'ruleName'),
    type: a.type,
    ok: r.ok,
    retryable: r.retryable,
    ...(r.error ? { error: { code: fit(r.error.code, 'errorCode'), message: fit(r.error.message, 'errorMessage') } } : {}),
    ...(r.target ? { target: fit(r.target, 'target') } : {}),
    started_at: a.startedAt,
    finished_at: a.finishedAt,
    ...(r.result ? { result: r.result } : {}),
  }
}

export function actionVerifiedEvent(v: {
  actionId: string
  decisionId: string
  rule: string
  outcome: VerificationOutcome
  windowS: number
  checkedAt: number
  detail: string
}): Payload<'action.verified'> {
  return {
    action_id: v.actionId,
    decision_id: v.decisionId,
    rule: fit(v.rule, 'ruleName'),
    // `cleared` keeps its meaning for readers that predate `outcome`: proven cleared, or not.
    cleared: v.outcome === 'cleared',
    window_s: v.windowS,
    checked_at: v.checkedAt,
    detail: fit(v.detail, 'reason'),
    outcome: v.outcome,
  }
}

export function alertEvent(a: {
  severity: Payload<'alert'>['severity']
  summary: string
  detail?: string
  rule?: string
  decisionId?: string
  channel?: string
  raisedAt: number
}): Payload<'alert'> {
  return {
    alert_id: newMessageId(),
    severity: a.severity,
    summary: fit(a.summary, 'alertSummary'),
    ...(a.detail !== undefined ? { detail: fit(a.detail, 'alertDetail') } : {}),
    ...(a.rule !== undefined ? { rule: fit(a.rule, 'ruleName') } : {}),
    ...(a.decisionId !== undefined ? { decision_id: a.decisionId } : {}),
    ...(a.channel !== undefined ? { channel: fit(a.channel, 'channel') } : {}),
    raised_at: a.raisedAt,
  }
}

/** One sample as the batch schema accepts it: the `missing` record's keys and values fitted. */
export function sampleOf(s: {
  ts: number
  metrics: Record<string, number>
  missing: Record<string, string>
  modelVersion?: string | undefined
  explanation?: MetricSample['explanation']
}): MetricSample {
  return {
    ts: s.ts,
    metrics: s.metrics,
    ...(Object.keys(s.missing).length ? { missing: fitRecord(s.missing, 'missingKey', 'missingValue') } : {}),
    ...(s.modelVersion ? { model_version: fit(s.modelVersion, 'modelVersion') } : {}),
    ...(s.explanation?.length ? { explanation: fitList(s.explanation, 'scoreDrivers') } : {}),
  }
}

/** Buffered samples as metrics.batch payloads, split at the schema's batch size. */
export function metricsBatchEvents(samples: readonly MetricSample[]): Payload<'metrics.batch'>[] {
  const out: Payload<'metrics.batch'>[] = []
  const size = listLimits.samplesPerBatch
  for (let i = 0; i < samples.length; i += size) out.push({ samples: samples.slice(i, i + size) })
  return out
}

/** A collector's health as heartbeats report it. */
export function collectorHealth(h: Record<string, { ok: boolean; error?: string }>): Record<string, { ok: boolean; error?: string }> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, v.error ? { ok: v.ok, error: fit(v.error, 'collectorError') } : { ok: v.ok }]))
}
