import type { KeyObject } from 'node:crypto'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { fit, type AgentReleaseRef, type AgentUpgradeReport } from '@smartcloudops/shared'
import { readJson, writeJsonAtomic } from '../link/json-file'
import { abortableSleep } from '../link/abortable-sleep'
import { ModelDownloadError } from '../link/model-sync'
import { installRelease } from './install-release'
import { swapToRelease } from './swap'
import { UpgradeError } from './upgrade-error'

export interface UpgradeSyncOptions {
  runningVersion: string
  stateDir: string
  /** null: not installed from a release (a checkout, a container image): every assignment is refused. */
  installDir: string | null
  publicKey: KeyObject | null
  /** Local policy `upgrades` (see remediate/policy.ts): undefined = signed releases only. */
  policy: boolean | undefined
  confirmTimeoutS: number
  download: (url: string, maxBytes: number, signal: AbortSignal) => Promise<Uint8Array>
  /** An outcome to record (outbox) for the control plane. */
  report: (r: AgentUpgradeReport) => void
  /** The new release is in place and `current` points at it: stop cleanly and exit for the supervisor. */
  restart: (toVersion: string) => void
  log: Logger
  backoffBaseMs?: number
  backoffCapMs?: number
}

/** The version refused or rolled back last, kept across restarts (the old version restarts after a rollback). */
const FAILED_FILE = 'upgrade-failed.json'

/**
 * Follows the desired state's `agent_release`: when it names a version other than the running one,
 * checks local policy, downloads the tarball with the agent's credential, verifies and unpacks it
 * beside the running release, swaps `current` and asks to be restarted. The new version confirms
 * (or the launcher rolls back): see on-start.ts and deploy/scops-agent-launch.
 *
 * A refusal (policy, signature, checksum, manifest) is reported once and not retried until the
 * desired state names another version; network and server errors are retried with backoff.
 */
export class UpgradeSync {
  private wanted: AgentReleaseRef | null = null
  private abort = new AbortController()
  private running: Promise<void> | null = null
  private stopped = false

  constructor(private readonly o: UpgradeSyncOptions) {}

  /** A version refused or rolled back before (so not tried again), from the state directory. */
  failedVersion(): string | null {
    const r = readJson(join(this.o.stateDir, FAILED_FILE))
    return r.ok && typeof (r.value as { version?: unknown }).version === 'string' ? (r.value as { version: string }).version : null
  }

  /** Remember a version that must not be tried again (the rollback the launcher did, a refusal). */
  markFailed(version: string, reason: string): void {
    writeJsonAtomic(join(this.o.stateDir, FAILED_FILE), { version, reason })
  }

  want(ref: AgentReleaseRef | undefined): void {
    const failed = this.failedVersion()
    // The desired state moved on: what failed before may be assigned again later and retried then.
    if (failed && ref?.version !== failed) writeJsonAtomic(join(this.o.stateDir, FAILED_FILE), {})
    if (!ref || ref.version === this.o.runningVersion || ref.version === failed) {
      if (ref && ref.version === failed && this.wanted?.version !== ref.version) this.o.log.warn({ version: ref.version }, 'assigned agent version failed here before; not trying it again until another is assigned')
      this.wanted = ref && ref.version !== this.o.runningVersion ? ref : null
      this.abort.abort()
      return
    }
    if (this.wanted?.version === ref.version && this.wanted.sha256 === ref.sha256) return
    this.wanted = ref
    this.abort.abort()
    this.abort = new AbortController()
    if (!this.running && !this.stopped) this.running = this.loop().finally(() => (this.running = null))
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.abort.abort()
    await this.running
  }

  private refusal(ref: AgentReleaseRef): UpgradeError | null {
    if (this.o.policy === false) return new UpgradeError('policy', `local policy forbids remote upgrades (upgrades: false); ${ref.version} not installed`)
    if (!this.o.publicKey && this.o.policy !== true) {
      return new UpgradeError('policy', `no upgrade_public_key is configured and local policy does not allow unsigned upgrades (upgrades: true); ${ref.version} not installed`)
    }
    if (!this.o.installDir) return new UpgradeError('not_installed_from_release', `this agent does not run from an install.sh layout (no install_dir); ${ref.version} not installed`)
    return null
  }

  private async loop(): Promise<void> {
    let attempt = 0
    while (!this.stopped && this.wanted) {
      const ref = this.wanted
      const signal = this.abort.signal
      try {
        const refused = this.refusal(ref)
        if (refused) throw refused
        this.o.log.info({ version: ref.version, size: ref.size }, 'downloading agent release')
        const bytes = await this.o.download(ref.url, ref.size, signal)
        if (signal.aborted) continue
        // From here on a failure is final: the bytes are what the control plane has (a read-only
        // install directory, a full disk); the download is not tried again for this version.
        const rel = await installRelease(ref, bytes, { installDir: this.o.installDir!, publicKey: this.o.publicKey }).catch((err: unknown) => {
          throw err instanceof UpgradeError ? err : Object.assign(new Error(`installing ${ref.version} failed: ${(err as Error).message}`, { cause: err }), { final: true })
        })
        if (signal.aborted || this.wanted !== ref) continue
        try {
          swapToRelease({ installDir: this.o.installDir!, stateDir: this.o.stateDir, fromVersion: this.o.runningVersion, toVersion: ref.version, newRelease: rel, confirmTimeoutS: this.o.confirmTimeoutS })
        } catch (err) {
          throw err instanceof UpgradeError ? err : Object.assign(new Error(`switching to ${ref.version} failed: ${(err as Error).message}`, { cause: err }), { final: true })
        }
        this.o.log.info({ from: this.o.runningVersion, to: ref.version, confirmWithinS: this.o.confirmTimeoutS }, 'agent release installed; restarting into it')
        this.wanted = null
        this.o.restart(ref.version)
        return
      } catch (err) {
        if (signal.aborted) continue
        const final = err instanceof UpgradeError || (err instanceof ModelDownloadError && !err.retryable) || (err as { final?: boolean }).final === true
        if (final) {
          const message = (err as Error).message
          this.o.log.error({ version: ref.version, code: (err as { code?: string }).code, err: message }, 'agent upgrade refused; nothing was changed')
          this.markFailed(ref.version, message)
          this.o.report({ from_version: this.o.runningVersion, to_version: ref.version, outcome: err instanceof UpgradeError ? 'refused' : 'failed', error: fit(message, 'errorMessage'), at: Date.now() })
          this.wanted = null
          return
        }
        attempt++
        const ceiling = Math.min(this.o.backoffCapMs ?? 60_000, (this.o.backoffBaseMs ?? 1000) * 2 ** Math.min(attempt - 1, 20))
        this.o.log.warn({ version: ref.version, err: (err as Error).message, attempt }, 'agent release download failed; retrying')
        await abortableSleep(ceiling / 2 + Math.random() * (ceiling / 2), signal)
      }
    }
  }
}
