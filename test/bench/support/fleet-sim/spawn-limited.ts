import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process'

/**
 * Starts `node <args>` with its open-file limit raised to the hard limit first (`ulimit -n` in a
 * shell that then execs node: Node cannot raise its own). Thousands of sockets in one process
 * need it where the soft limit is the usual 1,024. Arguments are passed as positional parameters,
 * never spliced into the shell string.
 */
export function spawnNodeWithFdLimit(args: readonly string[], opts: { env?: NodeJS.ProcessEnv; stdio?: StdioOptions } = {}): ChildProcess {
  return spawn('/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'sh', process.execPath, ...args], {
    env: opts.env ?? process.env,
    stdio: opts.stdio ?? ['ignore', 'inherit', 'inherit', 'ipc'],
  })
}
