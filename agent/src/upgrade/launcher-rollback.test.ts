import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import type { AgentUpgradeReport } from '@smartcloudops/shared'
import { loadConfig } from '../config'
import { readMarker, writeMarker } from './marker-file'
import { agentUpgrades, EXIT_UPGRADE_NOT_CONFIRMED } from './agent-upgrades'
import { swapToRelease } from './swap'

// The "cannot connect" path between the agent and the real launcher script (deploy/scops-agent-launch,
// run by sh): the new version gives up at its deadline and exits 75; the launcher's next start
// restores the previous release; the old version then reports the rollback and skips that version.

const launcher = fileURLToPath(new URL('../../../deploy/scops-agent-launch', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'scops-launch-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('a new version that cannot connect is rolled back by the launcher', () => {
  it('gives up at the deadline (exit 75), the launcher restores the previous release, the old agent reports it', async () => {
    const prefix = join(root, 'opt')
    const state = join(root, 'state')
    for (const v of ['1.0.0', '1.0.1']) {
      mkdirSync(join(prefix, 'releases', v, 'agent', 'dist'), { recursive: true })
      // A bundle that prints what it was started with: the launcher execs it.
      writeFileSync(join(prefix, 'releases', v, 'agent', 'dist', 'scops-agent.mjs'), `console.log('started ${v}', process.argv.slice(2).join(' '))\n`)
    }
    mkdirSync(state)
    mkdirSync(join(prefix, 'bin'))
    writeFileSync(join(prefix, 'bin', 'scops-agent-launch'), readFileSync(launcher, 'utf8').replace('@HOST_NODE@', process.execPath), { mode: 0o755 })
    symlinkSync('releases/1.0.0', join(prefix, 'current'))
    swapToRelease({ installDir: prefix, stateDir: state, fromVersion: '1.0.0', toVersion: '1.0.1', newRelease: 'releases/1.0.1', confirmTimeoutS: 10 })
    const launch = () => execFileSync(join(prefix, 'bin', 'scops-agent-launch'), ['run', '--state-dir', state], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

    // First start after the swap: the launcher counts it and starts the new release.
    expect(launch()).toContain(`started 1.0.1 run --install-dir ${prefix} --state-dir ${state}`)
    expect(readMarker(join(state, 'upgrade-pending'))).toMatchObject({ to: '1.0.1', starts: '1' })

    // The new version never connects: at its deadline it gives up and asks to exit 75. (Time moves
    // on: the deadline is set to one second from now instead of waiting ten.)
    const pending = readMarker(join(state, 'upgrade-pending'))!
    writeMarker(join(state, 'upgrade-pending'), { ...pending, deadline: Math.floor(Date.now() / 1000) + 1 })
    const cfg = () => ({ ...loadConfig(['--control-plane', 'http://127.0.0.1:9', '--state-dir', state, '--install-dir', prefix], {}), upgrade: { installDir: prefix, publicKeyPem: null, confirmTimeoutS: 10 } })
    const reports: AgentUpgradeReport[] = []
    const newer = agentUpgrades({ cfg: cfg(), runningVersion: '1.0.1', policy: true, record: (r) => void reports.push(r), download: async () => new Uint8Array(), log: pino({ level: 'silent' }) })
    expect(await newer.exit).toBe(EXIT_UPGRADE_NOT_CONFIRMED)
    expect(readMarker(join(state, 'upgrade-pending'))?.['reason']).toBe('1.0.1 did not connect to the control plane within 10 s')
    await newer.stop()

    // The supervisor starts the launcher again: it rolls back and starts the previous release.
    expect(launch()).toContain('started 1.0.0')
    expect(readlinkSync(join(prefix, 'current'))).toBe('releases/1.0.0')
    expect(readMarker(join(state, 'upgrade-pending'))).toBeNull()

    // The old version reports the rollback once, with the reason, and will not try 1.0.1 again.
    const older = agentUpgrades({ cfg: cfg(), runningVersion: '1.0.0', policy: true, record: (r) => void reports.push(r), download: async () => { throw new Error('must not download') }, log: pino({ level: 'silent' }) })
    expect(reports).toEqual([{ from_version: '1.0.0', to_version: '1.0.1', outcome: 'rolled_back', error: '1.0.1 was rolled back to 1.0.0: 1.0.1 did not connect to the control plane within 10 s', at: expect.any(Number) }])
    older.want({ version: '1.0.1', sha256: 'a'.repeat(64), size: 1, url: '/x' })
    await older.stop()
    expect(reports).toHaveLength(1)
    expect(readMarker(join(state, 'upgrade-result'))).toBeNull()
  })
})
