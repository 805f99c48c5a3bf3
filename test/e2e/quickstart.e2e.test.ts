import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, waitFor } from '@smartcloudops/test-support'

// `pnpm start` as a new user runs it: the quickstart prints the URL, docs, admin token and curl
// commands; the control plane and the agent are two processes (the agent from the production
// bundle); the printed token works, the local agent reports and the demo rule decides; SIGTERM
// stops both. Each run gets its own data directories and port.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/** Direct children of `pid` with their command lines (Linux /proc). */
function childrenOf(pid: number): Array<{ pid: number; cmdline: string }> {
  const out: Array<{ pid: number; cmdline: string }> = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) out.push({ pid: Number(entry), cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ') })
    } catch {
      // the process ended while we read it
    }
  }
  return out
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('quickstart (pnpm start)', () => {
  const work = mkdtempSync(join(tmpdir(), 'scops-quickstart-e2e-'))
  let qs: ChildProcess
  let stdout = ''
  let port: number

  beforeAll(async () => {
    port = await freePort()
    qs = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'deploy', 'quickstart', 'quickstart.ts')], {
      cwd: repoRoot,
      env: { ...process.env, SCOPS_QUICKSTART_DIR: join(work, 'qs'), SCOPS_DATA_DIR: join(work, 'cp'), SCOPS_PORT: String(port), DATABASE_URL: '', SCOPS_ADMIN_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    qs.stdout!.on('data', (c: Buffer) => (stdout += c.toString()))
    qs.stderr!.on('data', (c: Buffer) => (stdout += c.toString()))
    await waitFor(
      () => {
        if (qs.exitCode !== null) throw new Error(`the quickstart exited with ${qs.exitCode}:\n${stdout}`)
        return stdout.includes('Ctrl-C stops both.')
      },
      { timeoutMs: 120_000, intervalMs: 200, description: 'the quickstart banner' },
    )
  }, 180_000)
  afterAll(() => {
    if (qs && qs.exitCode === null) qs.kill('SIGKILL')
    rmSync(work, { recursive: true, force: true })
  })

  it('prints a working URL and admin token; the agent runs as its own process from the bundle, reports and decides; SIGTERM stops both', async () => {
    const url = `http://127.0.0.1:${port}`
    expect(stdout).toContain(`control plane   ${url}   (PGlite in ${join(work, 'cp')})`)
    expect(stdout).toContain(`API docs        ${url}/docs`)
    const token = /export SCOPS_TOKEN=(\S+)/.exec(stdout)?.[1]
    expect(token).toBe(readFileSync(join(work, 'qs', 'admin-token'), 'utf8').trim())

    const procs = childrenOf(qs.pid!)
    const agentProc = procs.find((p) => p.cmdline.includes(join('agent', 'dist', 'scops-agent.mjs')))
    const cpProc = procs.find((p) => p.cmdline.includes(join('control-plane', 'src', 'main.ts')))
    expect(agentProc, JSON.stringify(procs)).toBeDefined()
    expect(cpProc, JSON.stringify(procs)).toBeDefined()

    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status).toBe(200)
      return ((await res.json()) as { data: T }).data
    }
    const host = await waitFor(
      async () => (await get<{ hosts: Array<{ id: string; hostname: string; connected: boolean; labels: Record<string, string> }> }>('/hosts')).hosts.find((h) => h.connected) ?? null,
      { timeoutMs: 60_000, intervalMs: 500, description: 'the local agent to connect' },
    )
    expect(host.hostname).toMatch(/-quickstart$/)
    expect(host.labels).toEqual({ env: 'quickstart' })
    // Other default rules may decide first on a quiet machine (Low Resource Utilization): wait for the demo rule's.
    const decision = await waitFor(
      async () =>
        (await get<{ decisions: Array<{ rule_name?: string; rule?: string }> }>(`/hosts/${host.id}/decisions`)).decisions.find((d) => d.rule === 'Quickstart host busy (demo)') ?? null,
      { timeoutMs: 60_000, intervalMs: 500, description: 'a decision from the demo rule' },
    )
    expect(JSON.stringify(decision)).toContain('Quickstart host busy (demo)')

    qs.kill('SIGTERM')
    const code = await new Promise<number | null>((resolve) => (qs.exitCode !== null ? resolve(qs.exitCode) : qs.once('exit', (c) => resolve(c))))
    expect(code).toBe(0)
    expect(stdout).toContain('SIGTERM: stopping the agent, then the control plane')
    expect(alive(agentProc!.pid)).toBe(false)
    expect(alive(cpProc!.pid)).toBe(false)
  }, 180_000)
})
