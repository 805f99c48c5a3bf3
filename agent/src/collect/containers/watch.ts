import type Docker from 'dockerode'
import type { Logger } from 'pino'
import { dockerErrorCode } from '../../remediate/result'
import { CollectError } from '../types'
import { jsonLines } from './json-lines'
import { cgroupFilesOf, defaultRoots, readCgroup, type CgroupFiles, type CgroupRoots } from './cgroup'
import { isUnhealthy } from './health'
import { cpuPercent, cpuSample, memoryPercent } from './stats'
import { openStatsStream, parseStatsFrame } from './stats-stream'

/**
 * The host's containers, kept current in the background so that a cycle reads the latest values
 * and never waits on the engine (one-shot stats made every cycle wait ~1 s for the engine's tick):
 * - Docker's event stream says when a container is created, started, stopped, restarted,
 *   renamed, changes health or is removed; only that container is inspected again. A full
 *   listing happens once per connection to the engine, not once per cycle.
 * - each running container has one streaming stats request open (the engine pushes a frame
 *   about once a second, with the previous reading in precpu_stats, so CPU comes from one frame);
 *   the newest frame is kept. A container whose newest frame is older than `staleMs` has its CPU
 *   and memory reported missing (`stats_stale`), never the old value passed off as current.
 * - every request has its own abort signal: nothing accumulates listeners on a shared one.
 * When the event stream breaks (engine restarted or unreachable) everything is dropped, the
 * metrics are missing with the engine's error code, and it reconnects with backoff.
 */

/** What the rest of the agent may know about a container (lock targets, tests). */
export interface ContainerView {
  id: string
  name: string
  labels: Record<string, string>
  running: boolean
  restarts: number
  health: string | undefined
  unhealthy: boolean
}

interface Tracked extends ContainerView {
  pid: number
  /** Its cgroup files when readable here (then no stats stream); null: stream; undefined: looking. */
  cgroup: CgroupFiles | null | undefined
  /** cgroup source: the CPU reading the next percentage is measured from, and the last percentage. */
  prevCpu: { cpuNs: number; at: number; percent: number | undefined } | null
  stream: AbortController | null
  streamStartedAt: number
  last: { at: number; cpu: number | undefined; mem: number | undefined } | null
  /** The newest stats frame, as received and not yet parsed (a snapshot parses it). */
  frame: { at: number; text: string } | null
}

export interface ContainerWatchOptions {
  docker: Docker
  log?: Logger
  /** Newest stats frame older than this: CPU and memory reported missing. Default 5 s (frames come ~1/s). */
  staleMs?: number
  /** Monotonic milliseconds; tests may pass their own clock. */
  now?: () => number
  /**
   * 'stream' (default): Docker's streaming stats, kept current in the background. 'cgroup': the
   * container's cgroup files (./cgroup.ts) read in each snapshot where this process can read
   * them, else the stream. Measured (root README): the stream costs the agent less CPU and keeps
   * the cycle's sample→action latency low; the files cost the engine nothing.
   */
  source?: 'stream' | 'cgroup'
  /** Where /proc and the cgroup hierarchy are (a DaemonSet mounts the host's elsewhere). */
  roots?: CgroupRoots
}

const INSPECT_TIMEOUT_MS = 10_000
const INSPECT_CONCURRENCY = 8
const STREAM_RETRY_MS = 1_000
/** The shortest interval a cgroup CPU percentage is measured over (a stream's frames are ~1 s apart). */
const MIN_CPU_WINDOW_MS = 500
const MAX_BACKOFF_MS = 30_000
/** Event actions that say nothing about state (exec, attach, copy…): no inspect for them. */
const QUIET = /^(exec_|attach|detach|resize|top|export|commit|copy|archive-path|extract-to-dir)/
const CONTAINER_ID = /^[0-9a-f]{12,64}$/

const statusOf = (err: unknown) => (err as { statusCode?: number })?.statusCode

export class ContainerWatch {
  private readonly tracked = new Map<string, Tracked>()
  private readonly refreshing = new Map<string, { again: boolean }>()
  private readonly staleMs: number
  private readonly now: () => number
  private state: 'idle' | 'connecting' | 'synced' | 'down' | 'closed' = 'idle'
  private lastError = 'docker_connecting'
  /** The failure already warned about, until the engine syncs again: a retry failing the same way logs at debug. */
  private warnedCode: string | null = null
  private everSynced = false
  private generation = 0
  private events: AbortController | null = null
  private backoffMs = 1_000
  private retry: NodeJS.Timeout | null = null
  private waiters: Array<() => void> = []

  constructor(private readonly opts: ContainerWatchOptions) {
    this.staleMs = opts.staleMs ?? 5_000
    this.now = opts.now ?? (() => performance.now())
  }

  /** Connects in the background (idempotent). */
  start(): void {
    if (this.state === 'idle') void this.connect()
  }

  get synced(): boolean {
    return this.state === 'synced'
  }

  /** Stats requests open right now: one per running container, never more. */
  get openStreams(): number {
    let n = 0
    for (const t of this.tracked.values()) if (t.stream) n++
    return n
  }

  /** How the running containers are read: through their cgroup files, or a stats stream. */
  get sources(): { cgroup: number; stream: number } {
    let cgroup = 0
    let stream = 0
    for (const t of this.tracked.values()) {
      if (t.running && t.cgroup) cgroup++
      if (t.stream) stream++
    }
    return { cgroup, stream }
  }

  containers(): ContainerView[] {
    return [...this.tracked.values()].map(({ id, name, labels, running, restarts, health, unhealthy }) => ({ id, name, labels, running, restarts, health, unhealthy }))
  }

  /**
   * Resolves when the current attempt to connect settled — synced, or failed (then snapshot()
   * throws with the engine's code) — or at once when synced; rejects when `signal` aborts.
   */
  whenSettled(signal: AbortSignal): Promise<void> {
    if (this.state === 'synced' || this.state === 'down' || this.state === 'closed') return Promise.resolve()
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== done)
        reject(signal.reason)
      }
      const done = () => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
      if (signal.aborted) return reject(signal.reason)
      signal.addEventListener('abort', onAbort, { once: true })
      this.waiters.push(done)
    })
  }

  /**
   * The metrics as of now: per container (qualifier = its name) container_running,
   * container_restarts, container_healthy (only with a healthcheck), container_cpu_percent and
   * container_memory_percent (running, fresh stats only); containers_unhealthy. Throws a
   * CollectError with the engine's code when not connected: every container metric is missing.
   * Containers read through their cgroup files are read now (local files, no engine call).
   */
  async snapshot(): Promise<{ values: Record<string, number>; missing: Record<string, string> }> {
    if (this.state !== 'synced') throw new CollectError(this.lastError, `docker engine: ${this.state === 'connecting' || this.state === 'idle' ? 'not synced yet' : 'connection lost'}`)
    const now = this.now()
    const values: Record<string, number> = {}
    const missing: Record<string, string> = {}
    let unhealthy = 0
    const reads: Promise<void>[] = []
    for (const t of this.tracked.values()) {
      values[`container_running:${t.name}`] = t.running ? 1 : 0
      values[`container_restarts:${t.name}`] = t.restarts
      if (t.health === 'healthy') values[`container_healthy:${t.name}`] = 1
      else if (t.health === 'unhealthy') values[`container_healthy:${t.name}`] = 0
      if (t.unhealthy) unhealthy++
      if (!t.running) continue
      if (t.cgroup) {
        reads.push(this.readCgroupInto(t, t.cgroup, values, missing))
        continue
      }
      if (t.frame) this.readFrame(t, t.frame)
      const l = t.last
      if (l && now - l.at <= this.staleMs) {
        if (l.cpu !== undefined) values[`container_cpu_percent:${t.name}`] = l.cpu
        else missing[`container_cpu_percent:${t.name}`] = 'stats_warming_up'
        if (l.mem !== undefined) values[`container_memory_percent:${t.name}`] = l.mem
        else missing[`container_memory_percent:${t.name}`] = 'stats_incomplete'
      } else {
        const why = !l && (t.cgroup === undefined || now - t.streamStartedAt <= this.staleMs) ? 'stats_pending' : 'stats_stale'
        missing[`container_cpu_percent:${t.name}`] = why
        missing[`container_memory_percent:${t.name}`] = why
      }
    }
    await Promise.all(reads)
    values['containers_unhealthy'] = unhealthy
    return { values, missing }
  }

  private async readCgroupInto(t: Tracked, files: CgroupFiles, values: Record<string, number>, missing: Record<string, string>): Promise<void> {
    const r = await readCgroup(files)
    const at = this.now()
    if (!r || t.cgroup !== files) {
      // Gone mid-read: the container stopped or restarted (its event follows); nothing to report.
      missing[`container_cpu_percent:${t.name}`] = 'cgroup_unreadable'
      missing[`container_memory_percent:${t.name}`] = 'cgroup_unreadable'
      return
    }
    values[`container_memory_percent:${t.name}`] = (r.memUsed / r.memLimit) * 100
    const prev = t.prevCpu
    // Percent of one core, as `docker stats` shows it: CPU ns over wall-clock ns, over at least
    // MIN_CPU_WINDOW_MS. A read sooner than that after the last (a trigger just after a timer
    // cycle) repeats the last figure: over a few ms a busy process reads 0 % or 100 % by luck.
    if (prev && at - prev.at < MIN_CPU_WINDOW_MS && r.cpuNs >= prev.cpuNs) {
      if (prev.percent !== undefined) values[`container_cpu_percent:${t.name}`] = prev.percent
      else missing[`container_cpu_percent:${t.name}`] = 'stats_warming_up'
      return
    }
    const percent = prev && at > prev.at && r.cpuNs >= prev.cpuNs ? ((r.cpuNs - prev.cpuNs) / ((at - prev.at) * 1e6)) * 100 : undefined
    t.prevCpu = { cpuNs: r.cpuNs, at, percent }
    if (percent !== undefined) values[`container_cpu_percent:${t.name}`] = percent
    else missing[`container_cpu_percent:${t.name}`] = 'stats_warming_up'
  }

  async close(): Promise<void> {
    this.state = 'closed'
    this.generation++
    if (this.retry) clearTimeout(this.retry)
    this.dropAll()
  }

  private dropAll(): void {
    this.events?.abort()
    this.events = null
    for (const t of this.tracked.values()) t.stream?.abort()
    this.tracked.clear()
    this.refreshing.clear()
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation
    this.state = 'connecting'
    const ac = new AbortController()
    this.events = ac
    try {
      // Subscribe first, then list: a change between the two is seen twice, never missed.
      const stream = (await this.opts.docker.getEvents({ filters: { type: ['container'] }, abortSignal: ac.signal })) as NodeJS.ReadableStream
      if (gen !== this.generation) return void (stream as unknown as { destroy(): void }).destroy()
      stream.on('data', jsonLines((e) => this.onEvent(e, gen), { onBad: (why) => this.opts.log?.warn({ why }, 'docker event dropped') }))
      stream.on('error', () => undefined)
      stream.on('close', () => this.lost(gen, 'docker_events_ended'))
      stream.on('end', () => this.lost(gen, 'docker_events_ended'))
      const list = await this.opts.docker.listContainers({ all: true, abortSignal: AbortSignal.timeout(INSPECT_TIMEOUT_MS) })
      let next = 0
      const worker = async () => {
        while (next < list.length && gen === this.generation) await this.refresh(list[next++]!.Id, gen)
      }
      await Promise.all(Array.from({ length: Math.min(INSPECT_CONCURRENCY, list.length) }, worker))
      if (gen !== this.generation) return
      this.state = 'synced'
      this.backoffMs = 1_000
      this.warnedCode = null
      this.everSynced = true
      this.opts.log?.info({ containers: this.tracked.size }, 'docker engine synced')
      for (const w of this.waiters.splice(0)) w()
    } catch (err) {
      this.lost(gen, dockerErrorCode(err).code, err)
    }
  }

  private lost(gen: number, code: string, err?: unknown): void {
    if (gen !== this.generation || this.state === 'closed') return
    this.generation++
    this.state = 'down'
    this.lastError = code
    this.dropAll()
    for (const w of this.waiters.splice(0)) w()
    // One warning per outage, not one per retry: a host without Docker would otherwise warn every
    // 30 s for as long as it runs. A retry that fails differently warns again.
    const fields = { code, err: (err as Error | undefined)?.message, retryInMs: this.backoffMs }
    if (code === this.warnedCode) this.opts.log?.debug(fields, 'docker engine still unreachable')
    else this.opts.log?.warn(fields, this.everSynced ? 'docker engine lost; container metrics missing until it is back' : 'docker engine unreachable; container metrics missing until it answers')
    this.warnedCode = code
    this.retry = setTimeout(() => {
      this.retry = null
      if (this.state === 'down') void this.connect()
    }, this.backoffMs)
    this.retry.unref()
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2)
  }

  private onEvent(e: unknown, gen: number): void {
    if (gen !== this.generation) return
    const ev = e as { Type?: unknown; Action?: unknown; Actor?: { ID?: unknown } }
    const id = ev?.Actor?.ID
    if (ev?.Type !== 'container' || typeof ev.Action !== 'string' || typeof id !== 'string' || !CONTAINER_ID.test(id)) return
    if (QUIET.test(ev.Action)) return
    if (ev.Action === 'destroy') {
      this.remove(id)
      // An inspect in flight may have started before the removal: it must look again (and get 404).
      const busy = this.refreshing.get(id)
      if (busy) busy.again = true
      return
    }
    void this.refresh(id, gen)
  }

  /** Inspects one container; events arriving meanwhile make one more inspect afterwards, not one each. */
  private async refresh(id: string, gen: number): Promise<void> {
    const busy = this.refreshing.get(id)
    if (busy) return void (busy.again = true)
    const mark = { again: false }
    this.refreshing.set(id, mark)
    try {
      do {
        mark.again = false
        let info: Docker.ContainerInspectInfo
        try {
          info = await this.opts.docker.getContainer(id).inspect({ abortSignal: AbortSignal.timeout(INSPECT_TIMEOUT_MS) })
        } catch (err) {
          if (gen !== this.generation) return
          if (statusOf(err) === 404) return this.remove(id)
          this.opts.log?.warn({ container: id.slice(0, 12), code: dockerErrorCode(err).code }, 'inspect failed; keeping the last known state')
          continue
        }
        if (gen !== this.generation) return
        this.upsert(info)
      } while (mark.again)
    } finally {
      if (this.refreshing.get(id) === mark) this.refreshing.delete(id)
    }
  }

  private upsert(info: Docker.ContainerInspectInfo): void {
    const prev = this.tracked.get(info.Id)
    const t: Tracked = prev ?? { id: info.Id, name: '', labels: {}, running: false, restarts: 0, health: undefined, unhealthy: false, pid: 0, cgroup: undefined, prevCpu: null, stream: null, streamStartedAt: 0, last: null, frame: null }
    t.name = info.Name.replace(/^\//, '') || info.Id.slice(0, 12)
    t.labels = info.Config?.Labels ?? {}
    t.running = info.State.Running === true
    t.restarts = info.RestartCount
    t.health = info.State.Health?.Status
    t.unhealthy = isUnhealthy(info.State)
    this.tracked.set(info.Id, t)
    const pid = t.running ? (info.State.Pid ?? 0) : 0
    if (pid !== t.pid) {
      // Started, restarted or stopped: a new main process, maybe a new cgroup; CPU starts over.
      t.pid = pid
      t.cgroup = undefined
      t.prevCpu = null
    }
    if (!t.running) {
      t.stream?.abort()
      t.stream = null
      t.last = null
      t.frame = null
      return
    }
    if (t.cgroup === undefined && !t.stream) this.chooseSource(t, this.generation)
  }

  /** cgroup files when readable here (and allowed), else one streaming stats request. */
  private chooseSource(t: Tracked, gen: number): void {
    t.streamStartedAt = this.now()
    if (this.opts.source !== 'cgroup') {
      t.cgroup = null
      return this.openStream(t, gen)
    }
    const pid = t.pid
    void cgroupFilesOf(pid, this.opts.roots ?? defaultRoots).then((files) => {
      if (gen !== this.generation || this.tracked.get(t.id) !== t || t.pid !== pid || !t.running) return
      t.cgroup = files ?? null
      if (!files && !t.stream) this.openStream(t, gen)
    })
  }

  private remove(id: string): void {
    const t = this.tracked.get(id)
    t?.stream?.abort()
    this.tracked.delete(id)
  }

  private openStream(t: Tracked, gen: number): void {
    t.streamStartedAt = this.now()
    t.last = null
    t.frame = null
    const ac: AbortController = openStatsStream(this.opts.docker, t.id, {
      onFrame: (v) => this.onStats(t, ac, v),
      onBad: (why) => this.opts.log?.warn({ container: t.name, why }, 'stats frame dropped'),
      onEnd: () => {
        if (t.stream !== ac) return
        t.stream = null
        // The container stopped (its event says so) or the engine dropped the stream: reopen while it runs.
        const again = setTimeout(() => {
          if (gen === this.generation && this.tracked.get(t.id) === t && t.running && !t.stream && t.cgroup === null) this.openStream(t, gen)
        }, STREAM_RETRY_MS)
        again.unref()
      },
    })
    t.stream = ac
  }

  /** Keeps the newest frame's text only: parsing waits for a snapshot, which needs just that one. */
  private onStats(t: Tracked, ac: AbortController, text: string): void {
    if (t.stream !== ac) return
    t.frame = { at: this.now(), text }
  }

  /** Parses the newest frame into `last`; a frame that is not JSON is dropped (the one before it stays, and goes stale). */
  private readFrame(t: Tracked, f: { at: number; text: string }): void {
    t.frame = null
    const v = parseStatsFrame(f.text)
    if (!v) return this.opts.log?.warn({ container: t.name, why: 'not_json' }, 'stats frame dropped')
    // Streaming frames carry the previous reading in precpu_stats: CPU from one frame.
    const cpu = cpuPercent(cpuSample(v.precpu_stats), cpuSample(v.cpu_stats))
    t.last = { at: f.at, cpu, mem: memoryPercent(v.memory_stats) }
  }
}
