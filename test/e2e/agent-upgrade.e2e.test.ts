import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, waitFor } from '@smartcloudops/test-support'
import { buildRelease } from '../../agent/build/release'
import { startControlPlane, type ControlPlane } from './support/control-plane'
import { releaseVariant } from './support/release-variants'
import { RestartAlwaysStandIn } from './support/restart-always'

// Agent upgrades end to end: a real release tarball (`pnpm release --no-node`, built once here)
// installed in a temporary prefix in install.sh's layout (releases/<v>, `current`, the launcher in
// bin/), the agent run by its launcher under a stand-in for systemd's Restart=always, upgraded by
// the control plane to a second version (the same code, its version string bumped), then to a
// deliberately broken one (its bundle exits at once), which the launcher rolls back by itself.

const launcherSource = fileURLToPath(new URL('../../deploy/scops-agent-launch', import.meta.url))

interface HostVersion {
  host_id: string
  hostname: string
  running_version: string | null
  target_version: string | null
  last_upgrade: { from_version: string; to_version: string; outcome: string; error: string | null } | null
}

describe('agent upgrades from the control plane (supervised by a systemd stand-in)', () => {
  const work = mkdtempSync(join(tmpdir(), 'scops-upgrade-e2e-'))
  const prefix = join(work, 'opt')
  const stateDir = join(work, 'state')
  const hostname = `e2e-upgrade-${process.pid}`
  let cp: ControlPlane
  let agent: RestartAlwaysStandIn
  let v1: string
  let good: string
  let broken: string

  beforeAll(async () => {
    const built = await buildRelease({ arch: process.arch as 'x64' | 'arm64', withNode: false, outDir: join(work, 'dist') })
    v1 = built.version
    good = releaseVariant(built.tarball, `${v1}-e2e.1`, (t) => t.replace(`AGENT_VERSION = "${v1}"`, `AGENT_VERSION = "${v1}-e2e.1"`), join(work, 'dist'))
    broken = releaseVariant(built.tarball, `${v1}-e2e.2`, () => "process.stderr.write('this release is broken on purpose\\n'); process.exit(1)\n", join(work, 'dist'))

    // What install.sh does, into a temporary prefix (it also writes /etc and the unit: not here).
    mkdirSync(join(prefix, 'releases'), { recursive: true })
    execFileSync('tar', ['-xzf', built.tarball, '-C', join(prefix, 'releases')])
    execFileSync('mv', [join(prefix, 'releases', `smartcloudops-agent-${v1}-linux-${process.arch}-no-node`), join(prefix, 'releases', v1)])
    symlinkSync(`releases/${v1}`, join(prefix, 'current'))
    mkdirSync(join(prefix, 'bin'))
    writeFileSync(join(prefix, 'bin', 'scops-agent-launch'), readFileSync(launcherSource, 'utf8').replace('@HOST_NODE@', process.execPath), { mode: 0o755 })

    cp = await startControlPlane({ port: await freePort(), dataDir: join(work, 'cp') })
    const token = await cp.api.enrollmentToken('upgrade e2e')
    writeFileSync(
      join(work, 'agent.yaml'),
      [`control_plane_url: ${cp.url}`, `enrollment_token: ${token}`, `hostname: ${hostname}`, 'interval: 2s', 'upgrade_confirm_timeout: 60s', 'policy:', '  actions: { send_alert: {} }', '  upgrades: true', ''].join('\n'),
    )
    agent = new RestartAlwaysStandIn(join(prefix, 'bin', 'scops-agent-launch'), ['run', '--config', join(work, 'agent.yaml'), '--state-dir', stateDir], {
      ...process.env,
      SCOPS_LOG_LEVEL: 'info',
      // Two failed starts of a new version are enough to call it broken (systemd: 3, RestartSec 5 s).
      SCOPS_UPGRADE_MAX_STARTS: '2',
    })
    agent.start()
  }, 240_000)

  afterAll(async () => {
    await agent?.stop()
    await cp?.stop()
    rmSync(work, { recursive: true, force: true })
  }, 60_000)

  const versions = async () => (await cp.api.get<{ hosts: HostVersion[] }>('/agent-versions')).hosts.find((h) => h.hostname === hostname)
  async function upload(path: string): Promise<{ version: string }> {
    const res = await fetch(`${cp.url}/api/v1/agent-releases`, { method: 'POST', headers: { authorization: `Bearer ${cp.adminToken}`, 'content-type': 'application/gzip' }, body: readFileSync(path) })
    const json = (await res.json()) as { data: { version: string }; error?: unknown }
    expect(res.status, JSON.stringify(json.error)).toBe(201)
    return json.data
  }
  const until = <T>(fn: () => Promise<T | null | undefined>, description: string, timeoutMs = 120_000) =>
    waitFor(fn, { timeoutMs, intervalMs: 500, description }).catch((err: Error) => {
      throw new Error(`${err.message}\nagent output:\n${agent.tail()}`)
    })

  it('upgrades to an uploaded version assigned to the fleet, and the new version confirms by connecting', async () => {
    await until(async () => (await versions())?.running_version === v1 || null, `${hostname} to enroll running ${v1}`)
    const { version } = await upload(good)
    await cp.api.post(`/agent-releases/${version}/assign`, {})
    const h = await until(async () => {
      const v = await versions()
      return v?.running_version === version && v.last_upgrade?.outcome === 'succeeded' ? v : null
    }, `the agent to run ${version} and report the upgrade`)
    expect(h).toMatchObject({ target_version: version, last_upgrade: { from_version: v1, to_version: version, outcome: 'succeeded', error: null } })
    expect(readlinkSync(join(prefix, 'current'))).toBe(`releases/${version}`)
    expect(readlinkSync(join(prefix, 'previous'))).toBe(`releases/${v1}`)
    // It restarted through its supervisor: the old version exited 0 and was started again.
    expect(agent.exits).toContain(0)
  }, 240_000)

  it('a version that cannot start is rolled back to the last good one, and the failure is visible in the API', async () => {
    const before = (await versions())!.running_version!
    const { version } = await upload(broken)
    await cp.api.post(`/agent-releases/${version}/assign`, {})
    const h = await until(async () => {
      const v = await versions()
      return v?.last_upgrade?.outcome === 'rolled_back' && v.running_version === before ? v : null
    }, `the launcher to roll ${version} back to ${before}`)
    expect(h).toMatchObject({ target_version: version, last_upgrade: { from_version: before, to_version: version, outcome: 'rolled_back' } })
    expect(h.last_upgrade!.error).toMatch(/exited 2 times without connecting/)
    expect(readlinkSync(join(prefix, 'current'))).toBe(`releases/${before}`)
    // The broken bundle really ran (and exited 1) before the rollback.
    expect(agent.exits).toContain(1)
    expect(agent.tail(400)).toContain('this release is broken on purpose')
  }, 240_000)
})
