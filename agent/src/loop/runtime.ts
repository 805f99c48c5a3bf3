import type { Logger } from 'pino'
import type { Command, CommandResult, DesiredState, MetricValues } from '@smartcloudops/shared'
import { alertEvent } from '../events'
import { gates as defaultGates, type AgentGateContext, type Gate } from '../gates'
import { validateParams } from '../remediate/params'
import { TargetLocks } from '../remediate/target-locks'
import { FileStateStore } from '../state/file-store'
import type { StateStore } from '../state/store'
import { handleCommand } from './commands'
import type { Cycle, CycleReport, LoopDeps, LoopState } from './cycle'
import { flushBuffer, loadDetectorState, loadEngineState, saveDetectorState, saveEngineState } from './persist'
import type { RuntimeParts } from './parts'
import { runPipeline } from './pipeline'
import type { Recorder } from './recorder'
import { RunningActions } from './running-actions'
import { Scheduler } from './scheduler'
import { DEFAULT_STALL_TIMEOUT_MS, StallWatchdog, type StallReport } from './stall-watchdog'
import { testIntegration, testWithMetrics } from './self-test'

export type { CycleReport } from './cycle'
export type { StallReport } from './stall-watchdog'

/**
 * The agent's loop, wired: the desired state it runs on, the scheduler that starts cycles, the
 * pipeline each cycle runs (./pipeline.ts: collect → score → verify → evaluate → gate → execute →
 * record), the commands, and the state kept on disk. Nothing here throws out of a cycle: a
 * failing collector, detector or executor is logged with context and the loop carries on.
 */

export const DEFAULT_INTERVAL_S = 30
export const DEFAULT_BUFFER_SIZE = 10
/** How long stop() waits for running actions before aborting them (the unit's TimeoutStopSec is 45 s). */
export const DEFAULT_SHUTDOWN_GRACE_MS = 15_000

export interface RuntimeOptions {
  /** Where engine and detector state live: `store`, or a FileStateStore on `stateDir`. */
  stateDir?: string
  store?: StateStore
  labels: Record<string, string>
  /** Local pins (config.ts); null = follow the desired state. */
  intervalS: number | null
  bufferSize: number | null
  parts: RuntimeParts
  recorder: Recorder
  log: Logger
  now?: () => number
  /** The gate list; default: every gate in agent/src/gates. */
  gates?: readonly Gate<AgentGateContext>[]
  /** How long stop() waits for running actions before it aborts them; default DEFAULT_SHUTDOWN_GRACE_MS. */
  shutdownGraceMs?: number
  /** After every cycle, with its wall-clock duration: the agent's /metrics (agent/src/metrics). */
  onCycle?: (report: CycleReport, durationS: number) => void
  /** A cycle still running after this long is stuck (./stall-watchdog.ts); default DEFAULT_STALL_TIMEOUT_MS. */
  stallTimeoutMs?: number
  /** Called once when a cycle is stuck, after it was logged; the agent exits 70 (main.ts → cli/run-until-exit.ts). */
  onStall?: (report: StallReport) => void
}

export class AgentRuntime {
  private readonly loop: LoopState
  private readonly deps: LoopDeps
  private readonly scheduler: Scheduler
  private monitoringOverride: boolean | null = null
  private cycleAbort = new AbortController()
  private readonly watchdog: StallWatchdog
  readonly startedAt: number

  constructor(private readonly opts: RuntimeOptions) {
    const store = opts.store ?? (opts.stateDir !== undefined ? new FileStateStore(opts.stateDir) : null)
    if (!store) throw new TypeError('AgentRuntime needs a store or a stateDir')
    const now = opts.now ?? Date.now
    this.deps = {
      parts: opts.parts,
      recorder: opts.recorder,
      store,
      log: opts.log,
      now,
      labels: opts.labels,
      gates: opts.gates ?? defaultGates,
      actions: new RunningActions(),
      locks: new TargetLocks(),
    }
    this.startedAt = now()
    this.watchdog = new StallWatchdog(opts.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS, (r) => {
      opts.log.fatal({ stage: r.stage, running_s: Math.round(r.runningMs / 1000) }, `loop stalled: the cycle has been in its ${r.stage} stage for ${Math.round(r.runningMs / 1000)} s and no cycle can run after it`)
      // The samples of the cycles that finished go to the outbox now (the record stage is
      // synchronous, so the stuck cycle cannot be half-way through it); the engine state stays
      // as the last finished cycle wrote it, since the stuck one may have changed it half-way.
      flushBuffer(this.loop, this.deps)
      // The operator hears of it through the control plane's alerts and notifiers once the
      // restarted agent delivers its outbox: a stall means a bug, and the host was blind meanwhile.
      this.deps.recorder.record(
        'alert',
        alertEvent({
          severity: 'warning',
          summary: `agent loop stalled in its ${r.stage} stage for ${Math.round(r.runningMs / 1000)} s; the agent exits to be restarted`,
          detail: 'No sample was taken and no rule decided while the cycle was stuck. The agent log names the stage; please report it with the agent version.',
          raisedAt: this.deps.now(),
        }),
      )
      opts.onStall?.(r)
    })
    const engine = loadEngineState(this.deps)
    this.loop = {
      desired: null,
      engine,
      engineWritten: JSON.stringify(engine),
      verifications: [],
      lastSuppression: new Map(),
      buffer: [],
      lastHealth: {},
      lastDetectorSave: 0,
      warnedNoState: false,
    }
    loadDetectorState(this.deps)
    this.scheduler = new Scheduler({ intervalMs: () => this.intervalMs, active: () => this.monitoring, cycle: () => this.cycle('timer'), now, log: opts.log })
  }

  get desiredState(): DesiredState | null {
    return this.loop.desired
  }

  get monitoring(): boolean {
    return this.monitoringOverride ?? this.loop.desired?.config.monitoring ?? true
  }

  get lastHealth(): Record<string, { ok: boolean; error?: string }> {
    return this.loop.lastHealth
  }

  get intervalMs(): number {
    return 1000 * (this.opts.intervalS ?? this.loop.desired?.config.interval_s ?? DEFAULT_INTERVAL_S)
  }

  get bufferSize(): number {
    return this.opts.bufferSize ?? this.loop.desired?.config.buffer_size ?? DEFAULT_BUFFER_SIZE
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
      this.opts.log.error({ revision: state.revision, source }, `desired state rejected, keeping the last good one: ${problem}`)
      return { applied: false, error: problem }
    }
    const previousInterval = this.intervalMs
    this.loop.desired = state
    // A new snapshot from the control plane supersedes a start/stop command given earlier.
    if (source === 'control_plane') this.monitoringOverride = null
    this.opts.log.info(
      { revision: state.revision, ruleset: state.ruleset.version, rules: state.ruleset.rules.length, mode: state.override.mode, source },
      'desired state applied',
    )
    if (this.scheduler.hasTimer && this.intervalMs !== previousInterval) this.scheduler.schedule(0)
    return { applied: true }
  }

  start(): void {
    this.scheduler.start()
  }

  /** Actions running beside the loop right now. */
  get runningActions(): number {
    return this.deps.actions.count
  }

  /** Resolves when no action runs (tests, and the bench's soak). */
  actionsIdle(): Promise<void> {
    return this.deps.actions.idle()
  }

  /**
   * Runs one cycle now; cycles never overlap. `trigger` (the command) answers once the actions
   * that cycle launched finished, so the answer lists them; the wait happens outside the cycle
   * chain, so later cycles are not held up by it. `timer` returns when the cycle is done.
   */
  async runCycle(reason: 'timer' | 'trigger'): Promise<CycleReport> {
    const c = await this.scheduler.exclusive(() => this.cycle(reason))
    if (reason === 'trigger') await Promise.all(c.launched)
    return c.report
  }

  handleCommand(cmd: Command): Promise<Omit<CommandResult, 'command_id'>> {
    return handleCommand(cmd, {
      runCycle: (reason) => this.runCycle(reason),
      setMonitoring: (on) => {
        this.monitoringOverride = on
        if (on && this.scheduler.isRunning) this.scheduler.schedule(0)
      },
      // In the cycle chain: a test never sees (or disturbs) a cycle half-way. Watched like a
      // cycle: a test stuck in the chain would hold up every cycle after it.
      test: (metrics: MetricValues | undefined) =>
        this.scheduler.exclusive(() =>
          this.watched(
            () => 'test',
            () =>
              metrics
                ? testWithMetrics(this.loop, this.deps, metrics, this.cycleAbort.signal)
                : testIntegration(this.loop, this.deps, { collectTimeoutMs: this.collectTimeoutMs, signal: this.cycleAbort.signal }),
          ),
        ),
    })
  }

  async stop(): Promise<void> {
    // No new cycle; the one in progress is cut short (collectors honour the signal).
    const stopping = this.scheduler.stop()
    this.cycleAbort.abort()
    await stopping
    // Running actions get the grace period to finish, then are aborted and record that outcome.
    const aborted = await this.deps.actions.drain(this.opts.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS)
    if (aborted > 0) this.opts.log.warn({ aborted }, 'stopping: actions still running after the grace period were aborted')
    flushBuffer(this.loop, this.deps)
    saveEngineState(this.loop, this.deps)
    saveDetectorState(this.loop, this.deps, true)
  }

  private get collectTimeoutMs(): number {
    return Math.min(10_000, Math.max(1000, this.intervalMs * 0.8))
  }

  private async cycle(reason: 'timer' | 'trigger'): Promise<Cycle> {
    if (this.cycleAbort.signal.aborted && this.scheduler.isRunning) this.cycleAbort = new AbortController()
    const ts = this.deps.now()
    const c: Cycle = {
      reason,
      ts,
      stage: '',
      signal: this.cycleAbort.signal,
      collectTimeoutMs: this.collectTimeoutMs,
      bufferSize: this.bufferSize,
      desired: this.loop.desired,
      metrics: {},
      missing: {},
      modelVersion: undefined,
      firings: [],
      planned: [],
      launched: [],
      report: { sample_ts: ts, metrics: 0, missing: 0, scored: false, decisions: [], actions: [] },
    }
    const t0 = performance.now()
    await this.watched(() => c.stage, () => runPipeline(c, this.loop, this.deps))
    this.opts.onCycle?.(c.report, (performance.now() - t0) / 1000)
    return c
  }

  /** Runs one item of the cycle chain under the stall watchdog; `stage` names where it is. */
  private async watched<T>(stage: () => string, run: () => Promise<T>): Promise<T> {
    this.watchdog.begin(stage)
    try {
      return await run()
    } finally {
      this.watchdog.end()
    }
  }
}
