import { statfs } from 'node:fs/promises'
import { join } from 'node:path'
import type { FsEntry } from './disk'
import { parseMounts } from './proc'
import { parseOrThrow, readProc } from './read'

/**
 * The host's filesystems seen from a container that has the host's /proc at `procRoot` (with
 * hostPID): the mount table of the host's init (`<procRoot>/1/mounts`) and statfs() through init's
 * root (`<procRoot>/1/root/<mount>`), so no host `/` needs to be mounted. df's figures: size =
 * blocks, used = blocks − free, available = blocks available to unprivileged users.
 * A mount statfs cannot reach (permissions, a vanished mount) is left out, not reported as 0.
 */
export async function readHostFilesystems(procRoot: string, signal?: AbortSignal): Promise<FsEntry[]> {
  const never = new AbortController().signal
  const text = await readProc(procRoot, '1/mounts', signal ?? never)
  const mounts = parseOrThrow('/proc/1/mounts', () => parseMounts(text))
  const out: FsEntry[] = []
  for (const m of mounts) {
    if (!m.mount.startsWith('/')) continue
    try {
      const s = await statfs(join(procRoot, '1', 'root', m.mount))
      out.push({ fs: m.fs, type: m.type, mount: m.mount, size: s.blocks * s.bsize, used: (s.blocks - s.bfree) * s.bsize, available: s.bavail * s.bsize })
    } catch {
      // Not reachable from here: no figure rather than a wrong one.
    }
  }
  return out
}
