import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, describeWithPostgres, freePort, waitFor, type TestDatabase } from '@smartcloudops/test-support'
import { corrupt, variantModel } from '@smartcloudops/shared/test-support/models'
import { agentProcess, dockerSocketPath, type AgentProcess } from './support/agent-process'
import { startControlPlane, type ControlPlane } from './support/control-plane'

// Shipping models end to end: a real control plane (PGlite, then PostgreSQL) and a real agent
// process. A model uploaded through the API and activated fleet-wide reaches the agent, which
// reports it and scores with it; a corrupt upload is refused; rollbacks bring the previous model
// back; a restart without the control plane starts on the last good model.

type Sample = { ts: string; anomaly_score: number | null; model_version: string | null }
type HostDetail = { model: { active_version: string | null; desired_version: string | null; in_sync: boolean | null }; applied: { error: string | null }; connected: boolean }

// Zero feature weights: every raw score is 0, so once the calibration has seen a few, scores fall
// towards 0 — far below what the default model gives a live host. Unmistakably a different model.
const QUIET = `e2e-quiet-${randomBytes(3).toString('hex')}`
const OTHER = `e2e-other-${randomBytes(3).toString('hex')}`
const quiet = variantModel(QUIET, [0, 0, 0, 0])
const other = variantModel(OTHER, [2, 0, 0, 0])

async function upload(cp: ControlPlane, bytes: Uint8Array): Promise<{ status: number; body: { data?: { version: string; sha256: string }; error?: { code: string; message: string } } }> {
  const res = await fetch(`${cp.url}/api/v1/models`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cp.adminToken}`, 'content-type': 'application/octet-stream' },
    body: Buffer.from(bytes),
  })
  return { status: res.status, body: (await res.json()) as never }
}

function suite(backend: 'pglite' | 'postgres') {
  let cp: ControlPlane
  let agent: AgentProcess
  let db: TestDatabase | undefined
  let hostId: string
  let builtin: string
  const dirs: string[] = []
  const host = () => cp.api.get<HostDetail>(`/hosts/${hostId}`)
  const samples = async () => (await cp.api.get<{ samples: Sample[] }>(`/hosts/${hostId}/metrics?limit=2000`)).samples.slice().reverse()
  const activeIs = (version: string, description: string) =>
    waitFor(async () => (await host()).model.active_version === version, { timeoutMs: 60_000, intervalMs: 250, description })

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'scops-e2e-models-cp-'))
    dirs.push(dataDir)
    db = backend === 'postgres' ? await createTestDatabase() : undefined
    cp = await startControlPlane({ port: await freePort(), dataDir, ...(db ? { databaseUrl: db.url } : {}) })
    const token = await cp.api.enrollmentToken('e2e-models')
    const hostname = `e2e-models-${randomBytes(3).toString('hex')}`
    agent = agentProcess({
      control_plane_url: cp.url,
      enrollment_token: token,
      hostname,
      interval: '1s',
      buffer_size: 1,
      docker_socket: dockerSocketPath(),
      log_level: 'info',
    })
    dirs.push(join(agent.stateDir, '..'))
    hostId = (await waitFor(() => cp.api.hostByName(hostname), { timeoutMs: 90_000, description: 'the agent to enroll' })).id
  }, 180_000)
  afterAll(async () => {
    await agent?.kill('SIGTERM')
    await cp?.stop()
    await db?.drop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  }, 60_000)

  it('refuses a corrupt model with 400 naming the problem, and registers good ones', async () => {
    const bad = await upload(cp, corrupt(quiet))
    expect(bad.status).toBe(400)
    expect(bad.body.error?.code).toBe('invalid_model')
    expect(bad.body.error?.message).toMatch(/MODEL_/)
    expect((await upload(cp, quiet)).status).toBe(201)
    expect((await upload(cp, other)).status).toBe(201)
    const list = await cp.api.get<{ models: Array<{ version: string }> }>('/models')
    expect(list.models.map((m) => m.version).sort()).toEqual([QUIET, OTHER].sort())
  })

  it('a model activated fleet-wide reaches the agent: it reports the version and its scores change', async () => {
    const scored = await waitFor(async () => {
      const s = (await samples()).filter((x) => x.anomaly_score !== null)
      return s.length >= 20 ? s : null
    }, { timeoutMs: 120_000, intervalMs: 1000, description: '20 scored samples from the built-in model' })
    builtin = scored.at(-1)!.model_version!
    expect(builtin).toMatch(/^scops-anomaly-/)
    expect((await host()).model.active_version).toBe(builtin)
    const before = scored.slice(-20).map((s) => s.anomaly_score!)

    const activatedAt = Date.now()
    await cp.api.post(`/models/${QUIET}/activate`, { scope: 'fleet' })
    await activeIs(QUIET, `the agent to report ${QUIET}`)
    expect((await host()).model).toEqual({ active_version: QUIET, desired_version: QUIET, in_sync: true })
    expect(agent.logs.some((l) => l['msg'] === 'model swapped' && l['version'] === QUIET)).toBe(true)

    // The calibration needs a few all-zero raw scores before the new model's scores settle.
    const after = await waitFor(async () => {
      const s = (await samples()).filter((x) => x.model_version === QUIET && x.anomaly_score !== null && Date.parse(x.ts) >= activatedAt)
      return s.length >= 30 ? s.slice(10, 30).map((x) => x.anomaly_score!) : null
    }, { timeoutMs: 90_000, intervalMs: 1000, description: `30 samples scored by ${QUIET}` })
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean(after)).toBeLessThan(mean(before))
    // Zero weights: every raw score is 0; the calibrated scores settle low (a single sample may
    // still read ~0.2 while the calibration history turns over, so bound the mean, not the max).
    expect(mean(after)).toBeLessThan(0.2)
    const status = await cp.api.get<{ model_versions_in_use: Array<{ version: string; hosts: number }> }>('/remediation/status')
    expect(status.model_versions_in_use).toContainEqual({ version: QUIET, hosts: 1 })
  }, 240_000)

  it('rollback through the API brings the previous version back', async () => {
    await cp.api.post(`/models/${OTHER}/activate`, {})
    await activeIs(OTHER, `the agent to report ${OTHER}`)
    const rb = await cp.api.post<{ current: { model_version: string } }>('/models/rollback', { scope: 'fleet' })
    expect(rb.current.model_version).toBe(QUIET)
    await activeIs(QUIET, `the agent back on ${QUIET}`)
    expect((await host()).applied.error).toBeNull()
  }, 120_000)

  it('restarted without the control plane, the agent scores with its last good model', async () => {
    await agent.kill('SIGTERM')
    await cp.stop()
    const from = agent.logs.length
    const restartedAt = Date.now()
    agent.start()
    await waitFor(() => agent.logs.slice(from).some((l) => l['msg'] === 'detector on the last good model' && l['version'] === QUIET), {
      timeoutMs: 60_000,
      description: 'the agent to start on the stored model',
    })
    await cp.start()
    await waitFor(async () => (await host()).connected, { timeoutMs: 60_000, intervalMs: 250, description: 'the agent to reconnect' })
    expect((await host()).model.active_version).toBe(QUIET)
    // Samples scored while offline were buffered and carry the stored model's version.
    const since = await waitFor(async () => {
      const s = (await samples()).filter((x) => Date.parse(x.ts) >= restartedAt)
      return s.length > 0 ? s : null
    }, { timeoutMs: 30_000, intervalMs: 250, description: 'samples from the restarted agent' })
    expect(new Set(since.map((s) => s.model_version))).toEqual(new Set([QUIET]))

    await cp.api.post('/models/rollback', {})
    await activeIs(builtin, `the agent back on the built-in ${builtin}`)
    expect(agent.logs.some((l) => String(l['msg']).startsWith('model swapped back to the built-in one'))).toBe(true)
  }, 180_000)
}

describe('e2e model shipping (PGlite)', () => suite('pglite'))
describeWithPostgres('e2e model shipping (PostgreSQL)', () => suite('postgres'))
