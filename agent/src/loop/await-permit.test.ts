import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import type { AgentMessageType, AgentPayload } from '@smartcloudops/shared'
import { waitFor } from '@smartcloudops/test-support'
import { gatesWithBudget } from '../gates'
import { PermitClient } from '../link/permits'
import type { LocalPolicy } from '../remediate/policy'
import { cleanupLoopHarness, desired, loopHarness } from '../../test-support/loop-harness'

// A firing whose permit waits in a full budget's queue, driven through the whole loop: the real
// budget gate and permit client, with the control plane's side played by the test (a double for
// the link, named so) — it queues every request, then grants or refuses when the test says.

afterEach(cleanupLoopHarness)

const policy: LocalPolicy = { actions: { restart_container: {} } }
const failing = { 'error_rate:web': 1 }

function queueingControlPlane() {
  const sent: Array<{ type: AgentMessageType; payload: Record<string, unknown> }> = []
  const client: PermitClient = new PermitClient(
    <T extends AgentMessageType>(type: T, payload: AgentPayload<T>) => {
      const p = payload as unknown as Record<string, unknown>
      sent.push({ type, payload: p })
      // Answered after the request is registered, as over a real connection.
      if (type === 'permit.request.v2')
        setImmediate(() => client.queued({ request_id: String(p['request_id']), name: 'one-at-a-time', position: 1, holders: 1, wait_until: Date.now() + 30_000 }))
      return true
    },
    pino({ level: 'silent' }),
  )
  const requests = () => sent.filter((m) => m.type === 'permit.request.v2')
  const releases = () => sent.filter((m) => m.type === 'permit.release').map((m) => m.payload['lease_id'])
  const grant = (leaseId: string) => client.answer({ request_id: String(requests()[0]!.payload['request_id']), granted: true, lease_id: leaseId, expires_at: Date.now() + 60_000 })
  return { client, requests, releases, grant }
}

function setup(samples: Record<string, number>[]) {
  const cp = queueingControlPlane()
  const t = loopHarness({ policy, samples, gates: gatesWithBudget({ permits: cp.client, offline: 'act', waitS: 30, ttlS: () => 60 }) })
  t.rt.applyDesiredState(desired(), 'control_plane')
  return { ...cp, t }
}

describe('a firing waiting in the budget queue, through the loop', () => {
  it('keeps sampling while it waits, asks once, and acts on the grant with a decision saying how long it waited', async () => {
    const { t, requests, releases, grant } = setup([failing])
    await t.rt.runCycle('timer')
    expect(requests()).toHaveLength(1)
    expect(t.ran).toHaveLength(0)

    // Two more cycles while it waits: samples go on, the same rule is not asked for again, nothing acts.
    t.tick(4_000)
    await t.rt.runCycle('timer')
    t.tick(4_000)
    await t.rt.runCycle('timer')
    expect(t.events('metrics.batch').flatMap((b) => b['samples'] as unknown[]).length).toBeGreaterThanOrEqual(2)
    expect(requests()).toHaveLength(1)
    expect(t.ran).toHaveLength(0)

    grant('lse_1')
    await waitFor(() => t.ran.length === 1, { description: 'the restart to run on the grant' })
    await t.rt.actionsIdle()
    const acted = t.events('decision').filter((d) => d['outcome'] === 'execute')
    expect(acted).toHaveLength(1)
    expect(String(acted[0]!['reason'])).toContain('permit granted after 8 s in the queue of budget "one-at-a-time"')
    expect(t.events('action.finished')).toMatchObject([{ rule: 'Service Unresponsive', ok: true }])
    expect(releases()).toEqual(['lse_1'])
  })

  it('a fleet pause during the wait wins over the late grant: nothing runs, the lease goes back, the decision says why', async () => {
    const { t, releases, grant } = setup([failing])
    await t.rt.runCycle('timer')
    t.rt.applyDesiredState(desired({ revision: 2, override: { mode: 'paused', scope: 'default' } }), 'control_plane')
    t.tick(3_000)
    grant('lse_2')
    await waitFor(() => releases().includes('lse_2'), { description: 'the late lease to be released' })
    await t.rt.actionsIdle()
    expect(t.ran).toHaveLength(0)
    const late = t.events('decision').filter((d) => String(d['reason']).includes('granted after'))
    expect(late).toMatchObject([{ outcome: 'suppressed', suppressed_by: 'override_paused' }])
    expect(String(late[0]!['reason'])).toContain('remediation is paused now')
  })

  it('a condition that cleared by itself during the wait needs no disruption: the grant is given back', async () => {
    const { t, releases, grant } = setup([failing, { 'error_rate:web': 0 }])
    await t.rt.runCycle('timer')
    await t.rt.runCycle('timer') // the latest sample: error rate back to 0
    grant('lse_3')
    await waitFor(() => releases().includes('lse_3'), { description: 'the lease to be released' })
    await t.rt.actionsIdle()
    expect(t.ran).toHaveLength(0)
    const late = t.events('decision').filter((d) => String(d['reason']).includes('granted after'))
    expect(late).toHaveLength(1)
    expect(String(late[0]!['reason'])).toContain('permit granted after 0 s in the queue of budget "one-at-a-time", but the condition no longer holds on the latest sample (error_rate:web=0)')
  })
})
