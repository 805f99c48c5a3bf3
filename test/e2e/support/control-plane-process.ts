import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { repoRoot } from './agent-process'

/**
 * The real control plane as its own PROCESS (`node --import tsx control-plane/src/main.ts`) on
 * PostgreSQL, listening on 127.0.0.1 port 0: its URL is read from the lines it prints at start.
 * A process, not an app in the test's process, so a test can SIGKILL it like a crashed replica.
 */
export interface ControlPlaneProcess {
  url: string
  child: ChildProcess
  /** stderr and log lines (warnings and errors), for a failure message. */
  output: string[]
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
  kill(signal?: NodeJS.Signals): Promise<void>
}

const main = join(repoRoot, 'control-plane', 'src', 'main.ts')

export async function startControlPlaneProcess(opts: { databaseUrl: string; adminToken: string; env?: Record<string, string>; timeoutMs?: number }): Promise<ControlPlaneProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      SCOPS_HOST: '127.0.0.1',
      SCOPS_PORT: '0',
      SCOPS_ADMIN_TOKEN: opts.adminToken,
      SCOPS_LOG_LEVEL: 'warn',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  createInterface({ input: child.stderr! }).on('line', (l) => output.push(l))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`control plane did not start within ${opts.timeoutMs ?? 180_000} ms: ${output.join('\n')}`)), opts.timeoutMs ?? 180_000)
    createInterface({ input: child.stdout! }).on('line', (l) => {
      const m = /^\s+API:\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1$/.exec(l)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      } else if (!l.startsWith(' ') && l.trim() !== '' && !l.startsWith('SmartCloudOps')) output.push(l)
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`control plane exited (${code}) before it listened: ${output.join('\n')}`))
    })
  })
  return {
    url,
    child,
    output,
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill(signal)
      await exited
    },
  }
}
