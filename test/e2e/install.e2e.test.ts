import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Docker from 'dockerode'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { debianImage, describeWithDocker, ensureDebianImage, freePort, testDocker, waitFor } from '@smartcloudops/test-support'
import { buildRelease, type ReleaseResult } from '../../agent/build/release'
import { removeContainer } from './support/containers'
import { startControlPlane, type ControlPlane } from './support/control-plane'

// The release tarball (`pnpm release`) installed by its own install.sh into a clean Debian 12 root
// (debootstrap minbase: no Node.js, no build tools), then the installed agent run against a control
// plane on loopback (host networking). Proves: the tarball is self-contained, install.sh verifies
// checksums and refuses a tampered release, and a re-install keeps /etc/smartcloudops/agent.yaml.

/** Runs `script` (positional args $1..) in a fresh container of the Debian image; returns exit code and output. */
async function runInDebian(docker: Docker, name: string, releaseDir: string, script: string, args: string[]): Promise<{ container: Docker.Container; output: () => string; exit: Promise<number> }> {
  const container = await docker.createContainer({
    name,
    Image: debianImage,
    Cmd: ['sh', '-c', script, 'sh', ...args],
    HostConfig: { NetworkMode: 'host', Init: true, Binds: [`${releaseDir}:/release:ro`] },
  })
  const chunks: Buffer[] = []
  const stream = await container.attach({ stream: true, stdout: true, stderr: true })
  stream.on('data', (c: Buffer) => chunks.push(c))
  await container.start()
  const exit = container.wait().then((r: { StatusCode: number }) => r.StatusCode)
  // The attach stream multiplexes stdout/stderr with 8-byte frame headers; strip them for reading.
  const output = () => Buffer.concat(chunks).toString('latin1').replace(/[\x00-\x08]/g, '') // eslint-disable-line no-control-regex
  return { container, output, exit }
}

const extractInstaller = 'tar -xzf "$1" -O --wildcards "*/deploy/install.sh" > /tmp/install.sh'

describeWithDocker('install.sh from the release tarball into a clean Debian root', () => {
  const docker = testDocker()
  const work = mkdtempSync(join(tmpdir(), 'scops-install-e2e-'))
  const releaseDir = join(work, 'release')
  const containers: Docker.Container[] = []
  let release: ReleaseResult
  let cp: ControlPlane

  beforeAll(async () => {
    await ensureDebianImage(docker)
    release = await buildRelease({ arch: process.arch as 'x64' | 'arm64', withNode: true, outDir: releaseDir })
    cp = await startControlPlane({ port: await freePort(), dataDir: join(work, 'cp') })
  }, 15 * 60_000)
  afterAll(async () => {
    for (const c of containers) await removeContainer(c)
    await cp?.stop()
    rmSync(work, { recursive: true, force: true })
  }, 60_000)

  it('installs with --no-start, keeps agent.yaml on re-install, and the installed agent enrolls and reports', async () => {
    const tarball = `/release/${release.tarball.split('/').pop()}`
    const hostname = `install-e2e-${process.pid}`
    const token = await cp.api.enrollmentToken('install e2e', { env: 'install-e2e' })
    const script = [
      'set -e',
      extractInstaller,
      'command -v node && exit 90 || true', // the clean root really has no Node.js
      'sh /tmp/install.sh --tarball "$1" --url "$2" --token "$3" --hostname "$4" --label env=install-e2e --no-start',
      // An upgrade (same tarball again) without --token: only possible because agent.yaml is kept.
      'sh /tmp/install.sh --tarball "$1" --url "$2" --no-start',
      'ls -l /opt/smartcloudops/current',
      'exec /usr/local/bin/scops-agent run --config /etc/smartcloudops/agent.yaml --state-dir /var/lib/smartcloudops --interval 1s --buffer-size 1',
    ].join('\n')
    const run = await runInDebian(docker, `scops-install-e2e-${process.pid}`, releaseDir, script, [tarball, cp.url, token, hostname])
    containers.push(run.container)
    let exited: number | null = null
    void run.exit.then((code) => (exited = code))

    const host = await waitFor(
      async () => {
        if (exited !== null) throw new Error(`the container exited with ${exited}:\n${run.output().slice(-3000)}`)
        return (await cp.api.hostByName(hostname)) ?? null
      },
      { timeoutMs: 120_000, intervalMs: 500, description: 'the installed agent to enroll' },
    )
    expect(run.output()).toContain('tarball sha256 verified')
    expect(run.output()).toContain('keeping the existing /etc/smartcloudops/agent.yaml')
    // The token's labels are the host's; the --label given to install.sh is only reported by the agent.
    expect(host['labels']).toMatchObject({ env: 'install-e2e' })
    expect(host['reported_labels']).toMatchObject({ env: 'install-e2e' })
    const sample = await waitFor(
      async () => {
        if (exited !== null) throw new Error(`the container exited with ${exited}:\n${run.output().slice(-3000)}`)
        const { samples } = await cp.api.get<{ samples: Array<{ metrics: Record<string, number> }> }>(`/hosts/${host.id}/metrics?limit=5`)
        return samples[0] ?? null
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'a metrics sample from the installed agent' },
    )
    expect(typeof sample.metrics['cpu_percent']).toBe('number')
  }, 240_000)

  it('refuses a release whose files do not match its SHA256SUMS', async () => {
    // Re-pack the release with one byte of the bundle changed (and no tarball .sha256 beside it).
    const tampered = join(work, 'tampered')
    const tamperedRelease = join(work, 'tampered-release')
    execFileSync('mkdir', ['-p', tampered, tamperedRelease])
    execFileSync('tar', ['-xzf', release.tarball, '-C', tampered])
    const [dir] = execFileSync('ls', [tampered]).toString().trim().split('\n')
    writeFileSync(join(tampered, dir!, 'agent', 'dist', 'scops-agent.mjs'), '\n// tampered\n', { flag: 'a' })
    execFileSync('tar', ['-I', 'gzip -1', '-cf', join(tamperedRelease, 'tampered.tar.gz'), '-C', tampered, dir!])
    const script = [extractInstaller, 'sh /tmp/install.sh --tarball "$1" --url http://127.0.0.1:9 --token t0ken --no-start'].join('\n')
    const run = await runInDebian(docker, `scops-install-e2e-tampered-${process.pid}`, tamperedRelease, script, ['/release/tampered.tar.gz'])
    containers.push(run.container)
    expect(await run.exit).not.toBe(0)
    expect(run.output()).toContain('checksum mismatch in the release: refusing it')
    expect(run.output()).not.toContain('installed agent')
  }, 120_000)
})
