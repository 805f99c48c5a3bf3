import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { unitNodeFlags } from '../bench/agent/measure'

// The agent benchmarks start the bundle with the node flags they read from the launcher, so that
// they measure what hosts run. Checked against the launcher itself: it starts a bundle that prints
// the flags node was given, and the benches' reading must be exactly those.

const launcher = fileURLToPath(new URL('../../deploy/scops-agent-launch', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'scops-bench-flags-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

it('the benches read the node flags the launcher really starts the agent with', () => {
  const prefix = join(root, 'opt')
  const state = join(root, 'state')
  mkdirSync(join(prefix, 'current', 'agent', 'dist'), { recursive: true })
  mkdirSync(join(prefix, 'bin'))
  mkdirSync(state)
  writeFileSync(join(prefix, 'current', 'agent', 'dist', 'scops-agent.mjs'), 'console.log(JSON.stringify(process.execArgv))\n')
  const bin = join(prefix, 'bin', 'scops-agent-launch')
  writeFileSync(bin, readFileSync(launcher, 'utf8').replace('@HOST_NODE@', process.execPath), { mode: 0o755 })

  const started = JSON.parse(execFileSync(bin, ['run', '--state-dir', state], { encoding: 'utf8' })) as string[]
  expect(started.length).toBeGreaterThan(0)
  expect(unitNodeFlags()).toEqual(started)
})
