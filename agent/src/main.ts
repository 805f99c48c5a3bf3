import { mkdirSync } from 'node:fs'
import { arch, cpus, release, totalmem, type } from 'node:os'
import { join } from 'node:path'
import pino, { type Logger } from 'pino'
import { fit, PROTOCOL_VERSION, type ActionType } from '@smartcloudops/shared'
import type { AgentConfig } from './config'
import { closeCollectors, ContainerWatch, createCollectors, runCollectors } from './collect'
import { lazyDocker } from './docker/lazy-docker'
import { createDetector, type Detector, type DetectorEvent } from './detect/detector'
import { readDefaultModel } from './detect/default-model'
import { readModelMeta } from './detect/model-artifact'
import { ModelStore } from './link/model-store'
import { ModelSync } from './link/model-sync'
import { DesiredStateCache } from './link/state-cache'
import { Outbox } from './link/outbox'
import { lockStateDir } from './link/state-lock'
import { FileStateStore } from './state/file-store'
import { AgentLink } from './link/connection'
import { AgentRuntime, type StallReport } from './loop/runtime'
import { Recorder } from './loop/recorder'
import type { AgentMetrics } from './metrics/agent-metrics'
import { AlertInputs } from './alerts/alert-inputs'
import { loadPolicy, safeDefaultPolicy, validatePolicy, type LocalPolicy } from './remediate/policy'
import { runAction } from './remediate/run-action'
import { allowedBy } from './remediate/allowed-by'
import { targetKeys } from './remediate/target-locks'
import { alertEvent } from './events'
import { gatesWithBudget } from './gates'
import { permitTtlS } from './gates/budget'
import { PermitClient } from './link/permits'
import { systemctlManager } from './remediate/systemd'
import { agentUpgrades } from './upgrade/agent-upgrades'
import type { AlertRequest, ExecContext } from './remediate/types'

/**
 * Wires the agent from its configuration: local policy, collectors, detector, outbox, runtime and
 * link. Thin on purpose — behaviour lives in loop/ and link/. Returns a handle whose stop() is the
 * clean shutdown (let running actions finish within the grace period, abort and record the rest,
 * flush the metrics buffer, persist state, close the container streams, the socket and the outbox).
 */

export const AGENT_VERSION = '0.1.0'
/**
 * How long a disruptive action waits in a full budget's queue for its turn (the protocol allows
 * up to 60 s): long enough for another host's restart to finish, short enough that a decision
 * is not acted on long after its sample.
 */
const PERMIT_WAIT_S = 30

export interface AgentHandle {
  runtime: AgentRuntime
  link: AgentLink
  outbox: Outbox
  log: Logger
  /** Resolves (with the control plane's message) when the control plane decommissioned this host. */
  decommissioned: Promise<string>
  /** Resolves with an exit code when the agent must stop for its supervisor (an upgrade: agent/src/upgrade). */
  exitRequested: Promise<number>
  /** Resolves when a monitoring cycle is stuck (agent/src/loop/stall-watchdog.ts): only a restart gets the loop going again. */
  stalled: Promise<StallReport>
  stop(): Promise<void>
}

export async function resolvePolicy(cfg: AgentConfig): Promise<LocalPolicy> {
  switch (cfg.policy.kind) {
    case 'default':
      return safeDefaultPolicy
    case 'inline':
      return validatePolicy(cfg.policy.value, cfg.policy.source)
    case 'file':
      return loadPolicy(cfg.policy.path)
  }
}

export async function startAgent(cfg: AgentConfig, opts: { log?: Logger } = {}): Promise<AgentHandle> {
  const log =
    opts.log ??
    pino({ level: cfg.logLevel, base: { host: cfg.hostname }, redact: ['*.credential', '*.token', '*.enrollment_token', '*.authorization'] })
  const policy = await resolvePolicy(cfg)
  mkdirSync(cfg.stateDir, { recursive: true, mode: 0o700 })
  const lock = lockStateDir(cfg.stateDir)
  // dockerode is loaded on the first engine call once the socket exists: not at all on a host without Docker.
  const { docker } = lazyDocker({ socketPath: cfg.dockerSocket })
  const containerWatch = new ContainerWatch({ docker, log: log.child({ component: 'container-watch' }) })
  const collectors = createCollectors({ docker, containerWatch, probes: policy.probes ?? [], ...(cfg.hostProc ? { procRoot: cfg.hostProc } : {}) })

  const store = new FileStateStore(cfg.stateDir)
  const cache = new DesiredStateCache(store, log.child({ component: 'state-cache' }))
  const cached = cache.load()
  const modelStore = new ModelStore(cfg.stateDir)
  let modelSync: ModelSync | null = null
  const detectorLog = log.child({ component: 'detector' })
  const detector = await openDetector(modelStore, detectorLog, (e) => {
    detectorLog.warn(e, 'detector event')
    if (e.type === 'model_fallback') modelSync?.markFailed(e.from, `${e.code}: ${e.message}`)
  })

  const outbox = Outbox.open(join(cfg.stateDir, 'outbox'), { log: log.child({ component: 'outbox' }) })
  let link: AgentLink | null = null
  let runtimeRef: AgentRuntime | null = null
  const alertInputs = new AlertInputs()
  // Loaded only when /metrics is on: prom-client stays out of a default agent's memory.
  const metrics: AgentMetrics | null = cfg.metricsListen
    ? new (await import('./metrics/agent-metrics')).AgentMetrics({ outboxDepth: () => outbox.depth, collectorHealth: () => runtimeRef?.lastHealth ?? {}, connected: () => link?.connected ?? false, containerStreams: () => containerWatch.openStreams, runningActions: () => runtimeRef?.runningActions ?? 0 })
    : null
  const recorder = new Recorder(outbox, log.child({ component: 'recorder' }), () => link?.pump())
  const upgrades = agentUpgrades({
    cfg,
    runningVersion: AGENT_VERSION,
    policy: policy.upgrades,
    record: (r) => void recorder.record('agent.upgrade', r),
    download: (url, maxBytes, signal) => link!.fetchRelease(url, maxBytes, signal),
    log: log.child({ component: 'upgrade' }),
  })

  // The rule and decision travel with the alert, so the control plane can resolve it when the
  // decision's action verifies cleared.
  const recordAlert = (a: AlertRequest, origin?: { rule: string; decision_id: string }) =>
    recorder.record(
      'alert',
      alertEvent({ severity: a.severity, summary: a.summary, detail: a.detail, channel: a.channel, raisedAt: Date.now(), ...(origin ? { rule: origin.rule, decisionId: origin.decision_id } : {}) }),
    )
  const execCtx: ExecContext = {
    policy,
    docker,
    log: log.child({ component: 'executor' }),
    systemd: systemctlManager(),
    now: Date.now,
    sendAlert: async (a) => void recordAlert(a),
  }

  // Permits go over the live link (created below); until then `send` answers "not connected".
  const permits = new PermitClient((type, payload) => link?.send(type, payload) ?? false, log.child({ component: 'permits' }))
  let onStalled: (report: StallReport) => void = () => {}
  const stalled = new Promise<StallReport>((resolve) => (onStalled = resolve))
  const runtime = new AgentRuntime({
    stallTimeoutMs: cfg.stallTimeoutS * 1000,
    onStall: (r) => onStalled(r),
    gates: gatesWithBudget({
      permits,
      offline: policy.offline,
      waitS: PERMIT_WAIT_S,
      ttlS: (f) => permitTtlS(runtimeRef?.desiredState ?? null, f.actions.length),
      onOfflineAct: (rule, types) => log.warn({ rule, actions: types }, 'acting without a permit: control plane unreachable, local policy offline allows it'),
    }),
    store,
    labels: cfg.labels,
    intervalS: cfg.intervalS,
    bufferSize: cfg.bufferSize,
    log: log.child({ component: 'loop' }),
    recorder,
    ...(metrics ? { onCycle: (r, s) => metrics.onCycle(r, s) } : {}),
    parts: {
      collect: (o) => runCollectors(collectors, o),
      detector,
      allowedBy: (spec, signal) => allowedBy(execCtx, spec, signal),
      runAction: (spec, o) => runAction(o.origin ? { ...execCtx, sendAlert: async (a) => void recordAlert(a, o.origin) } : execCtx, spec, o),
      // Lock targets from what the watch sees now: no engine call between a decision and its action.
      targetsOf: (spec) => targetKeys(spec, containerWatch.containers()),
      externalInputs: () => alertInputs.values(),
    },
  })
  runtimeRef = runtime
  if (cached) runtime.applyDesiredState(cached, 'cache')
  if (metrics && cfg.metricsListen) {
    const at = await metrics.listen(cfg.metricsListen.host, cfg.metricsListen.port, log.child({ component: 'metrics' }))
    log.info({ address: at.address, port: at.port }, 'serving /metrics')
  }

  let builtin: Promise<{ version: string; bytes: Uint8Array }> | null = null
  if (detector) {
    modelSync = new ModelSync({
      detector,
      store: modelStore,
      builtin: () =>
        (builtin ??= readDefaultModel().then((bytes) => ({ bytes, version: readModelMeta(bytes).version }))).catch((err) => {
          builtin = null
          throw err
        }),
      download: (url, signal) => link!.fetchModel(url, signal),
      // A model swapped (or refused) after the desired state was acknowledged: acknowledge again,
      // same revision, so the control plane shows what scores now and why not the assigned one.
      onSettled: (status) => {
        const ds = runtime.desiredState
        if (!ds || !link) return
        link.send('desired_state.ack', {
          revision: ds.revision,
          ruleset_version: ds.ruleset.version,
          applied: true,
          model_version: status.version,
          ...(status.error ? { error: fit(status.error, 'errorMessage') } : {}),
        })
      },
      log: log.child({ component: 'model-sync' }),
    })
  }
  const startedAt = Date.now()
  let onDecommissioned: (message: string) => void = () => {}
  const decommissioned = new Promise<string>((resolve) => (onDecommissioned = resolve))
  link = new AgentLink({
    controlPlaneUrls: cfg.controlPlaneUrls,
    store,
    hostname: cfg.hostname,
    labels: cfg.labels,
    agentVersion: AGENT_VERSION,
    enrollmentToken: cfg.enrollmentToken,
    outbox,
    log: log.child({ component: 'link' }),
    accepts: upgrades.accepts,
    onWelcome: () => upgrades.onWelcome(),
    onDecommissioned: (message) => {
      // Removed by the operator: its cached rules must not drive remediation after a restart either.
      cache.clear()
      onDecommissioned(message)
    },
    handlers: {
      hello: () => {
        const ds = runtime.desiredState
        return {
          agent_version: AGENT_VERSION,
          protocol_versions: [PROTOCOL_VERSION],
          hostname: cfg.hostname,
          labels: cfg.labels,
          capabilities: { actions: Object.keys(policy.actions) as ActionType[], collectors: collectors.map((c) => c.name) },
          facts: { os: fit(type(), 'osName'), arch: fit(arch(), 'arch'), kernel: fit(release(), 'kernel'), cpus: cpus().length, memory_bytes: totalmem() },
          ...(ds ? { desired_state_revision: ds.revision, ruleset_version: ds.ruleset.version } : {}),
          ...(detector ? { model_version: detector.modelVersion } : {}),
          monitoring: runtime.monitoring,
        }
      },
      heartbeat: () => ({ uptime_s: (Date.now() - startedAt) / 1000, monitoring: runtime.monitoring, collectors: runtime.lastHealth }),
      current: () => {
        const ds = runtime.desiredState
        return ds ? { revision: ds.revision, ruleset_version: ds.ruleset.version } : null
      },
      desiredState: async (state) => {
        const r = runtime.applyDesiredState(state, 'control_plane')
        if (r.applied) {
          try {
            cache.save(state)
          } catch (err) {
            log.error({ err }, 'could not cache the desired state; it applies until restart')
          }
          modelSync?.want(state.model)
          upgrades.want(state.agent_release)
        }
        const model = modelSync?.status
        if (!model) return r
        // Rules applied, the model not (yet): say why in the ack; remediation goes on regardless.
        const error = r.error ?? model.error
        return { ...r, model_version: model.version, ...(error ? { error } : {}) }
      },
      command: (cmd) => runtime.handleCommand(cmd),
      permitAnswer: (a) => permits.answer(a),
      permitQueued: (q) => permits.queued(q),
      alertInputs: (inputs) => {
        alertInputs.apply(inputs)
        log.info({ alerts: inputs.alerts.map((a) => `${a.name}=${a.firing ? 1 : 0}`) }, 'alert inputs applied')
      },
    },
  })
  link.init()
  // Offline start: follow the cached assignment (the stored last good model usually is that one).
  if (cached) modelSync?.want(cached.model)
  void link.start()
  runtime.start()
  log.info({ stateDir: cfg.stateDir, controlPlane: cfg.controlPlaneUrls, pending: outbox.depth, cachedRevision: cached?.revision ?? null }, 'agent started')

  let stopping: Promise<void> | null = null
  return {
    runtime,
    link,
    outbox,
    log,
    decommissioned,
    exitRequested: upgrades.exit,
    stalled,
    stop: () =>
      (stopping ??= (async () => {
        log.info('shutting down')
        await runtime.stop()
        await closeCollectors(collectors)
        await containerWatch.close()
        // Give events recorded by the last cycle a moment to be acknowledged; the rest wait on disk.
        link!.pump()
        await link!.drain(2000)
        await modelSync?.stop()
        await upgrades.stop()
        await link!.stop()
        outbox.close()
        await detector?.close()
        await metrics?.close()
        lock.release()
        log.info('stopped')
      })()),
  }
}

/** On the last good model from the store when there is one (offline restarts too), else the built-in one. */
async function openDetector(store: ModelStore, log: Logger, onEvent: (e: DetectorEvent) => void): Promise<Detector | null> {
  const last = store.lastGood()
  if (last) {
    try {
      const d = await createDetector({ modelBytes: last.bytes, onEvent })
      log.info({ version: d.modelVersion }, 'detector on the last good model')
      return d
    } catch (err) {
      log.error({ err, version: last.version }, 'the last good model no longer loads; using the built-in model')
    }
  }
  try {
    return await createDetector({ onEvent })
  } catch (err) {
    // Without a detector the agent still collects and remediates on the other metrics.
    log.error({ err }, 'anomaly detector unavailable; running without ml_anomaly_score')
    return null
  }
}
