/**
 * One contract every executor keeps, whatever it does on the host. Runs without a Docker engine:
 * "unreachable" is a socket path nobody listens on, "stuck" is a local socket server that accepts
 * connections and never answers.
 */
import { createServer, type Server, type Socket } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actionTypes, type ActionType } from '@smartcloudops/shared'
import { allowedBy } from '../allowed-by'
import { parsePolicy, safeDefaultPolicy } from '../policy'
import { runAction } from '../run-action'
import { systemdTestDouble } from '../../../test-support/systemd-test-double'
import { testExecContext } from '../../../test-support/test-context'
import type { ExecResult } from '../types'
import { executors } from './index'

const policy = parsePolicy(
  `
actions:
  restart_container: {}
  restart_service: {}
  scale_up: {}
  scale_down: {}
  clear_cache: { page_cache: true }
  emergency_shutdown: {}
  send_alert: {}
services:
  web: { container: { labels: { app: web } } }
  unit: { systemd: hang.service }
groups:
  web: { selector: { labels: { app: web } }, min: 1, max: 3 }
cache_hooks:
  flush: { container: { name: cache }, argv: ["true"] }
sheddable: { labels: { tier: batch } }
`,
  'contract.yaml',
)

/** Valid parameters per action that make each executor reach its I/O (Docker, systemd, alert queue). */
const goodParams: Record<ActionType, Record<string, unknown>[]> = {
  restart_container: [{ selector: { labels: { app: 'web' } } }],
  restart_service: [{ service: 'web' }, { service: 'unit' }],
  scale_up: [{ group: 'web' }],
  scale_down: [{ group: 'web', step: 2 }],
  clear_cache: [{ hook: 'flush' }],
  emergency_shutdown: [{}],
  send_alert: [{ severity: 'critical', message: 'disk full' }],
}
const badParams: Record<ActionType, unknown[]> = {
  restart_container: [{}, { selector: {} }, { selector: { name: 'a b' } }],
  restart_service: [{}, { service: 7 }, { service: 'web', extra: true }],
  scale_up: [{}, { group: 'web', step: 0 }],
  scale_down: [{ group: '' }, { group: 'web', step: 'two' }],
  clear_cache: [{ hook: 5 }, { hook: 'flush', argv: ['rm', '-rf', '/'] }],
  emergency_shutdown: [{ poweroff: true }],
  send_alert: [{ severity: 'doom' }, { message: 5 }],
}

function expectStructured(r: ExecResult): void {
  expect(typeof r.ok).toBe('boolean')
  expect(typeof r.retryable).toBe('boolean')
  if (!r.ok) {
    expect(r.error?.code).toMatch(/^[a-z_]+$/)
    expect(typeof r.error?.message).toBe('string')
  }
}

let dir: string
let stuck: Server
const stuckSockets = new Set<Socket>()
let stuckConnections = 0
let unreachable: Docker
let stuckDocker: Docker

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scops-contract-'))
  stuck = createServer((s) => {
    stuckConnections++
    stuckSockets.add(s)
    s.on('close', () => stuckSockets.delete(s))
  })
  await new Promise<void>((resolve) => stuck.listen(join(dir, 'stuck.sock'), resolve))
  unreachable = new Docker({ socketPath: join(dir, 'nobody-listens.sock') })
  stuckDocker = new Docker({ socketPath: join(dir, 'stuck.sock') })
})

afterAll(async () => {
  for (const s of stuckSockets) s.destroy()
  await new Promise((resolve) => stuck.close(resolve))
  await rm(dir, { recursive: true, force: true })
})

describe('executor contract', () => {
  it('covers every action type of the shared catalogue', () => {
    expect(Object.keys(executors).sort()).toEqual([...actionTypes].sort())
    for (const type of actionTypes) expect(executors[type].type).toBe(type)
  })

  describe.each(actionTypes.map((t) => [t] as const))('%s', (type) => {
    const executor = executors[type]

    it('validate accepts good parameters and rejects bad ones synchronously, naming the problem', () => {
      for (const p of goodParams[type]) {
        const v = executor.validate(p)
        expect(v, JSON.stringify(p)).toMatchObject({ ok: true })
      }
      for (const p of badParams[type]) {
        const v = executor.validate(p)
        expect(v instanceof Promise).toBe(false)
        expect(v.ok, JSON.stringify(p)).toBe(false)
        if (!v.ok) expect(v.error).toContain(type)
      }
    })

    it('execute never throws and returns a structured, retryable failure when its backend is unreachable', async () => {
      const ctx = testExecContext({
        policy,
        docker: unreachable,
        systemd: systemdTestDouble({}), // no units: unit_not_found
        sendAlert: () => Promise.reject(new Error('outbox full')),
      })
      for (const p of goodParams[type]) {
        const v = executor.validate(p)
        if (!v.ok) throw new Error(v.error)
        const r = await executor.execute(ctx, v.params, new AbortController().signal)
        expectStructured(r)
        expect(r.ok).toBe(false)
        const expected =
          type === 'send_alert' ? 'alert_failed' : p.service === 'unit' ? 'unit_not_found' : 'docker_unreachable'
        expect(r.error?.code, JSON.stringify(p)).toBe(expected)
      }
    })

    it('respects an already-aborted signal without touching anything', async () => {
      const systemd = systemdTestDouble({ 'hang.service': { active: true } })
      const ctx = testExecContext({ policy, docker: stuckDocker, systemd })
      const before = stuckConnections
      for (const p of goodParams[type]) {
        const v = executor.validate(p)
        if (!v.ok) throw new Error(v.error)
        const r = await executor.execute(ctx, v.params, AbortSignal.abort())
        expectStructured(r)
        expect(r).toMatchObject({ ok: false, error: { code: 'aborted' } })
      }
      expect(stuckConnections).toBe(before)
      expect(systemd.calls).toEqual([])
      expect(ctx.alerts).toEqual([])
    })

    it('times out through runAction when its backend never answers', async () => {
      const ctx = testExecContext({
        policy,
        docker: stuckDocker,
        systemd: systemdTestDouble({ 'hang.service': { active: true, hangs: true } }),
        sendAlert: () => new Promise<void>(() => {}),
      })
      for (const params of goodParams[type]) {
        const started = Date.now()
        const r = await runAction(ctx, { type, params }, { timeoutMs: 150 })
        const elapsed = Date.now() - started
        expectStructured(r)
        expect(r, JSON.stringify(params)).toMatchObject({ ok: false, retryable: true, error: { code: 'timeout' } })
        expect(elapsed).toBeGreaterThanOrEqual(140)
        expect(elapsed).toBeLessThan(2_000)
      }
    })

    it('is cancelled through runAction by the caller’s signal', async () => {
      const ctx = testExecContext({
        policy,
        docker: stuckDocker,
        systemd: systemdTestDouble({ 'hang.service': { active: true, hangs: true } }),
        sendAlert: () => new Promise<void>(() => {}),
      })
      const ac = new AbortController()
      const pending = runAction(ctx, { type, params: goodParams[type][0] }, { timeoutMs: 10_000, signal: ac.signal })
      ac.abort()
      expect(await pending).toMatchObject({ ok: false, retryable: false, error: { code: 'aborted' } })
    })
  })
})

describe('allowedBy (the policy gate asks it) and runAction', () => {
  it('refuses what local policy does not allow, from the policy file alone, touching nothing', async () => {
    const before = stuckConnections
    const r = await allowedBy({ policy: safeDefaultPolicy, docker: stuckDocker }, { type: 'restart_container', params: { selector: { name: 'db' } } }, new AbortController().signal)
    expect(r).toMatchObject({ allowed: false })
    if (!r.allowed) expect(r.reason).toContain('actions.restart_container')
    const hook = await allowedBy({ policy, docker: stuckDocker }, { type: 'clear_cache', params: { hook: 'not-in-policy' } }, new AbortController().signal)
    expect(hook).toMatchObject({ allowed: false })
    expect(stuckConnections).toBe(before)
  })

  it('gives up a policy check the engine does not answer, within its bound', async () => {
    const required = parsePolicy('actions:\n  restart_container: { selector_labels_required: [scops.restartable] }\n', 'p.yaml')
    const ac = new AbortController()
    const pending = allowedBy({ policy: required, docker: stuckDocker }, { type: 'restart_container', params: { selector: { name: 'db' } } }, ac.signal)
    ac.abort()
    // Not refused for a listing it could not make: the executor lists again and filters by label itself.
    expect(await pending).toEqual({ allowed: true })
  })

  it('rejects invalid parameters with invalid_params', async () => {
    const r = await runAction(testExecContext({ policy }), { type: 'scale_up', params: { group: 'web', step: -1 } })
    expect(r).toMatchObject({ ok: false, retryable: false, error: { code: 'invalid_params' } })
    expect(r.error?.message).toMatch(/step/)
  })

  it('send_alert hands the alert to the runtime and succeeds at once', async () => {
    const ctx = testExecContext()
    const r = await runAction(ctx, { type: 'send_alert', params: { severity: 'critical', message: 'disk full', channel: 'ops' } })
    expect(r).toMatchObject({ ok: true, target: 'ops' })
    expect(ctx.alerts).toEqual([{ severity: 'critical', summary: 'disk full', channel: 'ops' }])
  })
})
