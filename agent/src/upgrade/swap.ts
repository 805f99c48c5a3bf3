import { readdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { PENDING_FILE, writeMarker } from './marker-file'
import { UpgradeError } from './upgrade-error'

/** `releases/<v>` that `<installDir>/current` points at: the layout install.sh makes. */
export function currentRelease(installDir: string): string {
  let target: string
  try {
    target = readlinkSync(join(installDir, 'current'))
  } catch (err) {
    throw new UpgradeError('not_installed_from_release', `${installDir}/current is not a symlink to a release: install with install.sh to enable upgrades`, { cause: err })
  }
  if (!/^releases\/[0-9A-Za-z][0-9A-Za-z.+-]*$/.test(target)) throw new UpgradeError('not_installed_from_release', `${installDir}/current points at ${target}, not releases/<version>`)
  return target
}

function replaceLink(installDir: string, name: string, target: string): void {
  const tmp = join(installDir, `${name}.new`)
  rmSync(tmp, { force: true })
  symlinkSync(target, tmp)
  renameSync(tmp, join(installDir, name))
}

/**
 * Hands over to the new release: first the pending marker (so whatever happens next, the launcher
 * knows what to check and what to restore), then `previous` → the running release, then `current`
 * → the new one (each link replaced by a rename: atomic). The caller then exits; the supervisor
 * starts the launcher, which starts `current`.
 */
export function swapToRelease(o: { installDir: string; stateDir: string; fromVersion: string; toVersion: string; newRelease: string; confirmTimeoutS: number; now?: number }): void {
  const from = currentRelease(o.installDir)
  const now = Math.floor((o.now ?? Date.now()) / 1000)
  writeMarker(join(o.stateDir, PENDING_FILE), { to: o.toVersion, from: o.fromVersion, from_release: from, deadline: now + o.confirmTimeoutS, starts: 0 })
  replaceLink(o.installDir, 'previous', from)
  replaceLink(o.installDir, 'current', o.newRelease)
}

/**
 * After a confirmed upgrade: removes every release but `current` and `previous` (and staging left
 * by a crash), so repeated upgrades do not fill the disk (a release is ~47 MiB unpacked).
 * Returns what was removed.
 */
export function pruneReleases(installDir: string): string[] {
  const keep = new Set<string>()
  for (const link of ['current', 'previous']) {
    try {
      keep.add(readlinkSync(join(installDir, link)).replace(/^releases\//, ''))
    } catch {
      // No such link (a first upgrade has no `previous` yet before the swap).
    }
  }
  const removed: string[] = []
  for (const name of readdirSync(join(installDir, 'releases'))) {
    if (keep.has(name)) continue
    rmSync(join(installDir, 'releases', name), { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}
