import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * A real agent PROCESS (`tsx agent/src/cli/scops-agent.ts run --config …`, or the production
 * bundle `node agent/dist/scops-agent.mjs run …` with `runner: 'dist'`) with its own state
 * directory. Its JSON log lines are kept so tests can wait on what it did and compare event ids.
 */
export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)))
// `node --import tsx` rather than the tsx binary: the binary runs the agent in a CHILD process, so a
// SIGKILL would hit the wrapper and leave the agent running.
const node = process.execPath
const nodeArgs = ['--import', 'tsx']
const cli = join(repoRoot, 'agent', 'src', 'cli', 'scops-agent.ts')
/** Built by `pnpm build:agent`. */
export const distCli = join(repoRoot, 'agent', 'dist', 'scops-agent.mjs')

export interface AgentProcessOptions {
  onLine?: (l: Record<string, unknown>) => void
  /** 'tsx' (default): the TypeScript source through tsx; 'dist': the built bundle under plain node. */
  runner?: 'tsx' | 'dist'
  /** Extra node flags (e.g. V8 heap caps), before the script. */
  nodeFlags?: string[]
}

export function dockerSocketPath(): string {
  const h = process.env['DOCKER_HOST']
  return h?.startsWith('unix://') ? h.slice('unix://'.length) : '/var/run/docker.sock'
}

export interface AgentProcess {
  stateDir: string
  configPath: string
  child: ChildProcess
  logs: Array<Record<string, unknown>>
  stderr: string[]
  exited: Promise<number | null>
  start(): void
  kill(signal?: NodeJS.Signals): Promise<number | null>
}

export function writeAgentConfig(config: Record<string, unknown>, dir = mkdtempSync(join(tmpdir(), 'scops-e2e-agent-'))): { dir: string; path: string } {
  const path = join(dir, 'agent.yaml')
  // JSON is YAML: the agent reads it as its YAML config file.
  writeFileSync(path, JSON.stringify(config, null, 2), { mode: 0o600 })
  return { dir, path }
}

/** Spawns the agent; `start()` again after a kill restarts it on the same state directory. */
export function agentProcess(config: Record<string, unknown>, opts: AgentProcessOptions = {}): AgentProcess {
  const { dir, path } = writeAgentConfig(config)
  const script = opts.runner === 'dist' ? [...(opts.nodeFlags ?? []), distCli] : [...(opts.nodeFlags ?? []), ...nodeArgs, cli]
  const stateDir = join(dir, 'state')
  const p: AgentProcess = {
    stateDir,
    configPath: path,
    child: null as unknown as ChildProcess,
    logs: [],
    stderr: [],
    exited: Promise.resolve(null),
    start() {
      const child = spawn(node, [...script, 'run', '--config', path, '--state-dir', stateDir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
      p.child = child
      let buf = ''
      child.stdout!.on('data', (chunk: Buffer) => {
        buf += chunk.toString()
        let i
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i)
          buf = buf.slice(i + 1)
          try {
            const l = JSON.parse(line) as Record<string, unknown>
            p.logs.push(l)
            opts.onLine?.(l)
          } catch {
            p.stderr.push(line)
          }
        }
      })
      child.stderr!.on('data', (chunk: Buffer) => p.stderr.push(chunk.toString()))
      p.exited = new Promise((r) => child.once('exit', (code) => r(code)))
    },
    async kill(signal = 'SIGTERM') {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return p.child.exitCode
      p.child.kill(signal)
      return p.exited
    },
  }
  p.start()
  return p
}

/** Runs the CLI to completion (bad-input tests): exit code and stderr. */
export function runAgentCli(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(node, [...nodeArgs, cli, ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(t)
      resolvePromise({ code, stderr })
    })
  })
}
