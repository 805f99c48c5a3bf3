import pino from 'pino'
import { describe, expect, it, vi } from 'vitest'
import type { ActionSpec, AgentMessageType, AgentPayload, Verdict } from '@smartcloudops/shared'
import { fire, type EngineContext } from '@smartcloudops/shared/rules/engine'
import type { Firing } from '@smartcloudops/shared/rules/gates'
import type { Rule } from '@smartcloudops/shared'
import { PermitClient } from '../link/permits'
import type { OfflinePolicy } from '../remediate/policy'
import { budgetGate } from './budget'
import { isWaiting, type AgentGateContext } from './gate'
import { TargetLocks } from '../remediate/target-locks'

// The budget gate with the real PermitClient. What stands in for the control plane is the link's
// transport: `send` answering false is exactly a disconnected link; answers are fed to the client
// as connection.ts feeds them. The control plane's side of permits is in control-plane tests and
// test/e2e/budgets.e2e.test.ts.

const ctxBase: EngineContext = { host: { id: 'h1', labels: {} }, mode: 'enabled', remediationEnabled: true }
const ctx = {
  ...ctxBase,
  signal: new AbortController().signal,
  allowedBy: async () => ({ allowed: true as const }),
  locks: new TargetLocks(),
  targetsOf: () => [],
  pausedRules: new Map(),
} satisfies AgentGateContext

function firingOf(actions: ActionSpec[], mode: EngineContext['mode'] = 'enabled'): Firing {
  const rule: Rule = { name: 'Fix web', conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 90 }], actions, priority: 1, cooldown: '1m' }
  const r = fire([rule], {}, { ts: 0, metrics: { cpu_percent: 99 } }, 1_700_000_000_000, { ...ctxBase, mode }).results[0]!
  if (!r.firing) throw new Error('the rule should fire')
  return r.firing
}

const restart: ActionSpec = { type: 'restart_container', params: { selector: { name: 'web' } } }
const service: ActionSpec = { type: 'restart_service', params: { service: 'app' } }

function setup(opts: { connected: boolean; offline?: OfflinePolicy; timeoutMs?: number }) {
  const sent: Array<{ type: AgentMessageType; payload: unknown }> = []
  const offlineActs: string[][] = []
  const client = new PermitClient(
    <T extends AgentMessageType>(type: T, payload: AgentPayload<T>) => {
      if (!opts.connected) return false
      sent.push({ type, payload })
      return true
    },
    pino({ level: 'silent' }),
    opts.timeoutMs ?? 10_000,
  )
  const gate = budgetGate({ permits: client, offline: opts.offline, ttlS: () => 60, onOfflineAct: (_r, types) => offlineActs.push(types) })
  return { client, gate, sent, offlineActs, requests: () => sent.filter((s) => s.type === 'permit.request').map((s) => s.payload as { request_id: string; target: string; action: string }) }
}

describe('budget gate: offline policy', () => {
  it('skip by default: a disruptive action without a reachable control plane is suppressed as `budget`, saying why', async () => {
    const { gate } = setup({ connected: false })
    const v = await gate.check(firingOf([restart]), ctx)
    expect(v).toMatchObject({ pass: false, suppressed_by: 'budget' })
    expect(v.pass || v.reason).toBe('no permit for restart_container on container:web: not connected to the control plane; local policy offline: skip (default)')
  })

  it('act: the action goes ahead, and the agent says it acted without a permit', async () => {
    const { gate, offlineActs } = setup({ connected: false, offline: 'act' })
    expect((await gate.check(firingOf([restart, service]), ctx)).pass).toBe(true)
    expect(offlineActs).toEqual([['restart_container', 'restart_service']])
  })

  it('only: [types] acts offline for those types, and refuses the whole rule when another type needs a permit', async () => {
    const { gate } = setup({ connected: false, offline: { only: ['restart_container'] } })
    expect((await gate.check(firingOf([restart]), ctx)).pass).toBe(true)
    const v = await gate.check(firingOf([restart, service]), ctx)
    expect(v).toMatchObject({ pass: false, suppressed_by: 'budget' })
    expect(v.pass || v.reason).toContain('restart_service on service:app: not connected')
    expect(v.pass || v.reason).toContain('offline: only [restart_container]')
  })

  it('no answer within the bounded wait counts as offline', async () => {
    const { gate, requests } = setup({ connected: true, timeoutMs: 50 })
    const v = await gate.check(firingOf([restart]), ctx)
    expect(requests()).toHaveLength(1)
    expect(v.pass || v.reason).toContain('no permit answer within 0.05 s; local policy offline: skip (default)')
  })

  it('send_alert and dry runs never ask', async () => {
    const { gate, requests } = setup({ connected: true })
    expect((await gate.check(firingOf([{ type: 'send_alert', params: {} }]), ctx)).pass).toBe(true)
    expect((await gate.check(firingOf([restart], 'dry_run'), ctx)).pass).toBe(true)
    expect(requests()).toHaveLength(0)
  })
})

describe('budget gate: answers', () => {
  async function answered(answer: (req: { request_id: string }) => Parameters<PermitClient['answer']>[0], actions: ActionSpec[] = [restart]) {
    const s = setup({ connected: true })
    const pending = s.gate.check(firingOf(actions), ctx)
    for (let i = 0; i < actions.length; i++) {
      await Promise.resolve()
      const req = s.requests()[i]
      if (!req) break
      s.client.answer(answer(req))
      await new Promise((r) => setImmediate(r))
    }
    return { ...s, verdict: await pending }
  }

  it('a refusal is a suppression with the budget or inhibition, its holders and the detail', async () => {
    const { verdict } = await answered((q) => ({ request_id: q.request_id, granted: false, reason: 'inhibited', name: 'db-down', holders: 0, detail: 'db is 0% healthy' }))
    expect(verdict).toMatchObject({ pass: false, suppressed_by: 'inhibited', numbers: { name: 'db-down', holders: 0 } })
    expect(verdict.pass || verdict.reason).toBe('inhibited "db-down" refused restart_container on container:web (0 holding): db is 0% healthy')
  })

  it('a grant passes and its release gives the lease back; a refusal of a later action gives back the earlier lease at once', async () => {
    const ok = await answered((q) => ({ request_id: q.request_id, granted: true, lease_id: `lease-${q.request_id}`, expires_at: Date.now() + 60_000 }))
    expect(ok.verdict.pass).toBe(true)
    if (ok.verdict.pass) await ok.verdict.release?.()
    expect(ok.sent.filter((s) => s.type === 'permit.release')).toHaveLength(1)

    let n = 0
    const mixed = await answered(
      (q) => (n++ === 0 ? { request_id: q.request_id, granted: true, lease_id: 'lease-first', expires_at: Date.now() + 60_000 } : { request_id: q.request_id, granted: false, reason: 'budget', name: 'one', holders: 1, detail: 'full' }),
      [restart, service],
    )
    expect(mixed.verdict).toMatchObject({ pass: false, suppressed_by: 'budget' })
    expect(mixed.sent.filter((s) => s.type === 'permit.release').map((s) => s.payload)).toEqual([{ lease_id: 'lease-first' }])
  })

  it('unavailable (the control plane could not decide) follows the offline policy', async () => {
    const { verdict } = await answered((q) => ({ request_id: q.request_id, granted: false, reason: 'unavailable', name: 'control-plane', holders: 0, detail: 'storage unavailable' }))
    expect(verdict.pass || verdict.reason).toContain('storage unavailable; local policy offline: skip (default)')
  })

  it('a grant that arrives after the request timed out is released at once', async () => {
    const s = setup({ connected: true, timeoutMs: 20 })
    await s.gate.check(firingOf([restart]), ctx)
    s.client.answer({ request_id: s.requests()[0]!.request_id, granted: true, lease_id: 'late', expires_at: Date.now() + 60_000 })
    expect(s.sent.filter((x) => x.type === 'permit.release').map((x) => x.payload)).toEqual([{ lease_id: 'late' }])
  })
})

describe('budget gate: waiting in a full budget queue (permit.request.v2)', () => {
  function queuedSetup() {
    const sent: Array<{ type: AgentMessageType; payload: { request_id: string; [k: string]: unknown } }> = []
    const client = new PermitClient(
      <T extends AgentMessageType>(type: T, payload: AgentPayload<T>) => {
        sent.push({ type, payload: payload as unknown as { request_id: string } })
        return true
      },
      pino({ level: 'silent' }),
    )
    const gate = budgetGate({ permits: client, offline: 'act', waitS: 30, ttlS: () => 60 })
    return { client, gate, sent }
  }

  it('queued: answers a waiting refusal at once, whose outcome is the later grant; the same rule is not asked for again meanwhile', async () => {
    const { client, gate, sent } = queuedSetup()
    const pending = gate.check(firingOf([restart]), ctx)
    await vi.waitFor(() => expect(sent).toHaveLength(1))
    expect(sent[0]).toMatchObject({ type: 'permit.request.v2', payload: { wait_s: 30, target: 'container:web' } })
    const id = sent[0]!.payload.request_id
    client.queued({ request_id: id, name: 'one-at-a-time', position: 2, holders: 1, wait_until: Date.now() + 30_000 })
    const v = await pending
    expect(v).toMatchObject({ pass: false, suppressed_by: 'budget', numbers: { name: 'one-at-a-time', position: 2 } })
    expect(isWaiting(v)).toBe(true)

    const again = await gate.check(firingOf([restart]), ctx)
    expect(again).toMatchObject({ pass: false, suppressed_by: 'budget' })
    expect(again.pass || again.reason).toMatch(/^already waiting \d+ s in the queue of budget "one-at-a-time"$/)
    expect(sent).toHaveLength(1)

    client.answer({ request_id: id, granted: true, lease_id: 'lse_1', expires_at: Date.now() + 60_000 })
    const final = await (v as unknown as { waiting: Promise<Verdict> }).waiting
    expect(final.pass).toBe(true)
    if (final.pass) await final.release?.()
    expect(sent.at(-1)).toMatchObject({ type: 'permit.release', payload: { lease_id: 'lse_1' } })
  })

  it('a wait that ends without a grant is a budget refusal with the time waited, never the offline policy (here: act)', async () => {
    const { client, gate, sent } = queuedSetup()
    const pending = gate.check(firingOf([restart]), ctx)
    await vi.waitFor(() => expect(sent).toHaveLength(1))
    const id = sent[0]!.payload.request_id
    client.queued({ request_id: id, name: 'one-at-a-time', position: 1, holders: 1, wait_until: Date.now() + 30_000 })
    const v = await pending
    client.answer({ request_id: id, granted: false, reason: 'budget', name: 'one-at-a-time', holders: 1, detail: 'waited 30 s in the queue of budget "one-at-a-time" without a lease freeing for it; wait ended' })
    const final = await (v as unknown as { waiting: Promise<Verdict> }).waiting
    expect(final).toMatchObject({ pass: false, suppressed_by: 'budget', numbers: { name: 'one-at-a-time', waited_s: expect.any(Number) } })
    expect(final.pass || final.reason).toContain('wait ended')
  })

  it('not queued (refused for another reason, or granted at once): answered as before, no waiting', async () => {
    const { client, gate, sent } = queuedSetup()
    const pending = gate.check(firingOf([restart]), ctx)
    await vi.waitFor(() => expect(sent).toHaveLength(1))
    client.answer({ request_id: sent[0]!.payload.request_id, granted: false, reason: 'inhibited', name: 'db-down', holders: 0, detail: 'inhibition "db-down"' })
    const v = await pending
    expect(v).toMatchObject({ pass: false, suppressed_by: 'inhibited' })
    expect(isWaiting(v)).toBe(false)
  })
})
