import type { KeyObject } from 'node:crypto'
import type { Logger } from 'pino'
import { ACCEPTS_AGENT_RELEASE, type AgentReleaseRef, type AgentUpgradeReport } from '@smartcloudops/shared'
import { releasePublicKey } from '@smartcloudops/shared/release/signature'
import type { AgentConfig } from '../config'
import { ConfigError } from '../config'
import { startHeartbeat } from './heartbeat'
import { abandonUpgrade, clearRollbackResult, confirmUpgrade, upgradeStateAtStart } from './on-start'
import { pruneReleases } from './swap'
import { UpgradeSync } from './upgrade-sync'

/** The new version did not connect within the bound: exit so the launcher restores the previous one. */
export const EXIT_UPGRADE_NOT_CONFIRMED = 75

export interface AgentUpgrades {
  /** hello.accepts additions (none when this agent cannot upgrade itself). */
  accepts: string[]
  want(ref: AgentReleaseRef | undefined): void
  onWelcome(): void
  /** Resolves with the exit code when the agent must stop for its supervisor to restart it. */
  exit: Promise<number>
  stop(): Promise<void>
}

/**
 * The agent's side of upgrades, wired once by main.ts: at start, report a rollback the launcher
 * did and, if this is the new version of an upgrade, arm the connect deadline; then follow the
 * desired state's `agent_release` (upgrade-sync.ts).
 */
export function agentUpgrades(o: {
  cfg: AgentConfig
  runningVersion: string
  policy: boolean | undefined
  record: (r: AgentUpgradeReport) => void
  download: (url: string, maxBytes: number, signal: AbortSignal) => Promise<Uint8Array>
  log: Logger
}): AgentUpgrades {
  const { cfg, log } = o
  let publicKey: KeyObject | null = null
  if (cfg.upgrade.publicKeyPem) {
    try {
      publicKey = releasePublicKey(cfg.upgrade.publicKeyPem)
    } catch (err) {
      throw new ConfigError('upgrade_public_key', (err as Error).message, { cause: err })
    }
  }
  let exitWith: (code: number) => void = () => {}
  const exit = new Promise<number>((resolve) => (exitWith = resolve))
  const sync = new UpgradeSync({
    runningVersion: o.runningVersion,
    stateDir: cfg.stateDir,
    installDir: cfg.upgrade.installDir,
    publicKey,
    policy: o.policy,
    confirmTimeoutS: cfg.upgrade.confirmTimeoutS,
    download: o.download,
    report: o.record,
    restart: () => exitWith(0),
    log,
  })

  const start = upgradeStateAtStart(cfg.stateDir, o.runningVersion)
  if (start.rolledBack) {
    log.error({ from: start.rolledBack.to_version, restored: start.rolledBack.from_version, reason: start.rolledBack.error }, 'the last upgrade was rolled back')
    sync.markFailed(start.rolledBack.to_version, start.rolledBack.error ?? 'rolled back')
    o.record(start.rolledBack)
    clearRollbackResult(cfg.stateDir)
  }
  let deadline: NodeJS.Timeout | undefined
  // Until it connects, a new version proves to the launcher that its event loop runs.
  let stopHeartbeat = () => {}
  const confirming = start.confirming
  if (confirming) {
    stopHeartbeat = startHeartbeat(cfg.stateDir, log)
    const ms = Math.max(0, confirming.deadline - Date.now())
    log.info({ from: confirming.from, to: o.runningVersion, withinS: Math.round(ms / 1000) }, 'new agent version: must connect to the control plane to keep it')
    deadline = setTimeout(() => {
      const reason = `${o.runningVersion} did not connect to the control plane within ${cfg.upgrade.confirmTimeoutS} s`
      log.error({ reason }, 'upgrade not confirmed; exiting so the launcher restores the previous version')
      abandonUpgrade(cfg.stateDir, reason)
      stopHeartbeat()
      exitWith(EXIT_UPGRADE_NOT_CONFIRMED)
    }, ms)
  }
  return {
    accepts: cfg.upgrade.installDir ? [ACCEPTS_AGENT_RELEASE] : [],
    want: (ref) => sync.want(ref),
    onWelcome: () => {
      if (!confirming || !deadline) return
      clearTimeout(deadline)
      deadline = undefined
      confirmUpgrade(cfg.stateDir)
      stopHeartbeat()
      log.info({ from: confirming.from, to: o.runningVersion }, 'upgrade confirmed: connected to the control plane')
      try {
        const removed = pruneReleases(cfg.upgrade.installDir ?? '')
        if (removed.length) log.info({ removed }, 'older releases removed (current and previous kept)')
      } catch (err) {
        log.warn({ err }, 'could not remove older releases')
      }
      o.record({ from_version: confirming.from, to_version: o.runningVersion, outcome: 'succeeded', at: Date.now() })
    },
    exit,
    stop: async () => {
      if (deadline) clearTimeout(deadline)
      stopHeartbeat()
      await sync.stop()
    },
  }
}
