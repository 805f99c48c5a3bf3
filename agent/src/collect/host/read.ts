import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CollectError } from '../types'

/** Reads `<procRoot>/<rel>`; a read failure becomes CollectError('proc_unreadable'). */
export async function readProc(procRoot: string, rel: string, signal: AbortSignal): Promise<string> {
  const path = join(procRoot, rel)
  try {
    return await readFile(path, { encoding: 'utf8', signal })
  } catch (err) {
    if (signal.aborted) throw err
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
