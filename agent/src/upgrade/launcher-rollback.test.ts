import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { AgentUpgradeReport } from '@smartcloudops/shared'
import { loadConfig } from '../config'
import { waitFor } from '@smartcloudops/test-support'
import { startHeartbeat } from './heartbeat'
import { HEARTBEAT_FILE, readMarker, writeMarker } from './marker-file'
import { agentUpgrades, EXIT_UPGRADE_NOT_CONFIRMED } from './agent-upgrades'
import { swapToRelease } from './swap'

// The "cannot connect" path between the agent and the real launcher script (deploy/scops-agent-launch,
// run by sh): the new version gives up at its deadline and exits 75; the launcher's next start
// restores the previous release; the old version then reports the rollback and skips that version.

const launcher = fileURLToPath(new URL('../../../deploy/scops-agent-launch', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'scops-launch-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/**
 * The layout install.sh makes, in a fresh directory: PREFIX/bin/scops-agent-launch (the real
 * script), PREFIX/releases/<v>/agent/dist/scops-agent.mjs (each the given bundle) and
 * PREFIX/current → releases/1.0.0; then the swap to 1.0.1 as the old agent does it.
 */
function installedLayout(name: string, bundles: Record<'1.0.0' | '1.0.1', string>, confirmTimeoutS = 10) {
  const prefix = join(root, name, 'opt')
  const state = join(root, name, 'state')
  for (const [v, code] of Object.entries(bundles)) {
    mkdirSync(join(prefix, 'releases', v, 'agent', 'dist'), { recursive: true })
    writeFileSync(join(prefix, 'releases', v, 'agent', 'dist', 'scops-agent.mjs'), code)
  }
  mkdirSync(state, { recursive: true })
  mkdirSync(join(prefix, 'bin'))
  const bin = join(prefix, 'bin', 'scops-agent-launch')
  writeFileSync(bin, readFileSync(launcher, 'utf8').replace('@HOST_NODE@', process.execPath), { mode: 0o755 })
  symlinkSync('releases/1.0.0', join(prefix, 'current'))
  swapToRelease({ installDir: prefix, stateDir: state, fromVersion: '1.0.0', toVersion: '1.0.1', newRelease: 'releases/1.0.1', confirmTimeoutS })
  return { prefix, state, bin }
}

/** A bundle that prints what it was started with and exits: the launcher execs it. */
const printsAndExits = (v: string) => `console.log('started ${v}', process.argv.slice(2).join(' '))\n`

describe('a new version that cannot connect is rolled back by the launcher', () => {
  it('gives up at the deadline (exit 75), the launcher restores the previous release, the old agent reports it', async () => {
    const { prefix, state, bin } = installedLayout('not-connected', { '1.0.0': printsAndExits('1.0.0'), '1.0.1': printsAndExits('1.0.1') })
    const launch = () => execFileSync(bin, ['run', '--state-dir', state], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

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
    expect(reports).toEqual([{ from_version: '1.0.0', to_version: '1.0.1', outcome: 'rolled_back', error: 'not_connected: 1.0.1 was rolled back to 1.0.0: 1.0.1 did not connect to the control plane within 10 s', at: expect.any(Number) }])
    older.want({ version: '1.0.1', sha256: 'a'.repeat(64), size: 1, url: '/x' })
    await older.stop()
    expect(reports).toHaveLength(1)
    expect(readMarker(join(state, 'upgrade-result'))).toBeNull()
  })
})

/** Whatever a failing test left running: launchers and the agent doubles they started. */
const leftovers: Array<() => void> = []
afterEach(() => {
  for (const kill of leftovers.splice(0)) kill()
})

/** The launcher as the supervisor runs it, with its output; `exited` resolves with its exit code. */
function runLauncher(bin: string, state: string, env: Record<string, string>) {
  const child = spawn(bin, ['run', '--state-dir', state], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  leftovers.push(() => {
    child.kill('SIGKILL')
    const pid = existsSync(join(state, 'double.pid')) ? Number(readFileSync(join(state, 'double.pid'), 'utf8')) : 0
    try {
      if (pid > 0) process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone: the launcher killed it, as it should.
    }
  })
  let output = ''
  const seen: Array<{ text: string; resolve: () => void }> = []
  const onData = (c: Buffer) => {
    output += c.toString('utf8')
    for (const s of seen.filter((s) => output.includes(s.text))) s.resolve()
  }
  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    child,
    exited,
    output: () => output,
    /** Resolves once the output contains `text`. */
    printed: (text: string) => new Promise<void>((resolve) => (output.includes(text) ? resolve() : seen.push({ text, resolve }))),
  }
}

// TEST DOUBLES of a new agent version (the real agent's heartbeat is agent/src/upgrade/heartbeat.ts,
// written to STATE_DIR/upgrade-heartbeat): each reads --state-dir from its arguments.
const stateDirOf = `const state = process.argv[process.argv.indexOf('--state-dir') + 1]`
/** Starts, beats once, then blocks its event loop for good (no CPU: Atomics.wait) and never exits. */
const hangingAgentDouble = `import { writeFileSync } from 'node:fs'
${stateDirOf}
writeFileSync(state + '/upgrade-heartbeat', '1')
writeFileSync(state + '/double.pid', String(process.pid))
console.log('hanging now')
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
`
/** Beats every 100 ms; connects (removes the marker, as confirmUpgrade does) after `connectAfter` beats, or never. */
const beatingAgentDouble = (connectAfter: number | null) => `import { rmSync, writeFileSync } from 'node:fs'
${stateDirOf}
let n = 0
setInterval(() => {
  writeFileSync(state + '/upgrade-heartbeat', String(++n))
  if (n === ${connectAfter ?? -1}) { rmSync(state + '/upgrade-pending'); console.log('connected') }
}, 100)
let terms = 0
process.on('SIGTERM', () => { terms++; console.log('SIGTERM ' + terms); setTimeout(() => process.exit(0), 200) })
`

describe('a new version that hangs is killed and rolled back by the launcher (test doubles of the agent)', () => {
  const oldAgent = (state: string, prefix: string) => {
    const cfg = { ...loadConfig(['--control-plane', 'http://127.0.0.1:9', '--state-dir', state, '--install-dir', prefix], {}), upgrade: { installDir: prefix, publicKeyPem: null, confirmTimeoutS: 10 } }
    const reports: AgentUpgradeReport[] = []
    const upgrades = agentUpgrades({ cfg, runningVersion: '1.0.0', policy: true, record: (r) => void reports.push(r), download: async () => new Uint8Array(), log: pino({ level: 'silent' }) })
    return { reports, upgrades }
  }

  it('a blocked event loop: no heartbeat for the timeout → KILL, previous release restored and started at once, reported as no_heartbeat', async () => {
    const { prefix, state, bin } = installedLayout('hangs', { '1.0.0': printsAndExits('1.0.0'), '1.0.1': hangingAgentDouble })
    const run = runLauncher(bin, state, { SCOPS_UPGRADE_HEARTBEAT_TIMEOUT: '2' })
    await run.printed('hanging now')
    const pid = Number(readFileSync(join(state, 'double.pid'), 'utf8'))
    // The launcher itself ends: it killed the hung version and exec'd the previous one, which exits.
    expect(await run.exited, run.output()).toBe(0)
    expect(run.output()).toContain('1.0.1 sent no heartbeat for 2 s (hung); killing it')
    expect(run.output()).toContain('rolled back from 1.0.1 to 1.0.0 (no_heartbeat)')
    expect(run.output()).toContain(`started 1.0.0 run --install-dir ${prefix} --state-dir ${state}`)
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }))
    expect(readlinkSync(join(prefix, 'current'))).toBe('releases/1.0.0')
    expect(readMarker(join(state, 'upgrade-pending'))).toBeNull()

    const { reports, upgrades } = oldAgent(state, prefix)
    expect(reports).toEqual([
      { from_version: '1.0.0', to_version: '1.0.1', outcome: 'rolled_back', error: 'no_heartbeat: 1.0.1 was rolled back to 1.0.0: 1.0.1 sent no heartbeat for 2 s (hung)', at: expect.any(Number) },
    ])
    await upgrades.stop()
  })

  it('a loop that runs but never connects nor gives up is killed after its deadline, reported as deadline_passed', async () => {
    const { state, bin } = installedLayout('never-connects', { '1.0.0': printsAndExits('1.0.0'), '1.0.1': beatingAgentDouble(null) }, 1)
    const run = runLauncher(bin, state, { SCOPS_UPGRADE_HEARTBEAT_TIMEOUT: '2' })
    expect(await run.exited, run.output()).toBe(0)
    expect(run.output()).toContain('rolled back from 1.0.1 to 1.0.0 (deadline_passed): 1.0.1 neither connected to the control plane nor gave up by its deadline')
    expect(run.output()).toContain('started 1.0.0')
    expect(readMarker(join(state, 'upgrade-result'))).toMatchObject({ outcome: 'rolled_back', code: 'deadline_passed', from: '1.0.0', to: '1.0.1' })
  })

  it('a slow start that keeps beating past the timeout and then connects is kept; SIGTERM reaches the agent once and its status is the exit status', async () => {
    // 30 beats of 100 ms: longer than the 2 s timeout, so only the heartbeat keeps it alive.
    const { prefix, state, bin } = installedLayout('slow', { '1.0.0': printsAndExits('1.0.0'), '1.0.1': beatingAgentDouble(30) })
    const run = runLauncher(bin, state, { SCOPS_UPGRADE_HEARTBEAT_TIMEOUT: '2' })
    await run.printed('connected')
    run.child.kill('SIGTERM')
    expect(await run.exited, run.output()).toBe(0)
    expect(run.output().match(/SIGTERM \d/g)).toEqual(['SIGTERM 1'])
    expect(run.output()).not.toContain('rolled back from')
    expect(readlinkSync(join(prefix, 'current'))).toBe('releases/1.0.1')
    expect(existsSync(join(state, 'upgrade-result'))).toBe(false)
  })

  it('a bad heartbeat timeout is refused with exit 64 (no restart), naming the variable', () => {
    const { state, bin } = installedLayout('bad-timeout', { '1.0.0': printsAndExits('1.0.0'), '1.0.1': printsAndExits('1.0.1') })
    for (const bad of ['abc', '1', '99999']) {
      let code = 0
      let err = ''
      try {
        execFileSync(bin, ['run', '--state-dir', state], { env: { ...process.env, SCOPS_UPGRADE_HEARTBEAT_TIMEOUT: bad }, stdio: ['ignore', 'pipe', 'pipe'] })
      } catch (e) {
        code = (e as { status: number }).status
        err = String((e as { stderr: Buffer }).stderr)
      }
      expect(code).toBe(64)
      expect(err).toContain('SCOPS_UPGRADE_HEARTBEAT_TIMEOUT')
    }
  })
})

describe('the real heartbeat', () => {
  it('changes the file on every beat while the loop runs, and removes it when stopped', async () => {
    const state = mkdtempSync(join(root, 'beat-'))
    const path = join(state, HEARTBEAT_FILE)
    const stop = startHeartbeat(state, pino({ level: 'silent' }), 20)
    const first = readFileSync(path, 'utf8')
    await waitFor(() => readFileSync(path, 'utf8') !== first, { description: 'a second beat' })
    stop()
    expect(existsSync(path)).toBe(false)
    // The launcher recognises a release that beats by this name in its bundle.
    expect(readFileSync(launcher, 'utf8')).toContain(HEARTBEAT_FILE)
  })
})
