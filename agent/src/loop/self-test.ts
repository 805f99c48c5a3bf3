import type { ActionSpec, CommandResult, MetricValues } from '@smartcloudops/shared'
import { fit } from '@smartcloudops/shared/protocol/fit'
import { evaluate, type RuleEvaluation } from '@smartcloudops/shared/rules/engine'
import type { LoopDeps, LoopState } from './cycle'
import { engineContext } from './engine-context'

/**
 * The `test` command: the current rules on a copy of the engine state, nothing executed, nothing
 * committed, nothing recorded.
 * - with `args.metrics`: those metrics are the sample (what-if);
 * - without: the integration on this host — a fresh sample from every collector, scored, the
 *   rules evaluated on it, each fired action checked against local policy. `ok` = no problem;
 *   every problem (a failing collector, no desired state yet, no model or a scoring failure) is
 *   one sentence in `problems`. The control plane's POST /integration/test relies on this shape:
 *   `{ collectors: {name: {ok, error?}}, sample: {metrics, missing, scored}, evaluations, problems }`.
 */
type Outcome = Omit<CommandResult, 'command_id'>

export interface IntegrationResult {
  collectors: Record<string, { ok: boolean; error?: string }>
  sample: { metrics: number; missing: number; scored: boolean }
  evaluations: TestedEvaluation[]
  problems: string[]
}

export interface TestedEvaluation {
  rule: string
  fired: boolean
  outcome: RuleEvaluation['outcome']
  suppressed_by: RuleEvaluation['suppressed_by']
  reason: string
  policy: Array<{ type: ActionSpec['type']; allowed: boolean; reason?: string }>
}

async function testEvaluations(loop: LoopState, deps: LoopDeps, metrics: MetricValues, signal: AbortSignal): Promise<TestedEvaluation[]> {
  const state = loop.desired!
  const now = deps.now()
  const { evaluations } = evaluate(state.ruleset.rules, structuredClone(loop.engine), { ts: now, metrics }, now, engineContext(state, deps.labels))
  const out: TestedEvaluation[] = []
  for (const e of evaluations) {
    const policy: TestedEvaluation['policy'] = []
    for (const a of e.fired ? e.actions : []) policy.push({ type: a.type, ...(await deps.parts.allowedBy(a, signal)) })
    out.push({ rule: e.rule, fired: e.fired, outcome: e.outcome, suppressed_by: e.suppressed_by, reason: e.reason, policy })
  }
  return out
}

export async function testWithMetrics(loop: LoopState, deps: LoopDeps, metrics: MetricValues, signal: AbortSignal): Promise<Outcome> {
  if (!loop.desired) return { ok: false, error: 'no desired state yet: no rules to test against' }
  return { ok: true, result: { evaluations: await testEvaluations(loop, deps, metrics, signal) } }
}

export async function testIntegration(loop: LoopState, deps: LoopDeps, opts: { collectTimeoutMs: number; signal: AbortSignal }): Promise<Outcome> {
  const problems: string[] = []
  const result: IntegrationResult = { collectors: {}, sample: { metrics: 0, missing: 0, scored: false }, evaluations: [], problems }
  let metrics: Record<string, number> = {}
  try {
    const r = await deps.parts.collect({ timeoutMs: opts.collectTimeoutMs, signal: opts.signal })
    metrics = { ...r.metrics }
    result.sample.missing = Object.keys(r.missing).length
    for (const [name, h] of Object.entries(r.health)) {
      result.collectors[name] = h.error ? { ok: h.ok, error: fit(h.error, 'collectorError') } : { ok: h.ok }
      if (!h.ok) problems.push(`collector ${name} failed: ${h.error ?? 'no detail'}`)
    }
  } catch (err) {
    problems.push(`collection failed: ${(err as Error)?.message ?? String(err)}`)
  }

  const detector = deps.parts.detector
  if (!detector) {
    problems.push('no anomaly model loaded: ml_anomaly_score is not available (see the agent log for why the model did not load)')
  } else {
    // Scoring advances the detector's baselines; a test sample must not, so they are put back.
    const saved = detector.exportState()
    try {
      const s = await detector.score(metrics, deps.now())
      if (s) {
        metrics.ml_anomaly_score = s.ml_anomaly_score
        metrics.ml_confidence = s.ml_confidence
        result.sample.scored = true
      }
    } catch (err) {
      problems.push(`scoring failed: ${(err as Error)?.message ?? String(err)}`)
    } finally {
      detector.importState(saved)
    }
  }
  result.sample.metrics = Object.keys(metrics).length

  if (!loop.desired) problems.push('no desired state yet: the agent has no rules (not received from the control plane, none cached)')
  else {
    try {
      result.evaluations = await testEvaluations(loop, deps, metrics, opts.signal)
    } catch (err) {
      problems.push(`rule evaluation failed: ${(err as Error)?.message ?? String(err)}`)
    }
  }
  return problems.length === 0 ? { ok: true, result } : { ok: false, error: fit(problems.join('; '), 'errorMessage'), result }
}
