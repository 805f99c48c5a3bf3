/**
 * One fleet-simulator process: a few thousand SimAgents, driven by its parent over IPC
 * (fleet.ts). It reports progress (how many agents each mark has counted, traffic figures)
 * at most every 25 ms while anything changes.
 */
import type { MarkSpec, ParentMessage, WorkerMessage, WorkerStats } from './options'
import { SimAgent, now, type SimAgentEvents } from './sim-agent'

interface Mark {
  spec: MarkSpec
  /** Per agent index: the time its matching snapshot arrived. */
  times: Map<number, number>
  /** Connection count of each agent when the mark was set (for `newConnection`). */
  connectionsAt: number[]
}

const agents: SimAgent[] = []
const marks = new Map<string, Mark>()
const stats = { closes: 0, eventsAcked: 0, refused: {} as Record<string, number> }
let reportScheduled = false

function post(m: WorkerMessage): void {
  process.send?.(m)
}

function report(): void {
  if (reportScheduled) return
  reportScheduled = true
  setTimeout(() => {
    reportScheduled = false
    post({ ev: 'progress', marks: Object.fromEntries([...marks].map(([k, m]) => [k, m.times.size])), stats: currentStats() })
  }, 25)
}

function currentStats(): WorkerStats {
  let open = 0
  let unacked = 0
  let invalidFrames = 0
  let throttled = 0
  let eventsSent = 0
  for (const a of agents) {
    if (a.ws?.readyState === 1) open++
    unacked += a.unacked.size
    invalidFrames += a.invalidFrames
    throttled += a.throttled
    eventsSent += a.eventsSent
  }
  return { agents: agents.length, open, closes: stats.closes, eventsSent, eventsAcked: stats.eventsAcked, unacked, refused: stats.refused, invalidFrames, throttled }
}

const events: SimAgentEvents = {
  desiredState(agent, ds, connection) {
    const t = now()
    for (const m of marks.values()) {
      if (m.times.has(agent.index)) continue
      if (m.spec.mode && ds.override.mode !== m.spec.mode) continue
      if (m.spec.newConnection && connection <= (m.connectionsAt[agent.index] ?? 0)) continue
      m.times.set(agent.index, t)
      report()
    }
  },
  closed() {
    stats.closes++
    report()
  },
  acked(_a, n) {
    stats.eventsAcked += n
    report()
  },
  refused(_a, code) {
    stats.refused[code] = (stats.refused[code] ?? 0) + 1
    report()
  },
}

async function connectAll(concurrency: number, spreadMs: number): Promise<void> {
  if (spreadMs > 0) {
    // Jittered arrival, as after a control-plane restart: each agent at a uniform random moment.
    for (const a of agents) setTimeout(() => void a.connect(), Math.random() * spreadMs)
    return
  }
  let next = 0
  const lane = async () => {
    while (next < agents.length) await agents[next++]!.connect()
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane))
}

process.on('message', (raw) => {
  const m = raw as ParentMessage
  switch (m.cmd) {
    case 'start':
      for (const spec of m.agents) agents[spec.index] = new SimAgent(spec.index, spec.hostname, spec.credential, m.url, m.rates, events)
      // Indexes are the fleet's; keep only this worker's agents in the list.
      agents.splice(0, agents.length, ...agents.filter(Boolean))
      post({ ev: 'started' })
      return
    case 'connect':
      void connectAll(m.concurrency, m.spreadMs)
      return
    case 'mark': {
      const connectionsAt: number[] = []
      for (const a of agents) connectionsAt[a.index] = a.connections
      marks.set(m.name, { spec: m.spec, times: new Map(), connectionsAt })
      report()
      return
    }
    case 'collect':
      post({ ev: 'collected', name: m.name, times: [...(marks.get(m.name)?.times.values() ?? [])] })
      return
    case 'stop':
      for (const a of agents) a.stop()
      post({ ev: 'stopped' })
      setTimeout(() => process.exit(0), 100)
      return
  }
})
process.on('disconnect', () => process.exit(0))
post({ ev: 'ready' })
