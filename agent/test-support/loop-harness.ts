import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import type { ActionSpec, DesiredState, Rule } from '@smartcloudops/shared'
import type { Detector } from '../src/detect/detector'
import { Outbox } from '../src/link/outbox'
import type { CollectOutcome, RuntimeParts } from '../src/loop/parts'
import { Recorder } from '../src/loop/recorder'
import { AgentRuntime, type RuntimeOptions } from '../src/loop/runtime'
import { checkPolicy, type LocalPolicy } from '../src/remediate/policy'
import type { ExecResult } from '../src/remediate/types'
import type { StateStore } from '../src/state/store'

/**
 * The loop with a scripted sample source, a settable clock and a recording executor (a test
 * double for the host, named so): what the loop's own tests drive. Collectors, executors and the
 * real control plane are covered by their own suites and by test/e2e; `parts` overrides any of it
 * with the real thing.
 */
export const restartRule: Rule = {
  name: 'Service Unresponsive',
  conditions: [{ metric: 'error_rate:web', operator: 'gt', threshold: 0.5 }],
  actions: [{ type: 'restart_container', params: { selector: { labels: { app: 'web' } } } }],
  priority: 1,
  cooldown: '10m',
}

export function desired(over: Partial<DesiredState> = {}, rules: Rule[] = [restartRule]): DesiredState {
  return {
    host_id: 'host-1',
    revision: 1,
    ruleset: { version: 3, rules },
    remediation_enabled: true,
    override: { mode: 'enabled', scope: 'default' },
    config: { interval_s: 30, buffer_size: 2, monitoring: true, verify_window: '60s', action_timeout: '5s' },
    ...over,
  }
}

export const okResult: ExecResult = { ok: true, retryable: false, target: 'web-1' }

/** A scripted sample: just metrics, or a whole collector outcome (missing metrics, collector health). */
export type ScriptedSample = Record<string, number> | CollectOutcome

export interface LoopHarnessOptions {
  /** Read on every check, so a test can change the policy between cycles. */
  policy: LocalPolicy
  samples: ScriptedSample[]
  result?: ExecResult
  stateDir?: string
  store?: StateStore
  detector?: Detector | null
  parts?: Partial<RuntimeParts>
  /** How long stop() waits for running actions (the runtime's default otherwise). */
  shutdownGraceMs?: number
  /** The gate list (the runtime's default otherwise), e.g. with the budget gate on a test permit client. */
  gates?: RuntimeOptions['gates']
  stallTimeoutMs?: number
  onStall?: RuntimeOptions['onStall']
}

const dirs: string[] = []
/** Call from afterEach: removes the state directories the harness made. */
export function cleanupLoopHarness(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
}

export function loopHarness(o: LoopHarnessOptions) {
  const stateDir = o.stateDir ?? mkdtempSync(join(tmpdir(), 'scops-rt-'))
  if (!o.stateDir) dirs.push(stateDir)
  const log = pino({ level: 'silent' })
  const outbox = Outbox.open(join(stateDir, 'outbox'))
  const ran: ActionSpec[] = []
  let clock = 1_700_000_000_000
  let i = 0
  const harness = { policy: o.policy }
  const next = (): CollectOutcome => {
    const s = o.samples[Math.min(i++, o.samples.length - 1)]!
    return 'metrics' in s && typeof s.metrics === 'object' ? (s as CollectOutcome) : { metrics: s as Record<string, number>, missing: {}, health: { scripted: { ok: true, durationMs: 0 } } }
  }
  const rt = new AgentRuntime({
    ...(o.store ? { store: o.store } : { stateDir }),
    labels: {},
    ...(o.shutdownGraceMs !== undefined ? { shutdownGraceMs: o.shutdownGraceMs } : {}),
    ...(o.gates ? { gates: o.gates } : {}),
    ...(o.stallTimeoutMs !== undefined ? { stallTimeoutMs: o.stallTimeoutMs } : {}),
    ...(o.onStall ? { onStall: o.onStall } : {}),
    intervalS: null,
    bufferSize: null,
    log,
    now: () => clock,
    recorder: new Recorder(outbox, log),
    parts: {
      collect: async () => next(),
      detector: o.detector ?? null,
      allowedBy: async (spec) => checkPolicy(harness.policy, spec),
      runAction: async (spec) => {
        ran.push(spec)
        return o.result ?? okResult
      },
      ...o.parts,
    },
  })
  const events = (type: string) => outbox.pending().filter((e) => e.type === type).map((e) => e.env.payload as Record<string, unknown>)
  return {
    rt,
    outbox,
    ran,
    events,
    tick: (ms: number) => (clock += ms),
    stateDir,
    setPolicy: (p: LocalPolicy) => (harness.policy = p),
  }
}
