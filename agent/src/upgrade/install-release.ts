import { createHash, type KeyObject } from 'node:crypto'
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { AgentReleaseRef } from '@smartcloudops/shared'
import { ReleaseError, readRelease } from '@smartcloudops/shared/release/read-release'
import { verifyReleaseSignature } from '@smartcloudops/shared/release/signature'
import { UpgradeError } from './upgrade-error'

/**
 * Checks downloaded release bytes against the desired state's reference (size, sha256, signature
 * when a key is configured) and unpacks them beside the running version, as install.sh lays a
 * release out: `<releasesDir>/<version>/`. Unpacked into a staging directory first and renamed
 * only when every file matched the manifest, so a refused release is never half-installed.
 * Returns the directory, relative to the install dir (`releases/<version>`).
 */
export async function installRelease(ref: AgentReleaseRef, bytes: Uint8Array, o: { installDir: string; publicKey: KeyObject | null; arch?: string }): Promise<string> {
  if (bytes.byteLength !== ref.size) throw new UpgradeError('checksum_mismatch', `release ${ref.version}: downloaded ${bytes.byteLength} bytes, the desired state says ${ref.size}`)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  if (sha256 !== ref.sha256) throw new UpgradeError('checksum_mismatch', `release ${ref.version}: sha256 ${sha256} is not the desired state's ${ref.sha256}`)
  const releases = join(o.installDir, 'releases')
  const staging = join(releases, `.staging-${ref.version}-${process.pid}`)
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true, mode: 0o755 })
  try {
    if (o.publicKey) verifyReleaseSignature(bytes, ref.signature, o.publicKey)
    const { manifest } = await readRelease(bytes, {
      maxUnpackedBytes: 1024 * 1024 * 1024,
      // Paths were checked by readRelease (plain relative names, no `..`).
      onFile: async (rel, content) => {
        const path = join(staging, rel)
        mkdirSync(dirname(path), { recursive: true, mode: 0o755 })
        writeFileSync(path, content, { mode: 0o600 })
      },
    })
    if (manifest.version !== ref.version) throw new UpgradeError('bad_release', `the tarball assigned as ${ref.version} holds version ${manifest.version}`)
    const arch = o.arch ?? process.arch
    if (manifest.arch !== arch) throw new UpgradeError('bad_release', `release ${ref.version} is built for ${manifest.arch}; this host is ${arch}`)
    for (const f of manifest.files) chmodSync(join(staging, f.path), parseInt(f.mode, 8) & 0o755)
    for (const f of ['manifest.json', 'SHA256SUMS']) chmodSync(join(staging, f), 0o644)
    const dest = join(releases, ref.version)
    rmSync(dest, { recursive: true, force: true })
    renameSync(staging, dest)
    return `releases/${ref.version}`
  } catch (err) {
    rmSync(staging, { recursive: true, force: true })
    if (err instanceof ReleaseError) throw new UpgradeError(err.code === 'unsigned' || err.code === 'bad_signature' ? err.code : 'bad_release', `release ${ref.version} refused: ${err.message}`, { cause: err })
    throw err
  }
}
