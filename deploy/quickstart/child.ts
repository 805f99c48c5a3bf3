import { spawn, type ChildProcess } from 'node:child_process'

/**
 * One process of the quickstart (the control plane or the agent). Each runs in its own process
 * group (`detached`), so a Ctrl-C reaches only the quickstart, which then stops them in order —
 * agent first, so it flushes to a control plane that is still there. Whenever the quickstart
 * exits (a second Ctrl-C included), its exit handler kills what is left; only a SIGKILL of the
 * quickstart itself, which runs no handler, can leave them running.
 */
export interface Child {
  name: string
  proc: ChildProcess
  /** Resolves with the exit code (or 128 + signal number) once the process has exited. */
  exited: Promise<number>
  stop(signal?: NodeJS.Signals): Promise<number>
}

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }

export function startChild(name: string, command: string, args: string[], opts: { env: NodeJS.ProcessEnv; stdout: 'inherit' | 'pipe' }): Child {
  const proc = spawn(command, args, { env: opts.env, stdio: ['ignore', opts.stdout, 'inherit'], detached: true })
  const exited = new Promise<number>((resolve) => {
    proc.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? (signalNumbers[signal] ?? 0) : 0)))
    proc.once('error', (err) => {
      console.error(`${name} could not start: ${err.message}`)
      resolve(127)
    })
  })
  process.once('exit', () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
  })
  return {
    name,
    proc,
    exited,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal)
      return exited
    },
  }
}

/** Reads the child's stdout line by line until `match` returns a value; every other line is passed to `onLine`. */
export function firstMatch<T>(child: Child, match: (line: string) => T | null, onLine: (line: string) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let buffered = ''
    let found = false
    child.proc.stdout?.setEncoding('utf8')
    child.proc.stdout?.on('data', (chunk: string) => {
      buffered += chunk
      let nl: number
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        const hit = found ? null : match(line)
        if (hit !== null) {
          found = true
          resolve(hit)
        } else {
          onLine(line)
        }
      }
    })
    void child.exited.then((code) => {
      if (!found) reject(new Error(`${child.name} exited with ${code} before it was ready`))
    })
  })
}
