import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { arch, cpus, release, totalmem, type } from 'node:os'
import { join } from 'node:path'
import Docker from 'dockerode'
import pino, { type Logger } from 'pino'
import { PROTOCOL_VERSION, type ActionType, type DesiredState } from '@smartcloudops/shared'
import { newMessageId } from '@smartcloudops/shared/protocol/id'
import type { AgentConfig } from './config'
import { createCollectors, runCollectors } from './collect'
import { createDetector, type Detector } from './detect/detector'
import { sha256Hex } from './detect/model-artifact'
import { DesiredStateCache } from './link/state-cache'
import { writeFileAtomic } from './link/json-file'
import { Outbox } from './link/outbox'
import { lockStateDir } from './link/state-lock'
import { AgentLink } from './link/socket'
import { AgentRuntime } from './loop/runtime'
import { Recorder } from './loop/recorder'
import { checkPolicy, loadPolicy, safeDefaultPolicy, validatePolicy, type LocalPolicy } from './remediate/policy'
import { runAction } from './remediate/run-action'
import { systemctlManager } from './remediate/systemd'
import type { ExecContext } from './remediate/types'

/**
 * Wires the agent from its configuration: local policy, collectors, detector, outbox, runtime and
 * link. Thin on purpose — behaviour lives in loop/ and link/. Returns a handle whose stop() is the
 * clean shutdown (abort the running action, record it, flush the metrics buffer, persist state,
 * close the socket and the outbox).
 */

export const AGENT_VERSION = '0.1.0'

export interface AgentHandle {
  runtime: AgentRuntime
  link: AgentLink
  outbox: Outbox
  log: Logger
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
  const docker = new Docker({ socketPath: cfg.dockerSocket })
  const collectors = createCollectors({ docker, probes: policy.probes ?? [] })

  const cache = new DesiredStateCache(cfg.stateDir, log.child({ component: 'state-cache' }))
  const cached = cache.load()
  const modelDir = join(cfg.stateDir, 'models')
  const detector = await openDetector(cached, modelDir, log.child({ component: 'detector' }))

  const outbox = Outbox.open(join(cfg.stateDir, 'outbox'), { log: log.child({ component: 'outbox' }) })
  let link: AgentLink | null = null
  const recorder = new Recorder(outbox, log.child({ component: 'recorder' }), () => link?.pump())

  const execCtx: ExecContext = {
    policy,
    docker,
    log: log.child({ component: 'executor' }),
    systemd: systemctlManager(),
    now: Date.now,
    sendAlert: async (a) => {
      recorder.record('alert', {
        alert_id: newMessageId(),
        severity: a.severity,
        summary: a.summary.slice(0, 500),
        ...(a.detail ? { detail: a.detail.slice(0, 4000) } : {}),
        ...(a.channel ? { channel: a.channel } : {}),
        raised_at: Date.now(),
      })
    },
  }

  const runtime = new AgentRuntime({
    stateDir: cfg.stateDir,
    labels: cfg.labels,
    intervalS: cfg.intervalS,
    bufferSize: cfg.bufferSize,
    log: log.child({ component: 'loop' }),
    recorder,
    parts: {
      collectorNames: collectors.map((c) => c.name),
      collect: (o) => runCollectors(collectors, o),
      detector,
      policy,
      checkPolicy,
      runAction: (spec, o) => runAction(execCtx, spec, o),
    },
  })
  if (cached) runtime.applyDesiredState(cached, 'cache')

  let modelSync: Promise<void> = Promise.resolve()
  const syncModel = (state: DesiredState) => {
    const ref = state.model
    if (!ref || !detector || detector.modelVersion === ref.version) return
    modelSync = modelSync.then(async () => {
      if (detector.modelVersion === ref.version) return
      const file = join(modelDir, `${ref.sha256}.onnx`)
      try {
        const bytes = existsSync(file) ? new Uint8Array(readFileSync(file)) : await link!.fetchModel(ref.url)
        const r = await detector.swapModel(bytes, ref.sha256, ref.version)
        if (!r.ok) {
          log.error({ version: ref.version, code: r.error.code }, `new model refused, keeping ${detector.modelVersion}: ${r.error.message}`)
          return
        }
        writeFileAtomic(file, bytes)
        log.info({ version: ref.version }, 'model swapped')
      } catch (err) {
        log.error({ err, version: ref.version }, 'model download failed; keeping the current model')
      }
    })
  }
  if (cached) syncModel(cached)

  const startedAt = Date.now()
  link = new AgentLink({
    controlPlaneUrl: cfg.controlPlaneUrl,
    stateDir: cfg.stateDir,
    hostname: cfg.hostname,
    labels: cfg.labels,
    agentVersion: AGENT_VERSION,
    enrollmentToken: cfg.enrollmentToken,
    outbox,
    log: log.child({ component: 'link' }),
    handlers: {
      hello: () => {
        const ds = runtime.desiredState
        return {
          agent_version: AGENT_VERSION,
          protocol_versions: [PROTOCOL_VERSION],
          hostname: cfg.hostname,
          labels: cfg.labels,
          capabilities: { actions: Object.keys(policy.actions) as ActionType[], collectors: collectors.map((c) => c.name) },
          facts: { os: type().slice(0, 128), arch: arch(), kernel: release().slice(0, 128), cpus: cpus().length, memory_bytes: totalmem() },
          ...(ds ? { desired_state_revision: ds.revision, ruleset_version: ds.ruleset.version } : {}),
          ...(detector ? { model_version: detector.modelVersion } : {}),
          monitoring: runtime.monitoring,
        }
      },
      heartbeat: () => ({
        uptime_s: (Date.now() - startedAt) / 1000,
        monitoring: runtime.monitoring,
        outbox_depth: outbox.depth,
        collectors: runtime.lastHealth,
      }),
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
          syncModel(state)
        }
        return r
      },
      command: (cmd) => runtime.handleCommand(cmd),
    },
  })
  link.init()
  link.start()
  runtime.start()
  log.info({ stateDir: cfg.stateDir, controlPlane: cfg.controlPlaneUrl, pending: outbox.depth, cachedRevision: cached?.revision ?? null }, 'agent started')

  let stopping: Promise<void> | null = null
  return {
    runtime,
    link,
    outbox,
    log,
    stop: () =>
      (stopping ??= (async () => {
        log.info('shutting down')
        await runtime.stop()
        // Give events recorded by the last cycle a moment to be acknowledged; the rest wait on disk.
        link!.pump()
        await waitFor(() => outbox.depth === 0 || !link!.connected, 2000)
        await link!.stop()
        await modelSync
        outbox.close()
        await detector?.close()
        lock.release()
        log.info('stopped')
      })()),
  }
}

async function openDetector(cached: DesiredState | null, modelDir: string, log: Logger): Promise<Detector | null> {
  const onEvent = (e: { type: string; message?: string }) => log.warn(e, 'detector event')
  try {
    const ref = cached?.model
    const file = ref ? join(modelDir, `${ref.sha256}.onnx`) : null
    if (file && existsSync(file)) {
      const bytes = new Uint8Array(readFileSync(file))
      if (sha256Hex(bytes) === ref!.sha256) return await createDetector({ modelBytes: bytes, onEvent })
      log.warn({ file }, 'cached model does not match its sha256; using the built-in model')
    }
    return await createDetector({ onEvent })
  } catch (err) {
    // Without a detector the agent still collects and remediates on the other metrics.
    log.error({ err }, 'anomaly detector unavailable; running without ml_anomaly_score')
    return null
  }
}


function waitFor(cond: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const end = Date.now() + timeoutMs
    const tick = () => (cond() || Date.now() >= end ? resolve() : setTimeout(tick, 50))
    tick()
  })
}
