import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, waitFor } from '@smartcloudops/test-support'

/**
 * Debian's real `prometheus` and `prometheus-alertmanager` for the operators'-stack e2e suite:
 * each with its own temporary data directory and config, listening on 127.0.0.1 only.
 */
export interface StackProcess {
  url: string
  output: string[]
  stop(): Promise<void>
}

async function startProcess(bin: string, args: (dir: string, port: number) => string[], config: string, ready: string): Promise<StackProcess> {
  const dir = mkdtempSync(join(tmpdir(), `scops-e2e-${bin}-`))
  writeFileSync(join(dir, 'config.yml'), config)
  const port = await freePort()
  const output: string[] = []
  const child: ChildProcess = spawn(bin, args(dir, port), { stdio: ['ignore', 'pipe', 'pipe'] })
  const keep = (b: Buffer) => output.push(...b.toString().split('\n').filter(Boolean))
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${bin} exited (${child.exitCode}): ${output.slice(-10).join('\n')}`)
        return (await fetch(`${url}${ready}`).catch(() => null))?.ok === true
      },
      { timeoutMs: 30_000, description: `${bin} to be ready` },
    )
  } catch (err) {
    await stop()
    throw err
  }
  return { url, output, stop }
}

export function startPrometheus(configYaml: string): Promise<StackProcess> {
  return startProcess(
    'prometheus',
    (dir, port) => [`--config.file=${join(dir, 'config.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    configYaml,
    '/-/ready',
  )
}

export function startAlertmanager(configYaml: string): Promise<StackProcess> {
  return startProcess(
    'prometheus-alertmanager',
    (dir, port) => [
      `--config.file=${join(dir, 'config.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No gossip: a single instance, and no cluster port on the network.
      '--cluster.listen-address=',
    ],
    configYaml,
    '/-/ready',
  )
}

/** An instant query against Prometheus' HTTP API: the result vector. */
export async function promQuery(prom: StackProcess, expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const res = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}`)
  const body = (await res.json()) as { status: string; data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> }; error?: string }
  if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`)
  return body.data!.result
}
