import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CollectError } from '../types'

/**
 * Reads `<procRoot>/<rel>`; a read failure becomes CollectError('proc_unreadable').
 *
 * Synchronously, on purpose: these are procfs files the kernel renders in microseconds and that
 * never block on a device. fs/promises' readFile takes five thread-pool round trips per file
 * (open, fstat, read, read to EOF — procfs reports size 0 —, close); with four files a second it
 * was the agent's largest self-time item in a CPU profile (`pnpm bench:agent-profile`, root README).
 */
export async function readProc(procRoot: string, rel: string, signal: AbortSignal): Promise<string> {
  const path = join(procRoot, rel)
  signal.throwIfAborted()
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw new CollectError('proc_unreadable', `reading ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`, { cause: err })
  }
}

export function parseOrThrow<T>(what: string, parse: () => T): T {
  try {
    return parse()
  } catch (err) {
    throw new CollectError('proc_malformed', `${what}: ${(err as Error).message}`, { cause: err })
  }
}
