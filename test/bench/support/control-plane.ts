import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { openSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { spawnNodeWithFdLimit } from './fleet-sim/spawn-limited'

const controlPlaneMain = fileURLToPath(new URL('../../../control-plane/src/main.ts', import.meta.url))

/** Peak resident memory of a process (VmHWM), MiB; null once it is gone. */
export function peakRssMiB(pid: number | undefined): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Math.round(Number(m[1]) / 1024) : null
  } catch {
    return null
  }
}

/** CPU time (user + system) a process has used so far, seconds; null once it is gone. */
export function cpuSeconds(pid: number | undefined): number | null {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const rest = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(rest[11]) + Number(rest[12])) / 100
  } catch {
    return null
  }
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill(signal)
  await exited
}

/**
 * The real control plane (control-plane/src/main.ts) as its own process on PostgreSQL, with its
 * descriptor limit raised, listening on 127.0.0.1:`port`; resolves once /healthz answers. Its log
 * (warnings and errors) is appended to `logFile`.
 */
export async function startControlPlane(opts: { databaseUrl: string; port: number; adminToken: string; logFile: string; env?: Record<string, string>; nodeFlags?: string[] }): Promise<ChildProcess> {
  const child = spawnNodeWithFdLimit([...(opts.nodeFlags ?? []), '--import', 'tsx', controlPlaneMain], {
    env: {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      SCOPS_HOST: '127.0.0.1',
      SCOPS_PORT: String(opts.port),
      SCOPS_ADMIN_TOKEN: opts.adminToken,
      SCOPS_LOG_LEVEL: 'warn',
      // The simulated agents send no heartbeats (fan-out and ingest are measured, not liveness).
      SCOPS_HEARTBEAT_INTERVAL_S: '3600',
      SCOPS_RATE_LIMIT_PER_MINUTE: '1000000',
      ...opts.env,
    },
    stdio: ['ignore', openSync(opts.logFile, 'a'), 'inherit'],
  })
  const deadline = Date.now() + 180_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`control plane exited ${child.exitCode} (see ${opts.logFile})`)
    try {
      if ((await fetch(`http://127.0.0.1:${opts.port}/healthz`)).ok) return child
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('control plane did not answer /healthz within 180 s')
    await new Promise((r) => setTimeout(r, 100))
  }
}
