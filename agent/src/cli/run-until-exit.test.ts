import { EventEmitter } from 'node:events'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import type { StallReport } from '../loop/runtime'
import { EXIT_DECOMMISSIONED, EXIT_STALLED, runUntilExit } from './run-until-exit'

/** A started agent whose outcomes the test settles; `stop` never finishes when `stopHangs`. */
function fakeAgent(stopHangs = false) {
  const settle: { decommissioned?: (m: string) => void; exitRequested?: (c: number) => void; stalled?: (r: StallReport) => void } = {}
  let stops = 0
  const agent = {
    log: pino({ level: 'silent' }),
    decommissioned: new Promise<string>((r) => (settle.decommissioned = r)),
    exitRequested: new Promise<number>((r) => (settle.exitRequested = r)),
    stalled: new Promise<StallReport>((r) => (settle.stalled = r)),
    stop: () => {
      stops++
      return stopHangs ? new Promise<void>(() => {}) : Promise.resolve()
    },
  }
  return { agent, settle, stops: () => stops }
}

describe('scops-agent exit codes', () => {
  it('a stuck cycle exits 70 at once, without the graceful stop that would wait for it forever', async () => {
    // stop() hangs, as it would behind a stuck cycle: the exit must not depend on it.
    const f = fakeAgent(true)
    const code = runUntilExit(f.agent, new EventEmitter())
    f.settle.stalled!({ stage: 'score', runningMs: 120_000 })
    expect(await code).toBe(EXIT_STALLED)
    expect(f.stops()).toBe(0)
  })

  it('SIGTERM stops cleanly and exits 0; a second signal exits 1 at once', async () => {
    const clean = fakeAgent()
    const signals = new EventEmitter()
    const code = runUntilExit(clean.agent, signals)
    signals.emit('SIGTERM', 'SIGTERM')
    expect(await code).toBe(0)
    expect(clean.stops()).toBe(1)

    const hung = fakeAgent(true)
    const again = new EventEmitter()
    const second = runUntilExit(hung.agent, again)
    again.emit('SIGTERM', 'SIGTERM')
    again.emit('SIGINT', 'SIGINT')
    expect(await second).toBe(1)
  })

  it('decommissioned: stops, then exits 4 (not restarted); an upgrade: stops, then exits with its code', async () => {
    const d = fakeAgent()
    const dc = runUntilExit(d.agent, new EventEmitter())
    d.settle.decommissioned!('host removed')
    expect(await dc).toBe(EXIT_DECOMMISSIONED)
    expect(d.stops()).toBe(1)

    const u = fakeAgent()
    const uc = runUntilExit(u.agent, new EventEmitter())
    u.settle.exitRequested!(75)
    expect(await uc).toBe(75)
    expect(u.stops()).toBe(1)
  })
})
