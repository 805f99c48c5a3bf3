import { join } from 'node:path'
import type { Logger } from 'pino'
import { Compile } from 'typebox/compile'
import {
  type ActionSpec,
  type Command,
  type CommandResult,
  type DesiredState,
  type MetricSample,
  MetricValues,
  type Rule,
  type Suppression,
  toSeconds,
} from '@smartcloudops/shared'
import { newMessageId } from '@smartcloudops/shared/protocol/id'
import { type EngineState, evaluate, type RuleEvaluation } from '@smartcloudops/shared/rules/engine'
import { validateParams } from '../remediate/params'
import { readJson, writeJsonAtomic } from '../link/json-file'
import type { RuntimeParts } from './parts'
import type { Recorder } from './recorder'
import { checkVerification, type PendingVerification } from './verify'

/**
 * The monitoring loop: collect → score → evaluate → gate → execute → verify → record.
 *
 * Gates, in order: the effective override and the engine switch, cooldown/max_actions (both
 * inside the shared engine), then the host's local policy, then execution with a timeout. Every
 * fired rule becomes a decision event (repeats of the same suppression are recorded at most once
 * a minute per rule, so a paused fleet at a 1 s interval does not flood the history).
 *
 * Nothing here throws out of a cycle: a failing collector, detector or executor is logged with
 * context and the loop carries on with the next sample.
 */

export const DEFAULT_INTERVAL_S = 30
export const DEFAULT_BUFFER_SIZE = 10
const SUPPRESSION_REPEAT_MS = 60_000
const DETECTOR_SAVE_MS = 60_000
const checkMetrics = Compile(MetricValues)

export interface RuntimeOptions {
  stateDir: string
  labels: Record<string, string>
  /** Local pins (config.ts); null = follow the desired state. */
  intervalS: number | null
  bufferSize: number | null
  parts: RuntimeParts
  recorder: Recorder
  log: Logger
  now?: () => number
}

export interface CycleReport {
  sample_ts: number
  metrics: number
  missing: number
  scored: boolean
  decisions: Array<{ rule: string; outcome: string; suppressed_by: string; decision_id: string }>
  actions: Array<{ type: string; ok: boolean; action_id: string }>
}

export class AgentRuntime {
  private desired: DesiredState | null = null
  private engineState: EngineState = {}
  private monitoringOverride: boolean | null = null
  private buffer: MetricSample[] = []
  private verifications: PendingVerification[] = []
  private lastSuppression = new Map<string, { key: string; at: number }>()
  private cycleChain: Promise<unknown> = Promise.resolve()
  private timer: NodeJS.Timeout | null = null
  private running = false
  private cycleAbort = new AbortController()
  private lastDetectorSave = 0
  private warnedNoState = false
  private readonly now: () => number
  private readonly log: Logger
  readonly startedAt: number
  lastHealth: Record<string, { ok: boolean; error?: string }> = {}

  constructor(private readonly opts: RuntimeOptions) {
    this.now = opts.now ?? Date.now
    this.log = opts.log
    this.startedAt = this.now()
    this.loadEngineState()
    this.loadDetectorState()
  }

  get desiredState(): DesiredState | null {
    return this.desired
  }

  get monitoring(): boolean {
    return this.monitoringOverride ?? this.desired?.config.monitoring ?? true
  }

  get intervalMs(): number {
    return 1000 * (this.opts.intervalS ?? this.desired?.config.interval_s ?? DEFAULT_INTERVAL_S)
  }

  get bufferSize(): number {
    return this.opts.bufferSize ?? this.desired?.config.buffer_size ?? DEFAULT_BUFFER_SIZE
  }

  /**
   * Checks what the schema cannot: rules the engine would refuse (duplicate names) and action
   * parameters of the wrong shape. A state that fails is not applied; the last good one stays.
   */
  validateDesiredState(state: DesiredState): string | null {
    const names = new Set<string>()
    for (const rule of state.ruleset.rules) {
      if (names.has(rule.name)) return `duplicate rule name ${JSON.stringify(rule.name)}`
      names.add(rule.name)
      for (const [i, action] of rule.actions.entries()) {
        const v = validateParams(action.type, action.params ?? {})
        if (!v.ok) return `rule ${JSON.stringify(rule.name)} action ${i + 1} (${action.type}): ${v.error}`
      }
    }
    return null
  }

  /** Applies a desired state (from the cache at start, or from the control plane). */
  applyDesiredState(state: DesiredState, source: 'cache' | 'control_plane'): { applied: boolean; error?: string } {
    const problem = this.validateDesiredState(state)
    if (problem) {
      this.log.error({ revision: state.revision, source }, `desired state rejected, keeping the last good one: ${problem}`)
      return { applied: false, error: problem }
    }
    const previousInterval = this.intervalMs
    this.desired = state
    // A new snapshot from the control plane supersedes a start/stop command given earlier.
    if (source === 'control_plane') this.monitoringOverride = null
    this.log.info(
      { revision: state.revision, ruleset: state.ruleset.version, rules: state.ruleset.rules.length, mode: state.override.mode, source },
      'desired state applied',
    )
    if (this.timer && this.intervalMs !== previousInterval) this.schedule(0)
    return { applied: true }
  }

  start(): void {
    this.running = true
    this.schedule(0)
  }

  /** Runs one cycle now (also the `trigger` command); cycles never overlap. */
  runCycle(reason: 'timer' | 'trigger'): Promise<CycleReport> {
    const p = this.cycleChain.then(() => this.cycle(reason))
    this.cycleChain = p.catch(() => undefined)
    return p
  }

  async handleCommand(cmd: Command): Promise<Omit<CommandResult, 'command_id'>> {
    switch (cmd.name) {
      case 'trigger':
        return { ok: true, result: await this.runCycle('trigger') }
      case 'start_monitoring':
        this.monitoringOverride = true
        if (this.running) this.schedule(0)
        return { ok: true, result: { monitoring: true } }
      case 'stop_monitoring':
        this.monitoringOverride = false
        return { ok: true, result: { monitoring: false } }
      case 'test':
        return this.test(cmd.args ?? {})
      default:
        return { ok: false, error: `unknown command ${JSON.stringify((cmd as { name: string }).name)}` }
    }
  }

  /** Evaluates the given metrics against the current rules on a copy of the state; acts on nothing. */
  private test(args: Record<string, unknown>): Omit<CommandResult, 'command_id'> {
    const metrics = args['metrics']
    if (!checkMetrics.Check(metrics)) return { ok: false, error: 'args.metrics must be an object of metric name → number' }
    if (!this.desired) return { ok: false, error: 'no desired state yet: no rules to test against' }
    const now = this.now()
    const { evaluations } = evaluate(this.desired.ruleset.rules, structuredClone(this.engineState), { ts: now, metrics }, now, this.engineContext(this.desired))
    return {
      ok: true,
      result: {
        evaluations: evaluations.map((e) => ({
          rule: e.rule,
          fired: e.fired,
          outcome: e.outcome,
          suppressed_by: e.suppressed_by,
          reason: e.reason,
          policy: e.actions.map((a) => ({ type: a.type, ...this.opts.parts.checkPolicy(this.opts.parts.policy, a) })),
        })),
      },
    }
  }

  async stop(): Promise<void> {
    this.running = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    // Abort a running action (executors honour the signal), then let the cycle record its outcome.
    this.cycleAbort.abort()
    await this.cycleChain
    this.flushBuffer()
    this.saveEngineState()
    this.saveDetectorState(true)
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer)
    if (!this.running) return
    this.timer = setTimeout(() => {
      this.timer = null
      if (!this.running) return
      const started = this.now()
      const run = this.monitoring ? this.runCycle('timer') : Promise.resolve(null)
      void run
        .catch((err) => this.log.error({ err }, 'cycle failed'))
        .finally(() => {
          if (!this.running || this.timer) return
          this.schedule(Math.max(0, started + this.intervalMs - this.now()))
        })
    }, delayMs)
  }

  private engineContext(state: DesiredState) {
    return {
      host: { id: state.host_id, labels: this.opts.labels },
      mode: state.override.mode,
      remediationEnabled: state.remediation_enabled,
    }
  }

  private async cycle(reason: 'timer' | 'trigger'): Promise<CycleReport> {
    if (this.cycleAbort.signal.aborted && this.running) this.cycleAbort = new AbortController()
    const signal = this.cycleAbort.signal
    const parts = this.opts.parts
    const ts = this.now()
    const report: CycleReport = { sample_ts: ts, metrics: 0, missing: 0, scored: false, decisions: [], actions: [] }

    // collect
    let metrics: Record<string, number> = {}
    let missing: Record<string, string> = {}
    try {
      const timeoutMs = Math.min(10_000, Math.max(1000, this.intervalMs * 0.8))
      const r = await parts.collect({ timeoutMs, signal })
      metrics = { ...r.metrics }
      missing = r.missing
      this.lastHealth = Object.fromEntries(Object.entries(r.health).map(([k, h]) => [k, h.error ? { ok: h.ok, error: h.error.slice(0, 500) } : { ok: h.ok }]))
    } catch (err) {
      this.log.error({ err }, 'collection failed; no metrics this cycle')
    }

    // score
    let modelVersion: string | undefined
    if (parts.detector) {
      try {
        const s = await parts.detector.score(metrics, ts)
        modelVersion = parts.detector.modelVersion
        if (s) {
          metrics.ml_anomaly_score = s.ml_anomaly_score
          metrics.ml_confidence = s.ml_confidence
          report.scored = true
        }
      } catch (err) {
        this.log.error({ err }, 'scoring failed; sample kept without a score')
      }
      this.saveDetectorState(false)
    }
    report.metrics = Object.keys(metrics).length
    report.missing = Object.keys(missing).length

    const sample: MetricSample = { ts, metrics, ...(Object.keys(missing).length ? { missing: truncateMissing(missing) } : {}), ...(modelVersion ? { model_version: modelVersion } : {}) }
    this.buffer.push(sample)
    if (this.buffer.length >= this.bufferSize) this.flushBuffer()

    // verify earlier actions against this sample
    this.runVerifications(metrics)

    // evaluate
    const state = this.desired
    if (!state) {
      if (!this.warnedNoState) this.log.warn('no desired state yet (never connected, nothing cached): collecting only')
      this.warnedNoState = true
      return report
    }
    let evaluations: RuleEvaluation[]
    try {
      const now = this.now()
      const r = evaluate(state.ruleset.rules, this.engineState, { ts, metrics }, now, this.engineContext(state))
      evaluations = r.evaluations
      this.engineState = r.state
    } catch (err) {
      this.log.error({ err, revision: state.revision }, 'rule evaluation failed')
      return report
    }

    for (const ev of evaluations) {
      if (ev.alert) {
        this.opts.recorder.record('alert', { alert_id: newMessageId(), severity: ev.alert.severity, summary: ev.alert.summary.slice(0, 500), rule: ev.rule, raised_at: this.now() })
      }
      if (!ev.fired) continue
      const rule = state.ruleset.rules.find((r) => r.name === ev.rule)
      await this.decide(state, rule, ev, ts, signal, report)
    }
    this.saveEngineState()
    if (reason === 'trigger') this.log.info({ decisions: report.decisions.length }, 'triggered cycle done')
    return report
  }

  private async decide(state: DesiredState, rule: Rule | undefined, ev: RuleEvaluation, ts: number, signal: AbortSignal, report: CycleReport): Promise<void> {
    let outcome = ev.outcome as 'execute' | 'dry_run' | 'suppressed'
    let suppressedBy: Suppression = ev.suppressed_by
    let reason = ev.reason
    if (outcome === 'execute') {
      // Local policy: the whole rule or nothing — a rule is an ordered plan, half of it could harm.
      const refusals = ev.actions
        .map((a) => ({ a, c: this.opts.parts.checkPolicy(this.opts.parts.policy, a) }))
        .filter((x): x is { a: ActionSpec; c: { allowed: false; reason: string } } => !x.c.allowed)
      if (refusals.length > 0) {
        outcome = 'suppressed'
        suppressedBy = 'policy'
        reason = `${ev.reason}; refused by local policy: ${refusals.map((r) => r.c.reason).join('; ')}`
      }
    }
    if (outcome !== 'execute' && !this.shouldRecordRepeat(ev.rule, `${outcome}/${suppressedBy}`)) return
    if (outcome === 'execute') this.lastSuppression.delete(ev.rule)

    const decisionId = newMessageId()
    this.opts.recorder.record(
      'decision',
      {
        decision_id: decisionId,
        rule: ev.rule,
        priority: ev.priority,
        ruleset_version: state.ruleset.version,
        sample_ts: ts,
        outcome,
        suppressed_by: suppressedBy,
        override_mode: state.override.mode,
        reason: reason.slice(0, 2000),
        conditions: ev.conditions.slice(0, 32),
        actions: ev.actions.slice(0, 16),
      },
      decisionId,
    )
    report.decisions.push({ rule: ev.rule, outcome, suppressed_by: suppressedBy, decision_id: decisionId })
    this.log.info({ rule: ev.rule, outcome, suppressedBy, decisionId }, 'decision')
    if (outcome !== 'execute') return
    await this.act(state, rule, ev, decisionId, signal, report)
  }

  private async act(state: DesiredState, rule: Rule | undefined, ev: RuleEvaluation, decisionId: string, signal: AbortSignal, report: CycleReport): Promise<void> {
    const timeoutMs = toSeconds(state.config.action_timeout) * 1000
    let lastActionId: string | null = null
    for (const spec of ev.actions) {
      const actionId = newMessageId()
      const startedAt = this.now()
      const params = spec.params ?? {}
      this.opts.recorder.record('action.started', { action_id: actionId, decision_id: decisionId, rule: ev.rule, type: spec.type, params, started_at: startedAt })
      let result
      try {
        result = await this.opts.parts.runAction(spec, { timeoutMs, signal })
      } catch (err) {
        // Executors never throw by contract; if one does, it is an agent bug — record it as a failure.
        result = { ok: false, retryable: false, error: { code: 'executor_threw', message: String((err as Error).message ?? err) } }
      }
      const finishedAt = this.now()
      this.opts.recorder.record('action.finished', {
        action_id: actionId,
        decision_id: decisionId,
        rule: ev.rule,
        type: spec.type,
        ok: result.ok,
        retryable: result.retryable,
        ...(result.error ? { error: { code: result.error.code.slice(0, 64), message: result.error.message.slice(0, 2000) } } : {}),
        ...(result.target ? { target: result.target.slice(0, 1000) } : {}),
        started_at: startedAt,
        finished_at: finishedAt,
        ...(result.result ? { result: result.result } : {}),
      })
      report.actions.push({ type: spec.type, ok: result.ok, action_id: actionId })
      this.log.info({ rule: ev.rule, type: spec.type, actionId, decisionId, ok: result.ok, target: result.target, error: result.error, ms: finishedAt - startedAt }, 'action finished')
      if (!result.ok) {
        this.opts.recorder.record('alert', {
          alert_id: newMessageId(),
          severity: 'critical',
          summary: `Remediation failed: ${spec.type} for rule "${ev.rule}" (${result.error?.code ?? 'error'})`.slice(0, 500),
          detail: (result.error?.message ?? '').slice(0, 4000),
          rule: ev.rule,
          decision_id: decisionId,
          raised_at: finishedAt,
        })
        return // the rest of the plan assumed this step worked
      }
      lastActionId = actionId
    }
    if (lastActionId && rule && ev.actions.some((a) => a.type !== 'send_alert')) {
      this.verifications.push({
        rule: ev.rule,
        decision_id: decisionId,
        action_id: lastActionId,
        conditions: rule.conditions,
        startedAt: this.now(),
        windowMs: toSeconds(state.config.verify_window) * 1000,
      })
    }
  }

  private runVerifications(metrics: Record<string, number>): void {
    if (this.verifications.length === 0) return
    const now = this.now()
    const still: PendingVerification[] = []
    for (const v of this.verifications) {
      const r = checkVerification(v, metrics, now)
      if (!r.done) {
        still.push(v)
        continue
      }
      this.opts.recorder.record('action.verified', {
        action_id: v.action_id,
        decision_id: v.decision_id,
        rule: v.rule,
        cleared: r.cleared,
        window_s: v.windowMs / 1000,
        checked_at: now,
        detail: r.detail.slice(0, 2000),
      })
      this.log.info({ rule: v.rule, cleared: r.cleared }, 'action verified')
      if (!r.cleared) {
        // Escalation: the fix did not work, a person has to look.
        this.opts.recorder.record('alert', {
          alert_id: newMessageId(),
          severity: 'critical',
          summary: `Remediation did not clear rule "${v.rule}"`.slice(0, 500),
          detail: r.detail.slice(0, 4000),
          rule: v.rule,
          decision_id: v.decision_id,
          raised_at: now,
        })
      }
    }
    this.verifications = still
  }

  private shouldRecordRepeat(rule: string, key: string): boolean {
    const last = this.lastSuppression.get(rule)
    const now = this.now()
    if (last && last.key === key && now - last.at < SUPPRESSION_REPEAT_MS) return false
    this.lastSuppression.set(rule, { key, at: now })
    return true
  }

  private flushBuffer(): void {
    if (this.buffer.length === 0) return
    const samples = this.buffer
    this.buffer = []
    // The schema caps a batch at 1000 samples.
    for (let i = 0; i < samples.length; i += 1000) this.opts.recorder.record('metrics.batch', { samples: samples.slice(i, i + 1000) })
  }

  private get enginePath(): string {
    return join(this.opts.stateDir, 'engine-state.json')
  }

  private get detectorPath(): string {
    return join(this.opts.stateDir, 'detector-state.json')
  }

  private loadEngineState(): void {
    const r = readJson(this.enginePath)
    // The engine validates each rule's state itself and starts that rule fresh when it is bad.
    if (r.ok && r.value && typeof r.value === 'object') this.engineState = r.value as EngineState
    else if (!r.ok && !r.missing) this.log.warn({ error: r.error }, 'engine state unreadable; cooldowns start fresh')
  }

  private saveEngineState(): void {
    try {
      writeJsonAtomic(this.enginePath, this.engineState)
    } catch (err) {
      this.log.error({ err }, 'could not persist engine state')
    }
  }

  private loadDetectorState(): void {
    const d = this.opts.parts.detector
    if (!d) return
    const r = readJson(this.detectorPath)
    if (r.ok) d.importState(r.value)
  }

  private saveDetectorState(force: boolean): void {
    const d = this.opts.parts.detector
    if (!d) return
    const now = this.now()
    if (!force && now - this.lastDetectorSave < DETECTOR_SAVE_MS) return
    this.lastDetectorSave = now
    try {
      writeJsonAtomic(this.detectorPath, d.exportState())
    } catch (err) {
      this.log.error({ err }, 'could not persist detector state')
    }
  }
}

function truncateMissing(m: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(m)) out[k.slice(0, 200)] = v.slice(0, 200)
  return out
}
