import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import type { AgentReleaseRef, AgentUpgradeReport } from '@smartcloudops/shared'
import { fakeReleaseTarball, waitFor } from '@smartcloudops/test-support'
import { readMarker } from './marker-file'
import { pruneReleases } from './swap'
import { UpgradeSync, type UpgradeSyncOptions } from './upgrade-sync'

const log = pino({ level: 'silent' })
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** An install.sh layout with 1.0.0 current, and an UpgradeSync over it whose download serves `bytes`. */
function setup(bytes: Buffer, o: Partial<UpgradeSyncOptions> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'scops-upgrade-'))
  dirs.push(root)
  const installDir = join(root, 'opt')
  const stateDir = join(root, 'state')
  mkdirSync(join(installDir, 'releases', '1.0.0'), { recursive: true })
  mkdirSync(stateDir)
  symlinkSync('releases/1.0.0', join(installDir, 'current'))
  const reports: AgentUpgradeReport[] = []
  const restarts: string[] = []
  const sync = new UpgradeSync({
    runningVersion: '1.0.0',
    stateDir,
    installDir,
    publicKey: null,
    policy: true,
    confirmTimeoutS: 120,
    download: async () => new Uint8Array(bytes),
    report: (r) => void reports.push(r),
    restart: (v) => void restarts.push(v),
    log,
    ...o,
  })
  const ref = (over: Partial<AgentReleaseRef> = {}): AgentReleaseRef => ({ version: '1.0.1', sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, url: '/api/v1/agents/releases/1.0.1', ...over })
  const untouched = () => {
    expect(readlinkSync(join(installDir, 'current'))).toBe('releases/1.0.0')
    expect(readdirSync(join(installDir, 'releases'))).toEqual(['1.0.0'])
    expect(existsSync(join(stateDir, 'upgrade-pending'))).toBe(false)
  }
  return { sync, ref, reports, restarts, installDir, stateDir, untouched }
}

describe('UpgradeSync: install beside the running release, or refuse and change nothing', () => {
  it('installs a good release, swaps current (previous kept), writes the marker, asks for a restart', async () => {
    const s = setup(fakeReleaseTarball({ version: '1.0.1' }))
    s.sync.want(s.ref())
    await waitFor(async () => s.restarts.length === 1 || null, { description: 'the restart request' })
    expect(readlinkSync(join(s.installDir, 'current'))).toBe('releases/1.0.1')
    expect(readlinkSync(join(s.installDir, 'previous'))).toBe('releases/1.0.0')
    expect(readFileSync(join(s.installDir, 'releases', '1.0.1', 'agent', 'dist', 'scops-agent.mjs'), 'utf8')).toContain('agent 1.0.1')
    expect(readMarker(join(s.stateDir, 'upgrade-pending'))).toMatchObject({ to: '1.0.1', from: '1.0.0', from_release: 'releases/1.0.0', starts: '0' })
    expect(s.reports).toEqual([])
    // Once confirmed, older releases go (current and previous stay): repeated upgrades do not fill the disk.
    mkdirSync(join(s.installDir, 'releases', '0.9.0'))
    mkdirSync(join(s.installDir, 'releases', '.staging-1.0.2-77'))
    expect(pruneReleases(s.installDir).sort()).toEqual(['.staging-1.0.2-77', '0.9.0'])
    expect(readdirSync(join(s.installDir, 'releases')).sort()).toEqual(['1.0.0', '1.0.1'])
  })

  it.each([
    ['a sha256 other than the desired state says', (s: ReturnType<typeof setup>) => s.ref({ sha256: 'f'.repeat(64) }), {}, /sha256 .* is not the desired state's/],
    ['a tarball holding another version', (s: ReturnType<typeof setup>) => s.ref({ version: '1.0.2' }), {}, /assigned as 1.0.2 holds version 1.0.1/],
    ['local policy upgrades: false', (s: ReturnType<typeof setup>) => s.ref(), { policy: false }, /local policy forbids remote upgrades/],
    ['unsigned releases without upgrades: true', (s: ReturnType<typeof setup>) => s.ref(), { policy: undefined }, /does not allow unsigned upgrades/],
    ['an unsigned release when a key is configured', (s: ReturnType<typeof setup>) => s.ref(), { publicKey: generateKeyPairSync('ed25519').publicKey }, /carries no signature/],
  ])('refuses %s, reports it once and never retries it', async (_what, refOf, opts, message) => {
    const s = setup(fakeReleaseTarball({ version: '1.0.1' }), opts)
    const ref = refOf(s)
    s.sync.want(ref)
    await waitFor(async () => s.reports.length === 1 || null, { description: 'the refusal report' })
    expect(s.reports[0]).toMatchObject({ from_version: '1.0.0', to_version: ref.version, outcome: 'refused' })
    expect(s.reports[0]!.error).toMatch(message)
    s.untouched()
    // The same assignment again (a new desired state revision, a restart): no second attempt.
    s.sync.want({ ...ref })
    await s.sync.stop()
    expect(s.reports).toHaveLength(1)
    expect(s.restarts).toEqual([])
  })

  it('a tampered release is refused without a trace; a release signed with the configured key installs', async () => {
    const tampered = setup(fakeReleaseTarball({ version: '1.0.1', after: (d) => rmSync(join(d, 'deploy', 'README.md')) }))
    tampered.sync.want(tampered.ref())
    await waitFor(async () => tampered.reports.length === 1 || null, { description: 'the refusal report' })
    expect(tampered.reports[0]!.error).toMatch(/deploy\/README.md is listed in manifest.json but not in the archive/)
    tampered.untouched()

    const keys = generateKeyPairSync('ed25519')
    const bytes = fakeReleaseTarball({ version: '1.0.1' })
    const signed = setup(bytes, { publicKey: keys.publicKey, policy: undefined })
    signed.sync.want(signed.ref({ signature: sign(null, bytes, generateKeyPairSync('ed25519').privateKey).toString('base64') }))
    await waitFor(async () => signed.reports.length === 1 || null, { description: 'the bad-signature report' })
    expect(signed.reports[0]!.error).toMatch(/signature does not verify/)
    signed.untouched()
    // With the right key's signature (and no `upgrades: true`: signed releases need none) it installs.
    const good = setup(bytes, { publicKey: keys.publicKey, policy: undefined })
    good.sync.want(good.ref({ signature: sign(null, bytes, keys.privateKey).toString('base64') }))
    await waitFor(async () => good.restarts.length === 1 || null, { description: 'the restart into the signed release' })
    expect(readlinkSync(join(good.installDir, 'current'))).toBe('releases/1.0.1')
    expect(good.reports).toEqual([])
  })
})
