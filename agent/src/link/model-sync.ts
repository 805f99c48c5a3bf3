import type { Logger } from 'pino'
import type { ModelRef } from '@smartcloudops/shared'
import type { Detector } from '../detect/detector'
import { sha256Hex } from '../detect/model-artifact'
import type { ModelStore } from './model-store'
import { abortableSleep } from './abortable-sleep'

/** A download the control plane answered with an error status: retried only when it may pass later. */
export class ModelDownloadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
  get retryable(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429
  }
}

export interface ModelStatus {
  /** The model scoring now. */
  version: string
  /** Why the assigned model is not the one scoring (refused, or still unavailable). */
  error?: string
}

export interface ModelSyncOptions {
  detector: Detector
  store: ModelStore
  /** The agent's committed model, used when the desired state assigns none. */
  builtin: () => Promise<{ version: string; bytes: Uint8Array }>
  /** Downloads with the agent's credential; network failures throw anything, HTTP errors ModelDownloadError. */
  download: (url: string, signal: AbortSignal) => Promise<Uint8Array>
  /** Called when an attempt to follow the desired state concludes: the agent acks what it runs now. */
  onSettled: (status: ModelStatus) => void
  log: Logger
  backoffBaseMs?: number
  backoffCapMs?: number
}

type Wanted = { kind: 'builtin' } | { kind: 'ref'; ref: ModelRef }

const key = (w: Wanted) => (w.kind === 'builtin' ? 'builtin' : `${w.ref.version}@${w.ref.sha256}`)

/**
 * Keeps the detector on the model the desired state assigns (none = the built-in one): fetch (from
 * the local store, else the control plane), verify size and sha256, hot-swap (the detector loads and
 * test-scores it and keeps the old one on any failure), persist as the last good model.
 *
 * Network failures are retried with jittered exponential backoff for as long as the model is still
 * wanted; a model that fails verification or loading is refused for good (until the desired state
 * names another one) — retrying the same bytes cannot help. Scoring never waits on any of this.
 */
export class ModelSync {
  private wanted: Wanted | null = null
  private readonly refused = new Map<string, string>()
  private pendingError: string | undefined
  private running: Promise<void> | null = null
  private generation = 0
  private abort = new AbortController()
  private stopped = false

  constructor(private readonly opts: ModelSyncOptions) {}

  /** What runs now and, when it is not what was assigned, why. */
  get status(): ModelStatus {
    const w = this.wanted
    const error = w ? (this.refused.get(key(w)) ?? this.pendingError) : undefined
    return { version: this.opts.detector.modelVersion, ...(error ? { error } : {}) }
  }

  /** Follow a desired state's model reference (latest call wins). */
  want(ref: ModelRef | undefined): void {
    const next: Wanted = ref ? { kind: 'ref', ref } : { kind: 'builtin' }
    if (this.wanted && key(this.wanted) === key(next)) return
    this.wanted = next
    this.generation++
    this.pendingError = undefined
    // A download or backoff wait for the previous target ends now; the loop picks up the new one.
    this.abort.abort()
    this.abort = new AbortController()
    if (!this.running && !this.stopped) this.running = this.loop()
  }

  /** The detector fell back from a model that failed while scoring: do not swap it in again. */
  markFailed(version: string, reason: string): void {
    const w = this.wanted
    if (w?.kind === 'ref' && w.ref.version === version) {
      this.refused.set(key(w), `model ${version} failed while scoring and was replaced by the previous one: ${reason}`)
      this.opts.onSettled(this.status)
    }
  }

  /** Resolves when nothing is in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.abort.abort()
    await this.idle()
  }

  private async loop(): Promise<void> {
    let attempt = 0
    for (;;) {
      const generation = this.generation
      const target = this.wanted
      if (this.stopped || !target) break
      const signal = this.abort.signal
      let r: 'done' | 'changed' | 'retry'
      try {
        r = await this.attempt(target, signal)
      } catch (err) {
        this.opts.log.error({ err }, 'model sync failed unexpectedly; retrying')
        r = 'retry'
      }
      if (generation !== this.generation) {
        attempt = 0
        continue
      }
      if (r === 'retry') {
        attempt++
        const cap = this.opts.backoffCapMs ?? 60_000
        const ceiling = Math.min(cap, (this.opts.backoffBaseMs ?? 1000) * 2 ** Math.min(attempt - 1, 20))
        await abortableSleep(ceiling / 2 + Math.random() * (ceiling / 2), signal)
        continue
      }
      if (r === 'changed') this.opts.onSettled(this.status)
      // onSettled may have led to a new want(): only stop when nothing new arrived. No await from
      // here to the end, so a want() either was seen above or finds `running` null and starts a loop.
      if (generation === this.generation) break
    }
    this.running = null
  }

  /** One try: 'done' (nothing to do), 'changed' (swapped or refused: worth an ack), 'retry'. */
  private async attempt(target: Wanted, signal: AbortSignal): Promise<'done' | 'changed' | 'retry'> {
    const { detector, store, log } = this.opts
    if (this.refused.has(key(target))) return 'done'
    if (target.kind === 'builtin') {
      const builtin = await this.opts.builtin()
      if (detector.modelVersion === builtin.version) return 'done'
      const r = await detector.swapModel(builtin.bytes, sha256Hex(builtin.bytes), builtin.version)
      if (!r.ok) return this.refuse(target, builtin.version, r.error)
      store.clearActive()
      log.info({ version: builtin.version }, 'model swapped back to the built-in one (no model assigned)')
      return 'changed'
    }
    const ref = target.ref
    if (detector.modelVersion === ref.version) return 'done'
    let bytes = store.read(ref.sha256)
    if (!bytes) {
      try {
        bytes = await this.opts.download(ref.url, signal)
      } catch (err) {
        if (signal.aborted) return 'retry'
        if (err instanceof ModelDownloadError && !err.retryable) {
          return this.refuse(target, ref.version, { code: 'MODEL_DOWNLOAD_REFUSED', message: err.message })
        }
        this.pendingError = `model ${ref.version} not downloaded yet: ${(err as Error).message}`
        log.warn({ version: ref.version, err: (err as Error).message }, 'model download failed; retrying, the current model keeps scoring')
        return 'retry'
      }
    }
    if (bytes.length !== ref.size) {
      return this.refuse(target, ref.version, { code: 'MODEL_SIZE_MISMATCH', message: `model is ${bytes.length} bytes, the desired state says ${ref.size}` })
    }
    const r = await detector.swapModel(bytes, ref.sha256, ref.version)
    if (!r.ok) return this.refuse(target, ref.version, r.error)
    try {
      store.saveActive(ref.version, ref.sha256, bytes)
    } catch (err) {
      log.error({ err }, 'could not persist the model; it runs until restart')
    }
    this.pendingError = undefined
    log.info({ version: ref.version, sha256: ref.sha256 }, 'model swapped')
    return 'changed'
  }

  private refuse(target: Wanted, version: string, error: { code: string; message: string }): 'changed' {
    const text = `model ${version} refused (${error.code}): ${error.message}`
    this.refused.set(key(target), text)
    this.opts.log.error({ version, code: error.code }, `${text}; keeping ${this.opts.detector.modelVersion}`)
    return 'changed'
  }
}
