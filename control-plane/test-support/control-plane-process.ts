import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { freePort, waitFor } from '@smartcloudops/test-support'

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url))

export interface ControlPlaneProcess {
  child: ChildProcess
  url: string
  wsUrl: string
  adminToken: string
  /** kill -9: no goodbye, no clean stop. Resolves once the process is gone. */
  kill9(): Promise<void>
  stop(): Promise<void>
}

/** The real control plane (`src/main.ts`) as a child process on a database URL, listening on 127.0.0.1 (at `port` again after a kill). */
export async function startControlPlaneProcess(databaseUrl: string, env: Record<string, string> = {}, port?: number): Promise<ControlPlaneProcess> {
  port ??= await freePort()
  const adminToken = `scops_adm_${'k'.repeat(40)}`
  const stderr: string[] = []
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SCOPS_HOST: '127.0.0.1',
      SCOPS_PORT: String(port),
      SCOPS_ADMIN_TOKEN: adminToken,
      SCOPS_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()))
  const exited = once(child, 'exit')
  const url = `http://127.0.0.1:${port}`
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`control plane exited ${child.exitCode}: ${stderr.join('')}`)
      return (await fetch(`${url}/healthz`)).ok
    },
    { timeoutMs: 60_000, intervalMs: 100, description: 'the control-plane process to answer /healthz' },
  )
  return {
    child,
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/api/v1/agent/ws`,
    adminToken,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
