import { fileURLToPath } from 'node:url'
import type { ChildProcess } from 'node:child_process'
import type { MarkSpec, ParentMessage, SimAgentSpec, SimRates, WorkerMessage, WorkerStats } from './options'
import { spawnNodeWithFdLimit } from './spawn-limited'

const workerPath = fileURLToPath(new URL('./worker.ts', import.meta.url))

export interface FleetOptions {
  /** ws://… of the agent endpoint (or of the raw reference server). */
  url: string
  agents: SimAgentSpec[]
  rates: SimRates
  /** Simulator processes; the agents are dealt round-robin. */
  processes: number
}

export interface FleetStats extends WorkerStats {
  processes: number
}

interface Worker {
  child: ChildProcess
  marks: Record<string, number>
  stats: WorkerStats | undefined
}

/**
 * The fleet simulator's parent side: spawns `processes` workers (each its own Node process with a
 * raised descriptor limit), deals them the agents, and sums what they report. Marks count, per
 * agent, the first desired state matching a condition after the mark was set; `waitMark` waits for
 * a count, `collect` returns the arrival times (epoch ms) to compute quantiles from.
 */
export class Fleet {
  private constructor(private readonly workers: Worker[]) {}

  static async start(opts: FleetOptions): Promise<Fleet> {
    const n = Math.max(1, Math.min(opts.processes, opts.agents.length))
    const workers: Worker[] = []
    for (let w = 0; w < n; w++) {
      const child = spawnNodeWithFdLimit(['--import', 'tsx', workerPath])
      workers.push({ child, marks: {}, stats: undefined })
    }
    const fleet = new Fleet(workers)
    await Promise.all(workers.map((w) => fleet.expect(w, 'ready')))
    await Promise.all(
      workers.map((w, i) => {
        const agents = opts.agents.filter((_, k) => k % n === i)
        w.child.send({ cmd: 'start', url: opts.url, agents, rates: opts.rates } satisfies ParentMessage)
        return fleet.expect(w, 'started')
      }),
    )
    for (const w of workers) {
      w.child.on('message', (raw) => {
        const m = raw as WorkerMessage
        if (m.ev === 'progress') {
          w.marks = m.marks
          w.stats = m.stats
          fleet.notify()
        }
      })
    }
    return fleet
  }

  private listeners = new Set<() => void>()

  private notify(): void {
    for (const l of this.listeners) l()
  }

  private expect<E extends WorkerMessage['ev']>(w: Worker, ev: E): Promise<Extract<WorkerMessage, { ev: E }>> {
    return new Promise((resolve, reject) => {
      const onMessage = (raw: unknown) => {
        const m = raw as WorkerMessage
        if (m.ev !== ev) return
        w.child.off('message', onMessage)
        w.child.off('exit', onExit)
        resolve(m as Extract<WorkerMessage, { ev: E }>)
      }
      const onExit = (code: number | null) => reject(new Error(`fleet-sim worker exited (${code}) before "${ev}"`))
      w.child.on('message', onMessage)
      w.child.once('exit', onExit)
    })
  }

  /** Starts connecting every agent: `concurrency` at a time per process, or spread at random over `spreadMs`. */
  connect(opts: { concurrency?: number; spreadMs?: number } = {}): void {
    for (const w of this.workers) w.child.send({ cmd: 'connect', concurrency: opts.concurrency ?? 25, spreadMs: opts.spreadMs ?? 0 } satisfies ParentMessage)
  }

  /** Sets a mark (before the action whose effect it counts); resolves once every worker has it. */
  async mark(name: string, spec: MarkSpec = {}): Promise<void> {
    for (const w of this.workers) w.child.send({ cmd: 'mark', name, spec } satisfies ParentMessage)
    await this.until(() => this.workers.every((w) => name in w.marks), 30_000, `mark ${name} set`)
  }

  count(name: string): number {
    return this.workers.reduce((n, w) => n + (w.marks[name] ?? 0), 0)
  }

  stats(): FleetStats {
    const out: FleetStats = { processes: this.workers.length, agents: 0, open: 0, closes: 0, eventsSent: 0, eventsAcked: 0, unacked: 0, refused: {}, invalidFrames: 0, throttled: 0 }
    for (const w of this.workers) {
      const s = w.stats
      if (!s) continue
      out.agents += s.agents
      out.open += s.open
      out.closes += s.closes
      out.eventsSent += s.eventsSent
      out.eventsAcked += s.eventsAcked
      out.unacked += s.unacked
      out.invalidFrames += s.invalidFrames
      out.throttled += s.throttled
      for (const [k, v] of Object.entries(s.refused)) out.refused[k] = (out.refused[k] ?? 0) + v
    }
    return out
  }

  /** Resolves when `count(name) >= n`, or rejects after `timeoutMs` with how far it got. */
  waitMark(name: string, n: number, timeoutMs: number): Promise<void> {
    return this.until(() => this.count(name) >= n, timeoutMs, `${n} agents counted by mark ${name}`).catch((err: Error) => {
      throw new Error(`${err.message} (counted ${this.count(name)}; ${JSON.stringify(this.stats())})`)
    })
  }

  /** Event-driven: re-checked on every worker report, never polled. */
  until(ok: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (ok()) return resolve()
      const check = () => {
        if (!ok()) return
        cleanup()
        resolve()
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`fleet-sim: timed out after ${timeoutMs} ms waiting for ${what}`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        this.listeners.delete(check)
      }
      this.listeners.add(check)
    })
  }

  /** Arrival times (epoch ms) of every agent the mark counted, ascending. */
  async collect(name: string): Promise<number[]> {
    const parts = await Promise.all(
      this.workers.map((w) => {
        const p = this.expect(w, 'collected')
        w.child.send({ cmd: 'collect', name } satisfies ParentMessage)
        return p
      }),
    )
    return parts.flatMap((p) => p.times).sort((a, b) => a - b)
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(async (w) => {
        if (w.child.exitCode !== null) return
        const exited = new Promise((r) => w.child.once('exit', r))
        w.child.send({ cmd: 'stop' } satisfies ParentMessage)
        await exited
      }),
    )
  }
}

/** The time by which `q` (0..1] of `n` agents were counted, relative to `t0`; Infinity when fewer arrived. */
export function quantileMs(times: readonly number[], n: number, q: number, t0: number): number {
  const k = Math.ceil(q * n) - 1
  return k < times.length ? times[k]! - t0 : Infinity
}
