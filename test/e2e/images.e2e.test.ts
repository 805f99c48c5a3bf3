import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type Docker from 'dockerode'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestDatabase, debianImage, describeWithDocker, ensureDebianImage, freePort, testDocker, waitFor, type TestDatabase } from '@smartcloudops/test-support'
import { buildAgentImage, buildControlPlaneImage, buildPostgresImage } from '../../deploy/images/build'
import { removeContainer } from './support/containers'
import { Api } from './support/control-plane'

// The container images (deploy/images/, built from the debootstrap base here) and the compose file
// (deploy/compose/), all on host networking bound to 127.0.0.1:
// - the control-plane image runs non-root on PostgreSQL, turns healthy and serves the API;
// - the agent image (non-root, no Docker socket under its alerts-only policy) enrolls and reports;
// - docker-compose brings PostgreSQL + control plane + agent up from deploy/compose/docker-compose.yml.

const run = promisify(execFile)
const composeFile = fileURLToPath(new URL('../../deploy/compose/docker-compose.yml', import.meta.url))
const tags = { controlPlane: 'scops-test-control-plane:e2e', agent: 'scops-test-agent:e2e', postgres: 'scops-test-postgres:e2e' }

async function health(c: Docker.Container): Promise<string> {
  const s = (await c.inspect()).State as { Health?: { Status: string }; Running: boolean; ExitCode: number }
  if (!s.Running) throw new Error(`container exited with ${s.ExitCode}: ${(await c.logs({ stdout: true, stderr: true, tail: 40 })).toString('latin1')}`)
  return s.Health?.Status ?? 'none'
}

async function hostWithSample(api: Api, hostname: string): Promise<{ id: string; sample: { metrics: Record<string, number> } }> {
  return waitFor(
    async () => {
      const host = await api.hostByName(hostname)
      if (!host) return null
      const { samples } = await api.get<{ samples: Array<{ metrics: Record<string, number> }> }>(`/hosts/${host.id}/metrics?limit=1`)
      return samples[0] ? { id: host.id, sample: samples[0] } : null
    },
    { timeoutMs: 120_000, intervalMs: 1000, description: `${hostname} to enroll and report a sample` },
  )
}

describeWithDocker('container images and compose (host network, loopback)', () => {
  const docker = testDocker()
  const containers: Docker.Container[] = []
  const project = `scopse2e${process.pid}`
  let db: TestDatabase

  beforeAll(async () => {
    await ensureDebianImage(docker)
    // One at a time: the machine is shared, and each build is CPU- and disk-heavy.
    await buildControlPlaneImage({ base: debianImage, tag: tags.controlPlane })
    await buildAgentImage({ base: debianImage, tag: tags.agent })
    await buildPostgresImage({ base: debianImage, tag: tags.postgres })
    db = await createTestDatabase()
  }, 15 * 60_000)
  afterAll(async () => {
    for (const c of containers) await removeContainer(c)
    await run('docker-compose', ['-p', project, '-f', composeFile, 'down', '-v', '--timeout', '5'], { env: { ...process.env, SCOPS_PG_PASSWORD: 'x', SCOPS_ADMIN_TOKEN: 'x' } }).catch(() => undefined)
    await db?.drop()
  }, 120_000)

  it('the control-plane image serves /healthz and the API on PostgreSQL; the agent image enrolls and reports without the Docker socket', async () => {
    const port = await freePort()
    const adminToken = `scops_admin_${randomBytes(18).toString('hex')}`
    const cp = await docker.createContainer({
      name: `scops-e2e-cp-image-${process.pid}`,
      Image: tags.controlPlane,
      Env: [`DATABASE_URL=${db.url}`, 'SCOPS_HOST=127.0.0.1', `SCOPS_PORT=${port}`, `SCOPS_ADMIN_TOKEN=${adminToken}`, 'SCOPS_LOG_LEVEL=warn'],
      HostConfig: { NetworkMode: 'host', ReadonlyRootfs: true, Tmpfs: { '/tmp': '' }, CapDrop: ['ALL'] },
    })
    containers.push(cp)
    await cp.start()
    await waitFor(async () => (await health(cp)) === 'healthy', { timeoutMs: 180_000, intervalMs: 1000, description: 'the control-plane container to be healthy' })
    expect((await cp.inspect()).Config.User).toBe('10001:10001')
    const url = `http://127.0.0.1:${port}`
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    // The web console at `/`: the page and the script and stylesheet it names, not the 503 "not built".
    const page = await fetch(`${url}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await page.text()
    expect(html).toContain('<title>SmartCloudOps console</title>')
    for (const asset of [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1] as string)) {
      const res = await fetch(`${url}${asset}`)
      expect(res.status, asset).toBe(200)
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(100)
    }
    const api = new Api(url, adminToken)
    expect(await api.get('/hosts')).toMatchObject({ hosts: [] })

    const hostname = `e2e-agent-image-${process.pid}`
    const agent = await docker.createContainer({
      name: `scops-e2e-agent-image-${process.pid}`,
      Image: tags.agent,
      Env: [`SCOPS_CONTROL_PLANE_URL=${url}`, `SCOPS_ENROLLMENT_TOKEN=${await api.enrollmentToken('agent image')}`, `SCOPS_HOSTNAME=${hostname}`, 'SCOPS_INTERVAL=1s', 'SCOPS_BUFFER_SIZE=1'],
      HostConfig: { NetworkMode: 'host', ReadonlyRootfs: true, Tmpfs: { '/tmp': '' }, CapDrop: ['ALL'] },
    })
    containers.push(agent)
    await agent.start()
    const { sample } = await hostWithSample(api, hostname)
    expect(typeof sample.metrics['cpu_percent']).toBe('number')
    await waitFor(async () => (await health(agent)) === 'healthy', { timeoutMs: 120_000, intervalMs: 1000, description: 'the agent container to be healthy' })
    const inspected = await agent.inspect()
    expect(inspected.Config.User).toBe('10001:10001')
    expect(inspected.Mounts.map((m) => m.Destination)).not.toContain('/var/run/docker.sock')
  }, 420_000)

  it('docker-compose: the file validates, and PostgreSQL + control plane + agent come up on loopback', async () => {
    const [pgPort, cpPort] = [await freePort(), await freePort()]
    const adminToken = `scops_admin_${randomBytes(18).toString('hex')}`
    const env = {
      ...process.env,
      SCOPS_IMAGE_PREFIX: 'scops-test-',
      SCOPS_VERSION: 'e2e',
      SCOPS_PG_PORT: String(pgPort),
      SCOPS_PORT: String(cpPort),
      SCOPS_PG_PASSWORD: randomBytes(12).toString('hex'),
      SCOPS_ADMIN_TOKEN: adminToken,
      SCOPS_AGENT_HOSTNAME: `e2e-compose-${process.pid}`,
    }
    const compose = (...args: string[]) => run('docker-compose', ['-p', project, '-f', composeFile, ...args], { env, maxBuffer: 16 * 1024 * 1024 })
    const { stdout } = await compose('config')
    expect(stdout).toContain('network_mode: host')
    expect(stdout).not.toMatch(/networks:/)

    await compose('up', '-d', 'postgres', 'control-plane')
    const api = new Api(`http://127.0.0.1:${cpPort}`, adminToken)
    const token = await waitFor(async () => (await api.enrollmentToken('compose')) || null, { timeoutMs: 120_000, intervalMs: 1000, description: 'the compose control plane to answer' }).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${(await compose('logs', '--tail', '40').catch((e: { stdout?: string }) => e)).stdout ?? ''}`)
    })
    // The fleet's runtime config (default: a sample every 30 s, sent 10 at a time), set the way an
    // operator would, so the first batch arrives within seconds.
    await api.put('/integration/config', { interval_s: 1, buffer_size: 1 })
    await run('docker-compose', ['-p', project, '-f', composeFile, 'up', '-d', 'agent'], { env: { ...env, SCOPS_ENROLLMENT_TOKEN: token } })
    const { sample } = await hostWithSample(api, env.SCOPS_AGENT_HOSTNAME)
    expect(typeof sample.metrics['memory_percent']).toBe('number')
  }, 420_000)
})
