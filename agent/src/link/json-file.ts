import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Small state files in the state directory (credential, cached desired state, engine and detector
 * state): written to a temporary file, fsynced, then renamed, so a crash leaves either the old or
 * the new content — never half of one.
 */
export function writeJsonAtomic(path: string, value: unknown, mode = 0o600): void {
  writeFileAtomic(path, JSON.stringify(value), mode)
}

export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const tmp = `${path}.tmp`
  const fd = openSync(tmp, 'w', mode)
  try {
    if (typeof data === 'string') writeSync(fd, data)
    else writeSync(fd, data)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
}

export type ReadJson = { ok: true; value: unknown } | { ok: false; missing: boolean; error?: string }

/** Never throws: a missing or unreadable file is reported, and the caller decides what to do. */
export function readJson(path: string): ReadJson {
  if (!existsSync(path)) return { ok: false, missing: true }
  try {
    return { ok: true, value: JSON.parse(readFileSync(path, 'utf8')) as unknown }
  } catch (err) {
    return { ok: false, missing: false, error: (err as Error).message }
  }
}
